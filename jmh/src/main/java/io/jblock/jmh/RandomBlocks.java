package io.jblock.jmh;

/**
 * A reproducible sequence of block-aligned offsets spread uniformly over a file (xorshift64),
 * so that every variant of a comparison can visit the same offsets. Not thread-safe: one per
 * thread.
 */
final class RandomBlocks {
    private final long blocks;
    private final int blockSize;
    private long seed;

    RandomBlocks(long fileSize, int blockSize, long seed) {
        this.blocks = fileSize / blockSize;
        this.blockSize = blockSize;
        this.seed = seed == 0 ? 0x2545F4914F6CDD1DL : seed;
    }

    long next() {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        return Long.remainderUnsigned(seed, blocks) * blockSize;
    }
}
