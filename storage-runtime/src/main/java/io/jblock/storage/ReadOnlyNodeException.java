package io.jblock.storage;

/** Thrown when a write or other modification reached a read-only node. */
public class ReadOnlyNodeException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyNodeException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }
}
