package io.jblock.storage;

import java.io.IOException;

/**
 * An I/O failure of a block node. The message names the node, its file and the offset (when the
 * failure concerns one); when the cause is a failed system call, {@link #errno()} returns its
 * errno (else 0) and the cause is the {@code io.jblock.ffm.NativeIOException}.
 */
public class BlockIOException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, without node, file or offset. */
    private final String what;
    /** The node that failed. */
    private final String nodeName;
    /** The node's file, or null. */
    private final String filename;
    /** The offset concerned, or -1. */
    private final long offset;
    /** errno of the failed system call, or 0. */
    private final int errno;

    /**
     * A failure with every detail.
     *
     * @param what     what went wrong, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset   the offset concerned, or -1
     * @param errno    errno of the failed system call, or 0
     * @param cause    the underlying exception, or null
     */
    public BlockIOException(String what, String nodeName, String filename, long offset, int errno, Throwable cause) {
        super(format(what, nodeName, filename, offset), cause);
        this.what = what;
        this.nodeName = nodeName;
        this.filename = filename;
        this.offset = offset;
        this.errno = errno;
    }

    /**
     * A failure no system call reported (errno 0, no cause).
     *
     * @param what what went wrong, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset the offset concerned, or -1
     */
    public BlockIOException(String what, String nodeName, String filename, long offset) {
        this(what, nodeName, filename, offset, 0, null);
    }

    private static String format(String what, String nodeName, String filename, long offset) {
        StringBuilder sb = new StringBuilder();
        sb.append("node '").append(nodeName).append('\'');
        if (filename != null && !filename.isEmpty()) {
            sb.append(" (file ").append(filename).append(')');
        }
        if (offset >= 0) {
            sb.append(" at offset ").append(offset);
        }
        return sb.append(": ").append(what).toString();
    }

    /**
     * {@return what went wrong, without node, file or offset (the {@code what} the exception was made with)}
     */
    public String reason() {
        return what;
    }

    /** {@return the node that failed} */
    public String nodeName() {
        return nodeName;
    }

    /** {@return the node's file, or null} */
    public String filename() {
        return filename;
    }

    /** {@return the offset concerned, or -1} */
    public long offset() {
        return offset;
    }

    /**
     * errno of the failed system call, or 0.
     *
     * @return errno of the failed system call, or 0
     */
    public int errno() {
        return errno;
    }
}
