package io.jblock.storage.ramfile;

import java.io.IOException;

/**
 * A failure reading, writing or checking a RAM snapshot file. The message always names the file
 * and, when the failure concerns a place in the file, the offset; {@link #file()} and
 * {@link #offset()} return them for callers that react programmatically.
 */
public class RamFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The RAM file. */
    private final String file;
    /** The file offset concerned, or -1. */
    private final long offset;

    /**
     * A failure with its cause.
     *
     * @param what   what went wrong, without file or offset
     * @param file   the RAM file
     * @param offset the offset in the file concerned, or -1
     * @param cause  the underlying exception, or null
     */
    public RamFileException(String what, String file, long offset, Throwable cause) {
        super(format(what, file, offset), cause);
        this.file = file;
        this.offset = offset;
    }

    /**
     * A failure no other exception caused.
     *
     * @param what what went wrong, without file or offset
     * @param file the RAM file
     * @param offset the file offset concerned, or -1
     */
    public RamFileException(String what, String file, long offset) {
        this(what, file, offset, null);
    }

    private static String format(String what, String file, long offset) {
        StringBuilder sb = new StringBuilder("RAM file ").append(file);
        if (offset >= 0) {
            sb.append(" at offset ").append(offset);
        }
        return sb.append(": ").append(what).toString();
    }

    /** {@return the RAM file concerned} */
    public String file() {
        return file;
    }

    /** {@return the offset in the file concerned, or -1} */
    public long offset() {
        return offset;
    }
}
