package io.jblock.qcow2;

/**
 * How large qcow2 metadata grows (QEMU's qcow2_calc_prealloc_size and
 * qcow2_refcount_metadata_size), for {@code qemu-img measure}: the size of a fully allocated
 * image of a virtual size. Pure arithmetic; thread-safe.
 */
public final class Qcow2Measure {
    private Qcow2Measure() {
    }

    /**
     * Bytes of a fully allocated image: header, L2 and L1 tables, refcount table and blocks
     * (which count themselves), and the data, for {@code virtualSize} rounded up to clusters.
     *
     * @param virtualSize   the disk size in bytes
     * @param clusterSize   the cluster size in bytes
     * @param refcountOrder log2 of the refcount width in bits
     * @param extendedL2    whether L2 entries are 16 bytes (subclusters)
     * @return the bytes
     */
    public static long fullyAllocated(long virtualSize, long clusterSize, int refcountOrder, boolean extendedL2) {
        long aligned = roundUp(virtualSize, clusterSize);
        long l2EntrySize = extendedL2 ? 16 : 8;
        long meta = clusterSize;
        long l2Entries = roundUp(aligned / clusterSize, clusterSize / l2EntrySize);
        meta += l2Entries * l2EntrySize;
        long l1Entries = roundUp(l2Entries * l2EntrySize / clusterSize, clusterSize / 8);
        meta += l1Entries * 8;
        meta += refcountMetadataSize((meta + aligned) / clusterSize, clusterSize, refcountOrder);
        return meta + aligned;
    }

    /**
     * Bytes of refcount table and blocks that count {@code clusters} clusters and themselves: the
     * fixed point where no further block or table cluster is needed.
     *
     * @param clusters      clusters to count besides the refcount metadata
     * @param clusterSize   the cluster size in bytes
     * @param refcountOrder log2 of the refcount width in bits
     * @return the bytes of refcount table and blocks
     */
    public static long refcountMetadataSize(long clusters, long clusterSize, int refcountOrder) {
        long blocksPerTableCluster = clusterSize / 8;
        long refcountsPerBlock = clusterSize * 8 / (1L << refcountOrder);
        long table = 0;
        long blocks = 0;
        long last;
        long n = 0;
        do {
            last = n;
            blocks = ceilDiv(clusters + table + blocks, refcountsPerBlock);
            table = ceilDiv(blocks, blocksPerTableCluster);
            n = clusters + blocks + table;
        } while (n != last);
        return (blocks + table) * clusterSize;
    }

    /**
     * {@return whether an image of this size needs an L1 table above QEMU's 32 MiB limit}
     *
     * @param virtualSize the disk size in bytes
     * @param clusterSize the cluster size in bytes
     * @param extendedL2  whether L2 entries are 16 bytes (subclusters)
     */
    public static boolean tooLarge(long virtualSize, long clusterSize, boolean extendedL2) {
        long l2EntrySize = extendedL2 ? 16 : 8;
        long l2Tables = ceilDiv(roundUp(virtualSize, clusterSize) / clusterSize, clusterSize / l2EntrySize);
        return l2Tables * 8 > io.jblock.qcow2.metadata.Qcow2Header.MAX_L1_BYTES;
    }

    private static long roundUp(long v, long unit) {
        return ceilDiv(v, unit) * unit;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
