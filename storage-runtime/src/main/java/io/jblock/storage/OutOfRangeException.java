package io.jblock.storage;

/** Thrown when a request reached past the end of the node. */
public class OutOfRangeException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    public OutOfRangeException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }
}
