package io.jblock.storage.file;

import io.jblock.ffm.uring.IoUring;
import io.jblock.storage.BlockNode;
import io.jblock.storage.node.DriverNode;

/** Test access to a file node's driver from other test packages. */
public final class FileDriverProbe {
    private FileDriverProbe() {
    }

    /** The ring of the file node {@code node} (a file node of a graph), or null. */
    public static IoUring ring(BlockNode node) {
        if (node instanceof DriverNode d && d.driver() instanceof FileDriver f) {
            return f.ring();
        }
        throw new IllegalArgumentException(node + " is not a file node");
    }
}
