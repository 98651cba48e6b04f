package io.jblock.qcow2;

import io.jblock.qcow2.types.ClusterGeometry;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;

/**
 * Translates guest offsets to {@link ClusterMapping}s from L2 entries, standard or extended,
 * checking every host offset before it is used. Contiguous runs of the same kind (and, for data,
 * contiguous host offsets) are merged up to the end of the request.
 *
 * <p>Not thread-safe: callers hold {@link Qcow2Image#metaLock}.
 */
final class ClusterMapper {
    private final Qcow2Image img;
    private final L2Tables l2;

    ClusterMapper(Qcow2Image img, L2Tables l2) {
        this.img = img;
        this.l2 = l2;
    }

    /**
     * Mapping of the run starting at {@code guestOffset}, at most {@code maxLength} long and never
     * past the part of the disk one L2 table maps (as QEMU's qcow2_get_host_offset stops at its L2
     * slice), so one call costs at most one table's entries however large the disk is.
     */
    ClusterMapping map(long guestOffset, long maxLength) throws IOException {
        long tableEnd = (guestOffset | ((1L << img.geometry.l2CoverageBits()) - 1)) + 1;
        maxLength = Math.min(maxLength, tableEnd - guestOffset);
        ClusterMapping first = mapOne(guestOffset, maxLength);
        if (first.kind() == ClusterMapping.Kind.COMPRESSED) {
            return first;
        }
        long len = first.length();
        // Merge following pieces while they continue the run (bounded by the request).
        while (len < maxLength) {
            ClusterMapping next = mapOne(guestOffset + len, maxLength - len);
            if (next.kind() != first.kind()
                    || ((first.kind() == ClusterMapping.Kind.DATA || first.kind() == ClusterMapping.Kind.ZERO)
                        && next.host() != (first.host() < 0 ? -1 : first.host() + len))) {
                break;
            }
            len += next.length();
        }
        return new ClusterMapping(first.kind(), guestOffset, len, first.host());
    }

    /** Mapping of the piece (cluster or subcluster) containing {@code guestOffset}. */
    ClusterMapping mapOne(long guestOffset, long maxLength) throws IOException {
        ClusterGeometry g = img.geometry;
        long[] l1 = l2.l1();
        long l1Index = guestOffset >>> g.l2CoverageBits();
        if (l1Index >= l1.length || (l1[(int) l1Index] & L2Entry.OFFSET_MASK) == 0) {
            // no L2 table: the whole range it would map is unallocated, in one piece
            long tableEnd = (guestOffset | ((1L << g.l2CoverageBits()) - 1)) + 1;
            return new ClusterMapping(ClusterMapping.Kind.UNALLOCATED, guestOffset,
                    Math.min(maxLength, tableEnd - guestOffset), 0);
        }
        L2Tables.Entry e = l2.get(guestOffset);
        long std = e.standard();
        long inCluster = guestOffset & g.clusterOffsetMask();
        if (L2Entry.isCompressed(std)) {
            if (img.hasExternalDataFile()) {
                throw img.corrupt("compressed cluster in an image with an external data file", -1);
            }
            long len = Math.min(maxLength, g.clusterSize() - inCluster);
            return new ClusterMapping(ClusterMapping.Kind.COMPRESSED, guestOffset, len, std);
        }
        long host = L2Entry.hostOffset(std);
        if (host != 0 && (host & g.clusterOffsetMask()) != 0) {
            throw img.corrupt("data cluster offset " + host + " for guest offset " + guestOffset
                    + " is not cluster aligned", -1);
        }
        if (!g.extendedL2()) {
            if ((std & L2Entry.L2_RESERVED) != 0) {
                throw img.corrupt("reserved bits set in L2 entry 0x" + Long.toHexString(std)
                        + " for guest offset " + guestOffset, -1);
            }
            long len = Math.min(maxLength, g.clusterSize() - inCluster);
            if ((std & L2Entry.ZERO) != 0) {
                // a zero cluster may keep its host cluster (QEMU's ZERO_ALLOC)
                return new ClusterMapping(ClusterMapping.Kind.ZERO, guestOffset, len,
                        img.hasHost(std) ? host + inCluster : -1);
            }
            if (!img.hasHost(std)) {
                return new ClusterMapping(ClusterMapping.Kind.UNALLOCATED, guestOffset, len, 0);
            }
            return new ClusterMapping(ClusterMapping.Kind.DATA, guestOffset, len, host + inCluster);
        }
        int sc = (int) (inCluster / g.subclusterSize());
        long bitmap = e.bitmap();
        boolean alloc = (bitmap & (1L << sc)) != 0;
        boolean zero = (bitmap & (1L << (32 + sc))) != 0;
        // the run of following subclusters in the same state, from this one entry: one lookup per
        // cluster, not per subcluster (a hostile disk of 64 GiB took 64 million lookups to map)
        int end = sc + 1;
        while (end < g.subclusters() && ((bitmap >>> end) & 1) == (alloc ? 1 : 0)
                && ((bitmap >>> (32 + end)) & 1) == (zero ? 1 : 0)) {
            end++;
        }
        long len = Math.min(maxLength, (long) end * g.subclusterSize() - inCluster);
        if (alloc && zero) {
            throw img.corrupt("subcluster " + sc + " of guest offset " + guestOffset
                    + " is both allocated and zero", -1);
        }
        if (alloc) {
            if (!img.hasHost(std)) {
                throw img.corrupt("allocated subcluster without a host cluster at guest offset " + guestOffset, -1);
            }
            return new ClusterMapping(ClusterMapping.Kind.DATA, guestOffset, len, host + inCluster);
        }
        if (zero) {
            return new ClusterMapping(ClusterMapping.Kind.ZERO, guestOffset, len,
                    img.hasHost(std) ? host + inCluster : -1);
        }
        return new ClusterMapping(ClusterMapping.Kind.UNALLOCATED, guestOffset, len, 0);
    }
}
