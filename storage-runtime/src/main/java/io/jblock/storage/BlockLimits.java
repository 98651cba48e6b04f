package io.jblock.storage;

/**
 * The request limits of a block node, as QEMU's {@code BlockLimits}: the generic layer
 * ({@link BlockNode}) pads, splits and bounces requests so that a driver only ever sees
 * requests that satisfy its node's limits.
 *
 * @param requestAlignment offset and length alignment of every request a driver sees
 *                         (a power of two, at least 1; 512 or 4096 under O_DIRECT)
 * @param memoryAlignment  alignment of the buffer address of every request a driver sees
 *                         (a power of two, at least 1)
 * @param maxTransfer      largest request in bytes a driver sees, a multiple of
 *                         {@code requestAlignment}; {@code Long.MAX_VALUE} when unlimited
 * @param optimalTransfer  preferred request size in bytes (0 when unknown)
 * @param discardAlignment granularity of discard: the generic layer passes the aligned middle of a
 *                         discard in whole granules and the head and tail pieces separately
 *                         (0 when unknown)
 * @param maxDiscard       largest discard in bytes a driver sees ({@code Long.MAX_VALUE} when
 *                         unlimited); the generic layer uses it rounded down to the discard granule
 */
public record BlockLimits(int requestAlignment, int memoryAlignment, long maxTransfer,
                          long optimalTransfer, int discardAlignment, long maxDiscard) {

    /** Limits of a node that accepts any request: byte granularity, any memory. */
    public static final BlockLimits UNRESTRICTED = new BlockLimits(1, 1, Long.MAX_VALUE, 0, 0);

    /**
     * Limits without a discard size limit.
     *
     * @param requestAlignment offset and length alignment of every request a driver sees
     * @param memoryAlignment  alignment of the buffer address of every request a driver sees
     * @param maxTransfer      largest request in bytes a driver sees
     * @param optimalTransfer  preferred request size in bytes (0 when unknown)
     * @param discardAlignment granularity of discard (0 when unknown)
     */
    public BlockLimits(int requestAlignment, int memoryAlignment, long maxTransfer, long optimalTransfer,
                       int discardAlignment) {
        this(requestAlignment, memoryAlignment, maxTransfer, optimalTransfer, discardAlignment, Long.MAX_VALUE);
    }

    /** Checks the limits. */
    public BlockLimits {
        if (requestAlignment < 1 || Integer.bitCount(requestAlignment) != 1) {
            throw new IllegalArgumentException("requestAlignment must be a power of two: " + requestAlignment);
        }
        if (memoryAlignment < 1 || Integer.bitCount(memoryAlignment) != 1) {
            throw new IllegalArgumentException("memoryAlignment must be a power of two: " + memoryAlignment);
        }
        if (maxTransfer < requestAlignment || (maxTransfer != Long.MAX_VALUE && maxTransfer % requestAlignment != 0)) {
            throw new IllegalArgumentException("maxTransfer " + maxTransfer
                    + " must be a multiple of requestAlignment " + requestAlignment);
        }
        if (maxDiscard < 1) {
            throw new IllegalArgumentException("maxDiscard must be positive: " + maxDiscard);
        }
    }

    /**
     * {@return these limits with a different request alignment}
     *
     * @param alignment a power of two
     */
    public BlockLimits withRequestAlignment(int alignment) {
        long max = maxTransfer == Long.MAX_VALUE ? maxTransfer : Math.max(alignment, maxTransfer / alignment * alignment);
        return new BlockLimits(alignment, memoryAlignment, max, optimalTransfer, discardAlignment, maxDiscard);
    }
}
