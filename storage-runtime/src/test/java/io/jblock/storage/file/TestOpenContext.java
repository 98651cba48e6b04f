package io.jblock.storage.file;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;

/** An OpenContext for a protocol node: no children. */
record TestOpenContext(String nodeName, NodeOptions options, CacheSettings cacheSettings, boolean readOnly,
                       boolean inactive, boolean noShare) implements OpenContext {

    /** A context sharing with other users of the image ({@code noShare} false). */
    TestOpenContext(String nodeName, NodeOptions options, CacheSettings cacheSettings, boolean readOnly,
                    boolean inactive) {
        this(nodeName, options, cacheSettings, readOnly, inactive, false);
    }

    @Override
    public BlockNode openChild(String role, boolean required) {
        throw new UnsupportedOperationException("a protocol node has no children");
    }

    @Override
    public BlockNode openChild(String role, String optionString, boolean readOnly) {
        throw new UnsupportedOperationException("a protocol node has no children");
    }
}
