package io.jblock.storage.ramfile;

import java.io.IOException;

/**
 * A failure reading, writing or checking a RAM snapshot file. The message always names the file
 * and, when the failure concerns a place in the file, the offset; {@link #file()} and
 * {@link #offset()} return them for callers that react programmatically.
 */
public class RamFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;

    /**
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

    /** The RAM file concerned. */
    public String file() {
        return file;
    }

    /** The offset in the file concerned, or -1. */
    public long offset() {
        return offset;
    }
}
