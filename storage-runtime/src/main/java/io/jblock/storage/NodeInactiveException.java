package io.jblock.storage;

/** Thrown when a write or other modification reached a node that is inactive (migration handoff). */
public class NodeInactiveException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for {@code nodeName}; see {@link BlockIOException#BlockIOException(String, String, String, long)}.
     *
     * @param what what went wrong, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset the offset concerned, or -1
     */
    public NodeInactiveException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }
}
