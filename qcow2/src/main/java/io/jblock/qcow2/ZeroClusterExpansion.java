package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.metadata.Snapshot;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.feature.ImageAmender;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * QEMU's qcow2_expand_zero_clusters, for a downgrade to compat=0.10 (which has no zero flag):
 * in the active L2 tables and every snapshot's, a zero cluster without a host cluster becomes
 * unallocated when there is no backing file, else gets a new cluster written with zeroes; one
 * with a host cluster has that cluster zeroed and becomes a plain data cluster.
 *
 * <p>Ordering: the zeroes are written (and, for the active tables, flushed by the L2 cache's
 * write-back rule) before the entry that points at them; snapshot tables, which the cache does
 * not hold, are written directly after the active ones were written back. Progress is one unit
 * per L1 entry visited, as QEMU reports it.
 *
 * <p>Called under {@link Qcow2Image#metaLock}, no guest request in flight.
 */
final class ZeroClusterExpansion {
    private final Qcow2Image img;
    private final L2Tables l2;
    private final RefcountAllocator refcounts;
    private final boolean backed;
    private final ImageAmender.Progress progress;
    private long visited;
    private long total;

    private ZeroClusterExpansion(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, boolean backed,
                                 ImageAmender.Progress progress) {
        this.img = img;
        this.l2 = l2;
        this.refcounts = refcounts;
        this.backed = backed;
        this.progress = progress;
    }

    static void run(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, boolean backed,
                    List<Snapshot> snapshots, SnapshotOperations ops, ImageAmender.Progress progress)
            throws IOException {
        ZeroClusterExpansion z = new ZeroClusterExpansion(img, l2, refcounts, backed, progress);
        z.total = l2.l1().length;
        for (Snapshot s : snapshots) {
            z.total += s.l1Size();
        }
        z.expand(l2.l1(), true);
        // snapshot tables are read from disk: write the active ones back and forget them first
        l2.cache().writeBack();
        img.flushFiles();
        l2.cache().drop();
        for (Snapshot s : snapshots) {
            ops.validateL1(s);
            z.expand(img.readTable(s.l1TableOffset(), s.l1Size()), false);
        }
    }

    private void expand(long[] l1, boolean active) throws IOException {
        int cs = img.clusterSize();
        int sliceSize = l2.cache().entrySize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment own = active ? null : arena.allocate(sliceSize, 4096);
            for (int i = 0; i < l1.length; i++) {
                long l2Offset = l1[i] & L2Entry.OFFSET_MASK;
                if (l2Offset != 0) {
                    if ((l2Offset & (cs - 1)) != 0) {
                        throw img.corrupt("L2 table offset 0x" + Long.toHexString(l2Offset) + " unaligned (L1 index: 0x"
                                + Integer.toHexString(i) + ")", -1);
                    }
                    long l2Refcount = refcounts.get(l2Offset / cs);
                    for (long s = 0; s < cs; s += sliceSize) {
                        MemorySegment slice;
                        if (active) {
                            slice = l2.cache().get(l2Offset + s);
                        } else {
                            slice = own;
                            img.file.read(l2Offset + s, slice);
                        }
                        boolean dirty = false;
                        for (long p = 0; p < sliceSize; p += 8) {
                            long e = slice.get(MetadataCache.BE_LONG, p);
                            if (L2Entry.isCompressed(e) || (e & L2Entry.ZERO) == 0) {
                                continue;
                            }
                            long host = L2Entry.hostOffset(e);
                            if (host == 0) {
                                if (!backed) {
                                    slice.set(MetadataCache.BE_LONG, p, 0L);
                                    dirty = true;
                                    continue;
                                }
                                host = refcounts.allocate(1);
                                if (l2Refcount > 1) {
                                    refcounts.update(host, cs, l2Refcount - 1);
                                }
                            }
                            if ((host & (cs - 1)) != 0) {
                                throw img.corrupt("Cluster allocation offset 0x" + Long.toHexString(host)
                                        + " unaligned (L2 offset: 0x" + Long.toHexString(l2Offset) + ", L2 index: 0x"
                                        + Long.toHexString((s + p) / 8) + ")", -1);
                            }
                            img.ensureDataSize(host + cs);
                            img.dataFile.writeZeroes(host, cs, 0);
                            if (active) {
                                l2.cache().dependOnFlush(); // the zeroes stable before the entry that shows them
                            }
                            slice.set(MetadataCache.BE_LONG, p, l2Refcount == 1 ? host | L2Entry.COPIED : host);
                            dirty = true;
                        }
                        if (dirty) {
                            if (active) {
                                l2.cache().markDirty(l2Offset + s);
                            } else {
                                refcounts.cache().writeBack();
                                img.flushFiles();
                                img.overlap.beforeWrite(MetadataOverlap.ACTIVE_L2 | MetadataOverlap.INACTIVE_L2,
                                        l2Offset + s, slice.byteSize());
                                img.file.write(l2Offset + s, slice);
                            }
                        }
                    }
                }
                visited++;
                progress.report(visited, total);
            }
        }
    }
}
