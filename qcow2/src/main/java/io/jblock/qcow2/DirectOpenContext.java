package io.jblock.qcow2;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;

/**
 * Opens the qcow2 engine directly on a given file node, without the generic layer: no options,
 * no backing file, the data file if given. Used by create (on the new image) and by
 * {@link Qcow2Maintenance}.
 */
record DirectOpenContext(String nodeName, BlockNode file, BlockNode dataFile, boolean readOnly) implements OpenContext {
    @Override
    public NodeOptions options() {
        return new NoOptions();
    }

    @Override
    public CacheSettings cacheSettings() {
        return new CacheSettings(true, false, false);
    }

    @Override
    public boolean inactive() {
        return false;
    }

    /** Metadata only: create and maintenance never read or write guest data (an encrypted image needs no key). */
    @Override
    public boolean noIo() {
        return true;
    }

    @Override
    public BlockNode openChild(String role, boolean required) {
        return switch (role) {
            case "file" -> file;
            case "data-file" -> dataFile;
            default -> null;
        };
    }

    @Override
    public BlockNode openChild(String role, String optionString, boolean childReadOnly) throws IOException {
        if ("data-file".equals(role)) {
            if (dataFile == null) {
                throw new Qcow2UnsupportedException("the image has an external data file; pass its node",
                        nodeName, file.filename(), -1);
            }
            return dataFile;
        }
        return null; // backing files are not needed for metadata maintenance
    }
}
