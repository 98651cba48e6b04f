package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * QEMU's qcow2_update_snapshot_refcount: walks one L1 table (the active one, or a snapshot's)
 * and adds {@code addend} (+1, -1 or 0) to the refcount of every cluster it references (its L2
 * tables, their data and compressed clusters), then sets OFLAG_COPIED on exactly the L1 and L2
 * entries whose cluster is left with refcount 1. With addend 0 it only repairs OFLAG_COPIED.
 *
 * <p>Changed L2 entries go through the L2 cache, so they are written after the refcount blocks
 * they depend on (the cache's write-back order); the walk ends with a write-back and flush. An
 * L2 table whose refcount drops to 0 is dropped from the cache unwritten. The L1 table is
 * rewritten at its place afterwards when an entry changed, unless the walk freed it
 * ({@code addend < 0}).
 *
 * <p>Called under {@link Qcow2Image#metaLock}, with no guest request in flight.
 */
final class SnapshotRefcountWalk {
    private SnapshotRefcountWalk() {
    }

    /**
     * @param l1       the table's entries (the active table's array itself, or a snapshot's copy);
     *                 OFLAG_COPIED is updated in it
     * @param l1Offset where the table lives in the image file
     * @return whether an L1 entry changed
     */
    static boolean run(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, long[] l1, long l1Offset, int addend)
            throws IOException {
        MetadataCache cache = l2.cache();
        int cs = img.clusterSize();
        int bits = img.geometry.clusterBits();
        int entrySize = img.geometry.l2EntrySize();
        int sliceSize = cache.entrySize();
        boolean l1Modified = false;
        for (int i = 0; i < l1.length; i++) {
            long old = l1[i];
            long l2Offset = old & L2Entry.OFFSET_MASK;
            if (l2Offset == 0) {
                continue;
            }
            if ((l2Offset & (cs - 1)) != 0) {
                throw img.corrupt("L2 table offset 0x" + Long.toHexString(l2Offset) + " unaligned (L1 index: 0x"
                        + Integer.toHexString(i) + ")", l1Offset + i * 8L);
            }
            img.requireInsideFile(l2Offset, cs, "L2 table of L1 entry " + i, l1Offset + i * 8L);
            for (long s = 0; s < cs; s += sliceSize) {
                long sliceOff = l2Offset + s;
                MemorySegment slice = cache.get(sliceOff);
                boolean dirty = false;
                for (long p = 0; p < sliceSize; p += entrySize) {
                    long entry = slice.get(MetadataCache.BE_LONG, p);
                    long updated = entry & ~L2Entry.COPIED;
                    long refcount;
                    if (L2Entry.isCompressed(entry)) {
                        if (addend != 0) {
                            refcounts.update(L2Entry.compressedOffset(entry, bits),
                                    L2Entry.compressedLength(entry, bits), addend);
                        }
                        refcount = 2; // compressed clusters are never written in place
                    } else if (img.hasHost(entry) && !img.hasExternalDataFile()) {
                        long host = L2Entry.hostOffset(entry);
                        if ((host & (cs - 1)) != 0) {
                            throw img.corrupt("Cluster allocation offset 0x" + Long.toHexString(host)
                                    + " unaligned (L2 offset: 0x" + Long.toHexString(l2Offset) + ", L2 index: 0x"
                                    + Long.toHexString((s + p) / entrySize) + ")", sliceOff + p);
                        }
                        if (addend != 0) {
                            refcounts.update(host, cs, addend);
                        }
                        refcount = refcounts.get(host >>> bits);
                    } else {
                        refcount = img.hasHost(entry) ? 1 : 0; // external data files are not refcounted
                    }
                    if (refcount == 1) {
                        updated |= L2Entry.COPIED;
                    }
                    if (updated != entry) {
                        slice.set(MetadataCache.BE_LONG, p, updated);
                        dirty = true;
                    }
                }
                if (dirty) {
                    cache.markDirty(sliceOff);
                }
            }
            if (addend != 0) {
                refcounts.update(l2Offset, cs, addend);
            }
            long refcount = refcounts.get(l2Offset >>> bits);
            if (refcount == 0) {
                for (long s = 0; s < cs; s += sliceSize) {
                    cache.forget(l2Offset + s); // a freed table is never written back
                }
            }
            long updated = refcount == 1 ? l2Offset | L2Entry.COPIED : l2Offset;
            if (updated != old) {
                l1[i] = updated;
                l1Modified = true;
            }
        }
        cache.writeBack();
        refcounts.cache().writeBack();
        img.flushFiles();
        if (addend >= 0 && l1Modified) {
            writeL1(img, l1, l1Offset);
        }
        return l1Modified;
    }

    /** Writes an L1 table's entries at its place (only its own bytes) and flushes. */
    static void writeL1(Qcow2Image img, long[] l1, long l1Offset) throws IOException {
        byte[] b = new byte[l1.length * 8];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        for (long e : l1) {
            bb.putLong(e);
        }
        img.writeBytes(l1Offset, b);
        img.flushFiles();
    }
}
