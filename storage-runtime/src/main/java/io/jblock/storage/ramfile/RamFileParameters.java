package io.jblock.storage.ramfile;

/**
 * How a RAM file is written or read, after QEMU's migration parameters.
 *
 * <ul>
 * <li>{@code directIo}: QEMU's {@code direct-io}. The channels that carry pages open the file
 *     with {@code O_DIRECT}, so the page cache is bypassed for the pages region; the headers and
 *     bitmaps (unaligned, small) always go through the main channel without {@code O_DIRECT}.
 *     QEMU only honours direct-io together with the {@code mapped-ram} and {@code multifd}
 *     capabilities; here the layout is always mapped-ram and pages always travel on at least one
 *     channel that is separate from the main one, so direct-io is in effect whenever it is on.
 * <li>{@code channels}: QEMU's {@code multifd-channels}: the number of threads, each with its
 *     own file descriptor, that write (or read) pages in parallel. 1 to
 *     {@value #MAX_CHANNELS}, as in QEMU.
 * <li>{@code pageSize}: the page size of the file: a power of two, at least 4096 (the smallest
 *     page and {@code O_DIRECT} alignment we support) and at most 1 GiB. A restore must use the
 *     page size the file was written with, as QEMU requires the target page size to match.
 * </ul>
 *
 * Values are checked when the record is built ({@link IllegalArgumentException}); whether the
 * file's filesystem supports {@code O_DIRECT} is checked when a writer or reader is opened with
 * these parameters ({@link DirectIoUnsupportedException}), before any data moves.
 *
 * @param directIo QEMU's {@code direct-io}
 * @param channels QEMU's {@code multifd-channels}
 * @param pageSize the file's page size
 */
public record RamFileParameters(boolean directIo, int channels, int pageSize) {

    /** QEMU's limit for multifd-channels. */
    public static final int MAX_CHANNELS = 255;
    public static final int MIN_PAGE_SIZE = 4096;
    public static final int MAX_PAGE_SIZE = 1 << 30;

    /** direct-io off, one channel, 4 KiB pages. */
    public static final RamFileParameters DEFAULTS = new RamFileParameters(false, 1, 4096);

    /** Checks the values. */
    public RamFileParameters {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be 1 to " + MAX_CHANNELS + ", is " + channels);
        }
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two from " + MIN_PAGE_SIZE
                    + " to " + MAX_PAGE_SIZE + ", is " + pageSize);
        }
    }

    /**
     * {@return these parameters with direct-io on or off}
     *
     * @param on direct-io
     */
    public RamFileParameters withDirectIo(boolean on) {
        return new RamFileParameters(on, channels, pageSize);
    }

    /**
     * {@return these parameters with {@code n} channels}
     *
     * @param n 1 to {@value #MAX_CHANNELS}
     */
    public RamFileParameters withChannels(int n) {
        return new RamFileParameters(directIo, n, pageSize);
    }

    /**
     * {@return these parameters with another page size}
     *
     * @param size a power of two, 4 KiB to 1 GiB
     */
    public RamFileParameters withPageSize(int size) {
        return new RamFileParameters(directIo, channels, size);
    }
}
