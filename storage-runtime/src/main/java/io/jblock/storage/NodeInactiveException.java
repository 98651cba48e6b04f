package io.jblock.storage;

/** Thrown when a write or other modification reached a node that is inactive (migration handoff). */
public class NodeInactiveException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    public NodeInactiveException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }
}
