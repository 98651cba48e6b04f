package io.jblock.qcow2;

import io.jblock.qcow2.types.ClusterGeometry;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;

/**
 * Translates guest offsets to {@link ClusterMapping}s from L2 entries, standard or extended,
 * checking every host offset before it is used. Contiguous runs of the same kind (and, for data,
 * contiguous host offsets) are merged up to the end of the request or an L2 slice that is not cached.
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
     * The mapping of a run as {@link #map(long, long, Run)} fills it in: a mutable carrier, so
     * that the read path builds no object per request. One per thread, reused; callers copy the
     * fields out before they read (a read of a backing node maps with the same carrier).
     */
    static final class Run {
        ClusterMapping.Kind kind;
        long length;
        /** As {@link ClusterMapping#host()}. */
        long host;
    }

    /** Mapping of the run starting at {@code guestOffset}, at most {@code maxLength} long. */
    ClusterMapping map(long guestOffset, long maxLength) throws IOException {
        Run r = new Run();
        map(guestOffset, maxLength, r);
        return new ClusterMapping(r.kind, guestOffset, r.length, r.host);
    }

    /** {@link #map(long, long)} into {@code out}; allocates nothing. */
    void map(long guestOffset, long maxLength, Run out) throws IOException {
        // never past the part of the disk one L2 table maps (as QEMU's qcow2_get_host_offset stops
        // at its L2 slice), so one call costs at most one table's entries however large the disk is
        long tableEnd = (guestOffset | ((1L << img.geometry.l2CoverageBits()) - 1)) + 1;
        maxLength = Math.min(maxLength, tableEnd - guestOffset);
        mapOne(guestOffset, maxLength, out);
        ClusterMapping.Kind kind = out.kind;
        if (kind == ClusterMapping.Kind.COMPRESSED) {
            return;
        }
        long host = out.host;
        long len = out.length;
        // Merge following pieces while they continue the run (bounded by the request), but do not
        // read an L2 slice for it: the caller maps the rest of a long request again, and that
        // lookup reads the slice with the metadata lock released (L2Tables.prefetch)
        while (len < maxLength && l2.uncachedSlice(guestOffset + len) < 0) {
            mapOne(guestOffset + len, maxLength - len, out);
            if (out.kind != kind || ((kind == ClusterMapping.Kind.DATA || kind == ClusterMapping.Kind.ZERO)
                    && out.host != (host < 0 ? -1 : host + len))) {
                break;
            }
            len += out.length;
        }
        out.kind = kind;
        out.length = len;
        out.host = host;
    }

    /** Mapping of the piece (cluster or subcluster) containing {@code guestOffset}, into {@code out}. */
    private void mapOne(long guestOffset, long maxLength, Run out) throws IOException {
        ClusterGeometry g = img.geometry;
        long[] l1 = l2.l1();
        long l1Index = guestOffset >>> g.l2CoverageBits();
        if (l1Index >= l1.length || (l1[(int) l1Index] & L2Entry.OFFSET_MASK) == 0) {
            // no L2 table: the whole range it would map is unallocated, in one piece
            long tableEnd = (guestOffset | ((1L << g.l2CoverageBits()) - 1)) + 1;
            set(out, ClusterMapping.Kind.UNALLOCATED, Math.min(maxLength, tableEnd - guestOffset), 0);
            return;
        }
        long std;
        long bitmap = 0;
        if (g.extendedL2()) {
            L2Tables.Entry e = l2.get(guestOffset); // one lookup for both halves of the entry
            std = e.standard();
            bitmap = e.bitmap();
        } else {
            std = l2.standard(guestOffset);
        }
        long inCluster = guestOffset & g.clusterOffsetMask();
        if (L2Entry.isCompressed(std)) {
            if (img.hasExternalDataFile()) {
                throw img.corrupt("compressed cluster in an image with an external data file", -1);
            }
            set(out, ClusterMapping.Kind.COMPRESSED, Math.min(maxLength, g.clusterSize() - inCluster), std);
            return;
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
                set(out, ClusterMapping.Kind.ZERO, len, img.hasHost(std) ? host + inCluster : -1);
            } else if (!img.hasHost(std)) {
                set(out, ClusterMapping.Kind.UNALLOCATED, len, 0);
            } else {
                set(out, ClusterMapping.Kind.DATA, len, host + inCluster);
            }
            return;
        }
        int sc = (int) (inCluster / g.subclusterSize());
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
            set(out, ClusterMapping.Kind.DATA, len, host + inCluster);
            return;
        }
        if (zero) {
            set(out, ClusterMapping.Kind.ZERO, len, img.hasHost(std) ? host + inCluster : -1);
            return;
        }
        set(out, ClusterMapping.Kind.UNALLOCATED, len, 0);
    }

    private static void set(Run out, ClusterMapping.Kind kind, long length, long host) {
        out.kind = kind;
        out.length = length;
        out.host = host;
    }
}
