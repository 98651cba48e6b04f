package io.jblock.ffm;

import java.io.IOException;

/**
 * A system call failed. Carries everything needed to act on it: the syscall, errno with its
 * symbolic name and the C library's text, and, where they apply, the file (only for the message;
 * may be null), the offset and the length of the failed call (-1 when they do not apply).
 *
 * <p>Message format: {@code pwrite(/tmp/a.img, offset=4096, length=512) failed: EINVAL (Invalid argument)}.
 */
public final class NativeIOException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The C function that failed. */
    private final String syscall;
    /** The error number it reported. */
    private final int errno;
    /** The file it worked on, or null. */
    private final String path;
    /** File offset of the failed call, or -1. */
    private final long offset;
    /** Byte count of the failed call, or -1. */
    private final long length;

    /**
     * A failed call with its offset and length.
     *
     * @param syscall the C function that failed, e.g. {@code "pread"}
     * @param errno   the error number it reported
     * @param path    the file it worked on, for the message only; may be null
     * @param offset  file offset of the failed call, or -1
     * @param length  byte count of the failed call, or -1
     */
    public NativeIOException(String syscall, int errno, String path, long offset, long length) {
        super(format(syscall, errno, path, offset, length));
        this.syscall = syscall;
        this.errno = errno;
        this.path = path;
        this.offset = offset;
        this.length = length;
    }

    /**
     * A failure with no offset or length, e.g. of {@code open} or {@code fsync}.
     *
     * @param syscall the C function that failed, e.g. {@code "open"}
     * @param errno the error number it reported
     * @param path the file it worked on, for the message only; may be null
     */
    public NativeIOException(String syscall, int errno, String path) {
        this(syscall, errno, path, -1, -1);
    }

    private static String format(String syscall, int errno, String path, long offset, long length) {
        StringBuilder sb = new StringBuilder(96).append(syscall).append('(');
        String sep = "";
        if (path != null) {
            sb.append(path);
            sep = ", ";
        }
        if (offset >= 0) {
            sb.append(sep).append("offset=").append(offset);
            sep = ", ";
        }
        if (length >= 0) {
            sb.append(sep).append("length=").append(length);
        }
        return sb.append(") failed: ").append(Errno.name(errno))
                .append(" (").append(Errno.strerror(errno)).append(')').toString();
    }

    /** {@return the error number, e.g. 22} */
    public int errno() {
        return errno;
    }

    /** {@return the symbolic name of {@link #errno()}, e.g. {@code "EINVAL"}} */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** {@return the C library's description of {@link #errno()}, e.g. {@code "Invalid argument"}} */
    public String strerror() {
        return Errno.strerror(errno);
    }

    /** {@return the C function that failed, e.g. {@code "pwrite"}} */
    public String syscall() {
        return syscall;
    }

    /** {@return the file the call worked on, or null when unknown} */
    public String path() {
        return path;
    }

    /** {@return file offset of the failed call, or -1} */
    public long offset() {
        return offset;
    }

    /**
     * Byte count of the failed call, or -1.
     *
     * @return the byte count of the failed call, or -1
     */
    public long length() {
        return length;
    }
}
