package io.jblock.qcow2;

/**
 * What a run of guest bytes maps to (imago's "mappings"): the run starts at {@code guestOffset},
 * is {@code length} bytes long and never crosses a cluster boundary of a compressed cluster.
 *
 * @param kind        how the run reads
 * @param guestOffset start of the run
 * @param length      bytes in the run
 * @param host        for {@link Kind#DATA}: offset of the run's first byte in the data file;
 *                    for {@link Kind#ZERO}: that offset when the cluster keeps its host
 *                    cluster, else -1; for {@link Kind#COMPRESSED}: the L2 descriptor; else 0
 */
record ClusterMapping(Kind kind, long guestOffset, long length, long host) {
    enum Kind {
        /** Not allocated here: the backing node decides, or zeroes without one. */
        UNALLOCATED,
        /** Reads as zeroes (zero flag or zero subcluster bit). */
        ZERO,
        /** Stored uncompressed at {@code host}. */
        DATA,
        /** A compressed cluster; {@code host} is its descriptor. */
        COMPRESSED
    }
}
