package io.jblock.qcow2.types;

/**
 * Decoding of L1 and L2 table entries (docs/interop/qcow2.txt, "Cluster mapping").
 * Entries are plain {@code long}s as stored (big-endian on disk, decoded by the caller).
 */
public final class L2Entry {
    /** Bit 63: refcount is exactly one, the cluster may be written in place. */
    public static final long COPIED = 1L << 63;
    /** Bit 62 of an L2 entry: compressed cluster. */
    public static final long COMPRESSED = 1L << 62;
    /** Bit 0 of a standard L2 entry (v3): the cluster reads as zeroes. */
    public static final long ZERO = 1L;
    /** Bits 9..55: host offset of an L2 table or a standard data cluster. */
    public static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    /** Bits of an L1 entry that must be zero. */
    public static final long L1_RESERVED = 0x7f00_0000_0000_01ffL;
    /** Bits of a standard L2 entry that must be zero (bits 1..8 and 56..61). */
    public static final long L2_RESERVED = 0x3f00_0000_0000_01feL;

    /**
     * Host offset of a standard (not compressed) entry, 0 when none.
     *
     * @param entry an L2 entry as stored
     * @return the host offset of a standard (not compressed) entry, 0 when none
     */
    public static long hostOffset(long entry) {
        return entry & OFFSET_MASK;
    }

    /**
     * {@return whether the entry is a compressed cluster descriptor}
     *
     * @param entry an L2 entry as stored
     */
    public static boolean isCompressed(long entry) {
        return (entry & COMPRESSED) != 0;
    }

    /**
     * {@return whether the entry's cluster has refcount one (OFLAG_COPIED)}
     *
     * @param entry an L1 or L2 entry as stored
     */
    public static boolean isCopied(long entry) {
        return (entry & COPIED) != 0;
    }

    /**
     * Bit position where the sector count of a compressed descriptor starts: 62 - (cluster_bits - 8).
     *
     * @param clusterBits log2 of the cluster size
     * @return the bit where a compressed descriptor's sector count starts: 62 - (cluster_bits - 8)
     */
    public static int compressedSizeShift(int clusterBits) {
        return 62 - (clusterBits - 8);
    }

    /**
     * Host byte offset of a compressed cluster's data.
     *
     * @param entry an L2 entry as stored
     * @param clusterBits log2 of the cluster size
     * @return the host byte offset of a compressed cluster's data
     */
    public static long compressedOffset(long entry, int clusterBits) {
        return entry & ((1L << compressedSizeShift(clusterBits)) - 1);
    }

    /**
     * {@return bytes of compressed data that the descriptor covers (up to the end of its last sector)}
     *
     * @param entry a compressed descriptor
     * @param clusterBits log2 of the cluster size
     */
    public static long compressedLength(long entry, int clusterBits) {
        int shift = compressedSizeShift(clusterBits);
        long sectors = ((entry & ~COMPRESSED & ~COPIED) >>> shift) + 1;
        long off = compressedOffset(entry, clusterBits);
        return sectors * 512 - (off & 511);
    }

    /**
     * {@return a compressed descriptor for data at {@code hostOffset} of {@code length} bytes}
     *
     * @param hostOffset where the compressed data starts
     * @param length bytes of compressed data
     * @param clusterBits log2 of the cluster size
     */
    public static long compressedDescriptor(long hostOffset, long length, int clusterBits) {
        long lastSector = (hostOffset + length - 1) >>> 9;
        long sectorsAfterFirst = lastSector - (hostOffset >>> 9);
        return COMPRESSED | (sectorsAfterFirst << compressedSizeShift(clusterBits)) | hostOffset;
    }

    private L2Entry() {
    }
}
