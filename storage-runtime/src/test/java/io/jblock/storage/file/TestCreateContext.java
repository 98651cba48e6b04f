package io.jblock.storage.file;

import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;

/** A CreateContext for the protocol driver itself (it creates the file directly). */
record TestCreateContext(String filename, long size, NodeOptions options) implements CreateContext {

    @Override
    public void createFile(String filename, long size, Preallocation prealloc) {
        throw new UnsupportedOperationException("only format drivers create through the context");
    }

    @Override
    public BlockNode openFile(String filename) {
        throw new UnsupportedOperationException("only format drivers open through the context");
    }

    @Override
    public BlockNode openImage(String optionString) {
        throw new UnsupportedOperationException("only format drivers open through the context");
    }
}
