package io.jblock.storage;

/** Thrown when a request reached a closed node. */
public class NodeClosedException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    public NodeClosedException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }
}
