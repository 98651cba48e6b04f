package io.jblock.storage;

/**
 * The allocation state of the range {@code [offset, offset + length)} of a node, as QEMU's
 * {@code bdrv_block_status}: one answer covers a run of bytes that share the same state.
 *
 * @param offset     start of the run (the queried offset)
 * @param length     length of the run, at least 1 and at most the queried length
 * @param data       the run reads as data stored in this node or below it
 * @param zero       the run reads as zeroes
 * @param allocated  the run is allocated in this node (not inherited from a backing node)
 * @param hostOffset offset of the run in {@code hostFile} when known, else -1
 * @param hostFile   the protocol node holding the data when known, else {@code null}
 */
public record BlockStatus(long offset, long length, boolean data, boolean zero, boolean allocated,
                          long hostOffset, BlockNode hostFile) {
    /** Checks that the run has at least one byte. */
    public BlockStatus {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
    }

    /**
     * {@return a run of data allocated in this node}
     *
     * @param offset start of the run
     * @param length bytes in the run, at least 1
     * @param hostOffset where the run is in {@code hostFile}, or -1
     * @param hostFile the protocol node holding the data, or null
     */
    public static BlockStatus data(long offset, long length, long hostOffset, BlockNode hostFile) {
        return new BlockStatus(offset, length, true, false, true, hostOffset, hostFile);
    }

    /**
     * {@return a run that reads as zeroes; {@code allocated} says whether this node decided it}
     *
     * @param offset start of the run
     * @param length bytes in the run, at least 1
     * @param allocated whether this node (not a backing node) decided that the run reads as zeroes
     */
    public static BlockStatus zero(long offset, long length, boolean allocated) {
        return new BlockStatus(offset, length, false, true, allocated, -1, null);
    }

    /**
     * {@return a run not allocated in this node: it reads from the backing node, or as zeroes without one}
     *
     * @param offset start of the run
     * @param length bytes in the run, at least 1
     */
    public static BlockStatus unallocated(long offset, long length) {
        return new BlockStatus(offset, length, false, false, false, -1, null);
    }
}
