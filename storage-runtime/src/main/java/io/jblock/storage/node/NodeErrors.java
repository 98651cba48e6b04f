package io.jblock.storage.node;

import io.jblock.ffm.NativeIOException;
import io.jblock.storage.BlockIOException;
import java.io.IOException;

/**
 * Builds the exceptions of one node so that each names the node, its file and the offset.
 * A driver's {@link BlockIOException} passes unchanged; any other IOException (a
 * {@link NativeIOException} from a system call, say) is wrapped, keeping its errno.
 */
final class NodeErrors {

    private final String nodeName;
    private final String filename;

    NodeErrors(String nodeName, String filename) {
        this.nodeName = nodeName;
        this.filename = filename;
    }

    String nodeName() {
        return nodeName;
    }

    String filename() {
        return filename;
    }

    /** {@code e} as a BlockIOException about {@code op} at {@code offset} (-1: none). */
    BlockIOException wrap(String op, long offset, IOException e) {
        if (e instanceof BlockIOException b) {
            return b;
        }
        int errno = e instanceof NativeIOException n ? n.errno() : 0;
        return new BlockIOException(op + " failed: " + e.getMessage(), nodeName, filename, offset, errno, e);
    }

    /** A failure the generic layer itself detected. */
    BlockIOException failure(String what, long offset, int errno) {
        return new BlockIOException(what, nodeName, filename, offset, errno, null);
    }
}
