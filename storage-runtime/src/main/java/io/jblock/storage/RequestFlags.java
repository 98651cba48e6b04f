package io.jblock.storage;

/** Flags of a single request, as QEMU's {@code BdrvRequestFlags}; combine with {@code |}. */
public final class RequestFlags {
    /** No flag. */
    public static final int NONE = 0;
    /** Forced unit access: the write is stable when it completes (RWF_DSYNC or a flush after it). */
    public static final int FUA = 1;
    /** write-zeroes may deallocate the range (punch a hole) if it then still reads as zeroes. */
    public static final int MAY_UNMAP = 1 << 1;
    /** write-zeroes must not fall back to writing a buffer of zeroes; fail with ENOTSUP instead. */
    public static final int NO_FALLBACK = 1 << 2;

    private RequestFlags() {
    }
}
