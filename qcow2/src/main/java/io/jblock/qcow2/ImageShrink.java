package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinking a qcow2 image (the shrink half of QEMU's qcow2_co_truncate): the clusters past the
 * new end are discarded completely (their L2 entries cleared, so a backing file would show
 * through again), the L1 entries past the new end are cleared and their L2 tables freed (the
 * L1 table keeps its size, as in QEMU), refcount blocks that count nothing any more are dropped
 * from the refcount table, and the file is cut after the last cluster still in use. The caller
 * then writes the new size into the header.
 *
 * <p>Crash safety: every L2 update is written and flushed before a refcount drops (a crash leaks
 * clusters, never frees one still referenced); the L1 entries are zeroed on disk and flushed
 * before their L2 tables are freed; the refcount table is rewritten (synced) before the blocks
 * it no longer names are released; the file is cut only past every cluster with a refcount.
 *
 * <p>Called under {@link Qcow2Image#metaLock}, with no guest request in flight.
 */
final class ImageShrink {
    private ImageShrink() {
    }

    static void shrink(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, long oldSize, long newSize)
            throws IOException {
        int cs = img.clusterSize();
        int bits = img.geometry.clusterBits();
        long[] l1 = l2.l1();
        discardFully(img, l2, refcounts, img.geometry.roundUp(newSize), img.geometry.roundUp(oldSize));
        int newL1 = (int) img.geometry.l1EntriesFor(newSize);
        if (newL1 < l1.length) {
            img.writeBytes(img.header.l1TableOffset + newL1 * 8L, new byte[(l1.length - newL1) * 8]);
            img.flushFiles();
            for (int i = l1.length - 1; i >= newL1; i--) {
                long table = l1[i] & L2Entry.OFFSET_MASK;
                if (table == 0) {
                    continue;
                }
                refcounts.update(table, cs, -1);
                if (refcounts.get(table >>> bits) == 0) {
                    for (long s = 0; s < cs; s += l2.cache().entrySize()) {
                        l2.cache().forget(table + s);
                    }
                }
                l1[i] = 0;
            }
        }
        shrinkRefcountTable(img, refcounts);
        refcounts.cache().writeBack();
        img.flushFiles();
        long fileSize = img.file.size();
        long last = -1;
        for (long c = (fileSize + cs - 1) / cs - 1; c >= 0; c--) {
            if (refcounts.get(c) > 0) {
                last = c;
                break;
            }
        }
        if (last >= 0 && (last + 1) * cs < fileSize) {
            img.file.truncate((last + 1) * cs, Preallocation.OFF);
            img.forgetFileSizes();
        }
    }

    /**
     * qcow2_cluster_discard with full_discard: every cluster of {@code [from, to)} (cluster
     * aligned) becomes unallocated, so a backing file shows through; the clusters lose their
     * references after the cleared entries are on disk. Like QEMU's, it takes every L2 table it
     * touches for its own (allocating an empty one, or copying a shared one) first.
     */
    static void discardFully(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, long from, long to)
            throws IOException {
        int cs = img.clusterSize();
        long end = Math.min(to, (long) l2.l1().length << img.geometry.l2CoverageBits());
        List<Long> released = new ArrayList<>();
        long coverage = 1L << img.geometry.l2CoverageBits();
        for (long c = from; c < end; c += cs) {
            if ((c & (coverage - 1)) == 0 || c == from) {
                L2Tables.Entry first = l2.get(c);
                l2.set(c, first.standard(), first.bitmap());
            }
            L2Tables.Entry e = l2.get(c);
            if (e.standard() == 0 && e.bitmap() == 0) {
                continue;
            }
            l2.set(c, 0, 0);
            released.add(e.standard());
        }
        // the cleared entries reach the disk before any refcount drops
        l2.cache().writeBack();
        img.flushFiles();
        // freed clusters are discarded as QEMU's discard queue does: touching ranges merged, each
        // merged range punched once afterwards (qcow2_process_discards), so the file's extents
        // end up as QEMU's (a cluster-by-cluster punch splits them, and file systems such as
        // ext4 keep the extent index block that the split needed: a different disk usage)
        java.util.TreeMap<Long, Long> holes = new java.util.TreeMap<>();
        for (long old : released) {
            release(img, refcounts, old, holes);
        }
        for (var h : holes.entrySet()) {
            img.file.discard(h.getKey(), h.getValue() - h.getKey());
        }
    }

    /** Adds {@code [start, end)} to the ranges to punch (start to end), merging touching ones. */
    private static void addHole(java.util.TreeMap<Long, Long> holes, long start, long end) {
        var before = holes.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            holes.remove(before.getKey());
        }
        var after = holes.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            holes.remove(after.getKey());
            after = holes.ceilingEntry(start);
        }
        holes.put(start, end);
    }

    /** qcow2_free_any_cluster: the clusters an L2 entry referenced lose that reference. */
    private static void release(Qcow2Image img, RefcountAllocator refcounts, long entry,
                                java.util.TreeMap<Long, Long> holes) throws IOException {
        int bits = img.geometry.clusterBits();
        if (L2Entry.isCompressed(entry)) {
            refcounts.update(L2Entry.compressedOffset(entry, bits), L2Entry.compressedLength(entry, bits), -1);
            return;
        }
        if (!img.hasHost(entry)) {
            return;
        }
        long host = L2Entry.hostOffset(entry);
        if (img.hasExternalDataFile()) {
            img.dataFile.discard(host, img.clusterSize());
            return;
        }
        refcounts.update(host, img.clusterSize(), -1);
        if (refcounts.get(host >>> bits) == 0) {
            addHole(holes, host, host + img.clusterSize()); // QEMU's QCOW2_DISCARD_ALWAYS
        }
    }

    /**
     * qcow2_shrink_reftable: refcount blocks that count nothing but (maybe) themselves are taken
     * out of the refcount table, which is rewritten and synced first; then each one loses its own
     * reference and leaves the cache unwritten.
     */
    private static void shrinkRefcountTable(Qcow2Image img, RefcountAllocator refcounts) throws IOException {
        long[] table = refcounts.table();
        long perBlock = refcounts.entriesPerBlock();
        int bits = img.geometry.clusterBits();
        MetadataCache blocks = refcounts.cache();
        long[] kept = table.clone();
        boolean changed = false;
        for (int i = 0; i < table.length; i++) {
            long off = table[i] & ~511L;
            if (off == 0) {
                continue;
            }
            long self = off >>> bits;
            boolean unused = true;
            for (long k = 0; k < perBlock; k++) {
                long c = (long) i * perBlock + k;
                if (c != self && refcounts.get(c) != 0) {
                    unused = false;
                    break;
                }
            }
            if (unused) {
                kept[i] = 0;
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        blocks.writeBack();
        img.writeTable(img.header.refcountTableOffset, kept, img.header.refcountTableClusters);
        img.flushFiles();
        for (int i = 0; i < table.length; i++) {
            long off = table[i] & ~511L;
            if (off == 0 || kept[i] != 0) {
                continue;
            }
            refcounts.set(off >>> bits, 0);
            blocks.writeBack();
            table[i] = 0;
            blocks.forget(off);
        }
    }
}
