package io.jblock.storage;

/**
 * The image, or the request, needs something the driver does not implement: an unknown
 * incompatible feature bit, encryption, a header version it does not read, or an operation it
 * offers only in part (shrinking a qcow2 image, resizing one with internal snapshots). The
 * message says which; nothing was changed.
 */
public class UnsupportedImageException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception about what {@code nodeName}'s driver does not implement.
     *
     * @param what     what is not supported, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset   the offset concerned, or -1
     */
    public UnsupportedImageException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }

    /**
     * An exception about what {@code nodeName}'s driver does not implement, with the errno QEMU
     * returns for the same refusal.
     *
     * @param what     what is not supported, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset   the offset concerned, or -1
     * @param errno    QEMU's errno for it (for example EINVAL for a refcount overflow)
     */
    public UnsupportedImageException(String what, String nodeName, String filename, long offset, int errno) {
        super(what, nodeName, filename, offset, errno, null);
    }
}
