package io.jblock.qcow2.types;

/**
 * The sizes derived from cluster_bits and the L2 entry width. Immutable; valid cluster_bits
 * (9..21) are checked by the header parser before one is built.
 *
 * @param clusterBits   log2 of the cluster size
 * @param extendedL2    whether L2 entries are 128 bits with 32 subclusters
 */
public record ClusterGeometry(int clusterBits, boolean extendedL2) {

    /** {@return the cluster size in bytes} */
    public int clusterSize() {
        return 1 << clusterBits;
    }

    /** {@return bytes of one L2 entry: 8, or 16 with extended L2} */
    public int l2EntrySize() {
        return extendedL2 ? 16 : 8;
    }

    /** {@return entries of one L2 table (one cluster)} */
    public int l2Entries() {
        return clusterSize() / l2EntrySize();
    }

    /**
     * log2 of the guest bytes one L2 table maps.
     *
     * @return log2 of the guest bytes one L2 table maps
     */
    public int l2CoverageBits() {
        return clusterBits + Integer.numberOfTrailingZeros(l2Entries());
    }

    /**
     * Subclusters per cluster: 32 with extended L2, else 1.
     *
     * @return subclusters per cluster: 32 with extended L2, else 1
     */
    public int subclusters() {
        return extendedL2 ? 32 : 1;
    }

    /** {@return bytes of one subcluster} */
    public int subclusterSize() {
        return clusterSize() / subclusters();
    }

    /** {@return the mask of an offset's position inside its cluster} */
    public long clusterOffsetMask() {
        return clusterSize() - 1L;
    }

    /**
     * Start of the cluster containing {@code offset}.
     *
     * @param offset any byte offset
     * @return the start of the cluster containing it
     */
    public long clusterStart(long offset) {
        return offset & ~clusterOffsetMask();
    }

    /**
     * {@return bytes needed to round {@code n} up to whole clusters; {@code n} is at most {@code
     * Long.MAX_VALUE - clusterSize()} (guest and host offsets are far below)}
     *
     * @param n a byte count
     */
    public long roundUp(long n) {
        return (n + clusterOffsetMask()) & ~clusterOffsetMask();
    }

    /**
     * L1 entries needed for a virtual size (QEMU's size_to_l1), without overflow for any size.
     *
     * @param virtualSize a disk size in bytes
     * @return L1 entries needed to map it
     */
    public long l1EntriesFor(long virtualSize) {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("negative virtual size " + virtualSize);
        }
        int bits = l2CoverageBits();
        return (virtualSize >>> bits) + ((virtualSize & ((1L << bits) - 1)) != 0 ? 1 : 0);
    }
}
