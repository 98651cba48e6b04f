package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.cache.TableIO;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The L1 table and the L2 table cache (imago's "mappings"/"metadata"): reads and updates L2
 * entries of guest clusters, allocating or copying L2 tables when an update needs one, and grows
 * the L1 table on resize.
 *
 * <p>Crash safety: a new L2 table is written and flushed before the L1 entry that points to it
 * (with lazy refcounts too). Dirty L2 slices wait for what the cache depends on
 * ({@link MetadataCache#dependOn}, {@link MetadataCache#dependOnFlush}): the refcount blocks of
 * newly allocated clusters ({@link RefcountAllocator}) and the data the entries point at
 * ({@link GuestWriter}).
 *
 * <p>Not thread-safe: callers hold {@link Qcow2Image#metaLock}.
 */
final class L2Tables {
    private final Qcow2Image img;
    private final RefcountAllocator refcounts;
    private final MetadataCache cache;
    private final int sliceSize;
    private long[] l1;

    /** An L2 entry: the standard 64 bits and, with extended L2, the subcluster bitmap. */
    record Entry(long standard, long bitmap) {
        static final Entry UNALLOCATED = new Entry(0, 0);
    }

    L2Tables(Qcow2Image img, RefcountAllocator refcounts, int cacheEntries, int sliceSize) throws IOException {
        this.img = img;
        this.refcounts = refcounts;
        this.sliceSize = sliceSize;
        this.cache = new MetadataCache("l2", img.arena, sliceSize, Math.max(2, cacheEntries), new TableIO() {
            @Override
            public void load(long hostOffset, MemorySegment dst) throws IOException {
                DebugEvent.L2_LOAD.announceTo(img.file);
                img.file.read(hostOffset, dst);
            }

            @Override
            public void store(long hostOffset, MemorySegment src) throws IOException {
                DebugEvent.L2_UPDATE.announceTo(img.file);
                img.overlap.beforeWrite(MetadataOverlap.ACTIVE_L2, hostOffset, src.byteSize());
                img.file.write(hostOffset, src);
            }

            @Override
            public void flush() throws IOException {
                img.flushFiles();
            }
        }, img.metaLock);
        refcounts.countReferencesOf(cache);
        reloadL1();
    }

    void reloadL1() throws IOException {
        l1 = img.readTable(img.header.l1TableOffset, img.header.l1Size);
    }

    /** Replaces the L1 table with another one (a snapshot's, for a read-only snapshot view). */
    void useL1(long[] table) {
        l1 = table;
    }

    MetadataCache cache() {
        return cache;
    }

    long[] l1() {
        return l1;
    }

    /** Index of the L1 entry mapping {@code guestOffset}; past the table (never wrapped) when too far. */
    private long l1Index(long guestOffset) {
        return guestOffset < 0 ? Long.MAX_VALUE : guestOffset >>> img.geometry.l2CoverageBits();
    }

    private long l2Offset(int l1Index) throws IOException {
        long e = l1[l1Index];
        long off = e & L2Entry.OFFSET_MASK;
        if (off != 0 && (off & img.geometry.clusterOffsetMask()) != 0) {
            throw img.corrupt("L2 table offset " + off + " in L1 entry " + l1Index + " is not cluster aligned",
                    img.header.l1TableOffset + l1Index * 8L);
        }
        if (off != 0) {
            img.requireInsideFile(off, img.clusterSize(), "L2 table of L1 entry", l1Index,
                    img.header.l1TableOffset + l1Index * 8L);
        }
        return off;
    }

    private long byteInTable(long guestOffset) {
        long idx = (guestOffset >>> img.geometry.clusterBits()) & (img.geometry.l2Entries() - 1);
        return idx * img.geometry.l2EntrySize();
    }

    /** The L2 entry of the guest cluster containing {@code guestOffset}. */
    Entry get(long guestOffset) throws IOException {
        long i = l1Index(guestOffset);
        if (i >= l1.length) {
            return Entry.UNALLOCATED;
        }
        long l2 = l2Offset((int) i);
        if (l2 == 0) {
            return Entry.UNALLOCATED;
        }
        long b = byteInTable(guestOffset);
        MemorySegment slice = cache.get(l2 + b / sliceSize * sliceSize);
        long inSlice = b % sliceSize;
        long std = slice.get(MetadataCache.BE_LONG, inSlice);
        long bitmap = img.geometry.extendedL2() ? slice.get(MetadataCache.BE_LONG, inSlice + 8) : 0;
        return new Entry(std, bitmap);
    }

    /** The standard 64 bits of the L2 entry of {@code guestOffset} (0 when unallocated); allocates nothing. */
    long standard(long guestOffset) throws IOException {
        return word(guestOffset, 0);
    }

    /** The subcluster bitmap of the extended L2 entry of {@code guestOffset} (0 when unallocated). */
    long bitmap(long guestOffset) throws IOException {
        return word(guestOffset, 8);
    }

    private long word(long guestOffset, int at) throws IOException {
        long i = l1Index(guestOffset);
        if (i >= l1.length) {
            return 0;
        }
        long l2 = l2Offset((int) i);
        if (l2 == 0) {
            return 0;
        }
        long b = byteInTable(guestOffset);
        MemorySegment slice = cache.get(l2 + b / sliceSize * sliceSize);
        return slice.get(MetadataCache.BE_LONG, b % sliceSize + at);
    }

    /** Guest bytes one cache slice maps. */
    long sliceCoverage() {
        return (long) (sliceSize / img.geometry.l2EntrySize()) << img.geometry.clusterBits();
    }

    /** End of the guest range whose entries share the cache slice of {@code guestOffset}. */
    long sliceEnd(long guestOffset) {
        long cover = sliceCoverage();
        return (guestOffset / cover + 1) * cover;
    }

    /**
     * Host offset of the cache slice holding the entry of {@code guestOffset} when that slice
     * exists in the file but is not cached, else -1 (cached, or no L2 table: no I/O needed).
     */
    long uncachedSlice(long guestOffset) throws IOException {
        long i = l1Index(guestOffset);
        if (i >= l1.length) {
            return -1;
        }
        long l2 = l2Offset((int) i);
        if (l2 == 0) {
            return -1;
        }
        long slice = l2 + byteInTable(guestOffset) / sliceSize * sliceSize;
        return cache.contains(slice) ? -1 : slice;
    }

    /**
     * Makes the entry of {@code guestOffset} cached, reading its slice with the metadata lock
     * released during the read ({@link MetadataCache#loadOutsideLock}): only at the start of a
     * request, where the caller holds the lock once and nothing that may change meanwhile.
     */
    void prefetch(long guestOffset) throws IOException {
        long slice = uncachedSlice(guestOffset);
        if (slice < 0) {
            return;
        }
        MemorySegment scratch = img.buffers.acquire();
        try {
            // the table may move or be freed while the lock is released: look again until cached
            for (int tries = 0; slice >= 0 && tries < 8; tries++) {
                cache.loadOutsideLock(slice, scratch);
                slice = uncachedSlice(guestOffset);
            }
        } finally {
            img.buffers.release(scratch);
        }
    }

    /** Whether the L2 table of {@code guestOffset} exists and is not shared (L1 COPIED). */
    boolean isOwned(long guestOffset) {
        long i = l1Index(guestOffset);
        return i < l1.length && (l1[(int) i] & L2Entry.OFFSET_MASK) != 0 && L2Entry.isCopied(l1[(int) i]);
    }

    /**
     * Sets the L2 entry of the guest cluster at {@code guestOffset}, allocating the L2 table or
     * copying a shared one first. The change stays in the cache until write-back.
     *
     * @return host offset of the cache slice that now holds the entry
     */
    long set(long guestOffset, long standard, long bitmap) throws IOException {
        long i = l1Index(guestOffset);
        if (i >= l1.length) {
            throw img.corrupt("guest offset " + guestOffset + " beyond the L1 table", -1);
        }
        long l2 = ownedTable((int) i);
        long b = byteInTable(guestOffset);
        long sliceOff = l2 + b / sliceSize * sliceSize;
        MemorySegment slice = cache.get(sliceOff);
        long inSlice = b % sliceSize;
        slice.set(MetadataCache.BE_LONG, inSlice, standard);
        if (img.geometry.extendedL2()) {
            slice.set(MetadataCache.BE_LONG, inSlice + 8, bitmap);
        }
        cache.markDirty(sliceOff);
        return sliceOff;
    }

    /**
     * Makes the L2 table of {@code guestOffset} exist and be this image's own (allocated, or copied
     * from a shared one), as QEMU takes the table before it allocates data clusters for it.
     */
    void ensureOwned(long guestOffset) throws IOException {
        long i = l1Index(guestOffset);
        if (i < l1.length) {
            ownedTable((int) i);
        }
    }

    private long ownedTable(int i) throws IOException {
        long old = l2Offset(i);
        if (old != 0 && L2Entry.isCopied(l1[i])) {
            return old;
        }
        int cs = img.clusterSize();
        // (without lazy refcounts the L2 cache now depends on the refcount cache: the table's
        // refcount reaches the disk before the table)
        long fresh = refcounts.allocate(1);
        // The new table (empty or a copy of the shared one) reaches the file before the L1 entry.
        for (int s = 0; s < cs / sliceSize; s++) {
            MemorySegment dst = cache.create(fresh + (long) s * sliceSize);
            if (old != 0) {
                // a shared table is never changed, so the file holds what its cached slices would
                DebugEvent.L2_ALLOC_COW_READ.announceTo(img.file);
                img.file.read(old + (long) s * sliceSize, dst); // straight into the new table's cache entry
            }
            DebugEvent.L2_ALLOC_WRITE.announceTo(img.file);
            cache.writeBack(fresh + (long) s * sliceSize);
        }
        // stable before the L1 entry points at it, also with lazy refcounts (QEMU's l2_allocate)
        img.flushFiles();
        // As QEMU's l2_allocate: the entry changes in memory only once its write succeeded; a failed
        // write leaves the old mapping in use (the new table leaks) instead of one the file lacks.
        long entry = fresh | L2Entry.COPIED;
        DebugEvent.L1_UPDATE.announceTo(img.file);
        img.overlap.beforeWrite(MetadataOverlap.ACTIVE_L1, img.header.l1TableOffset + i * 8L, 8);
        img.writeLong(img.header.l1TableOffset + i * 8L, entry);
        l1[i] = entry;
        if (old != 0) {
            // The shared table keeps its other references; ours is gone. The lowered refcount
            // waits for the L2 cache, whose write-back flushes the file after this L1 write.
            refcounts.update(old, cs, -1);
        }
        return fresh;
    }

    /** Grows the L1 table to cover {@code newSize} bytes, moving it when it needs more clusters. */
    void growL1(long newSize) throws IOException {
        long needed = img.geometry.l1EntriesFor(newSize);
        if (needed * 8 > io.jblock.qcow2.metadata.Qcow2Header.MAX_L1_BYTES) {
            throw new Qcow2UnsupportedException("size " + newSize + " needs an L1 table above 32 MiB",
                    img.nodeName, img.filename(), -1);
        }
        if (needed <= l1.length) {
            return;
        }
        int cs = img.clusterSize();
        long oldClusters = img.geometry.roundUp(l1.length * 8L) / cs;
        long newClusters = img.geometry.roundUp(needed * 8L) / cs;
        long[] grown = java.util.Arrays.copyOf(l1, (int) needed);
        if (newClusters == oldClusters && l1.length > 0) {
            // the file may end with the table's last entry (tables are written at their byte
            // size, as QEMU's): the new entries need the file to reach them first
            img.ensureFileSize(img.header.l1TableOffset + needed * 8L);
            for (int i = l1.length; i < needed; i++) {
                img.writeLong(img.header.l1TableOffset + i * 8L, 0);
            }
            l1 = grown;
            img.header.l1Size = (int) needed;
            return;
        }
        DebugEvent.L1_GROW_ALLOC_TABLE.announceTo(img.file);
        long off = refcounts.allocate(newClusters);
        DebugEvent.L1_GROW_WRITE_TABLE.announceTo(img.file);
        // the entries alone, not the clusters' rest, as QEMU's qcow2_grow_l1_table (a new table at
        // the end of the file leaves the file there); growing inside the clusters later zeroes the
        // new entries first (above)
        byte[] entries = new byte[grown.length * 8];
        java.nio.ByteBuffer.wrap(entries).asLongBuffer().put(grown);
        img.writeBytes(off, entries);
        img.usedOnlyUpTo(off + newClusters * cs, off + entries.length);
        refcounts.cache().flush(); // the table and its refcounts before the header points at it
        long oldOff = img.header.l1TableOffset;
        int oldSize = l1.length;
        int oldHeaderSize = img.header.l1Size;
        img.header.l1TableOffset = off;
        img.header.l1Size = (int) needed;
        DebugEvent.L1_GROW_ACTIVATE_TABLE.announceTo(img.file);
        try {
            img.writeHeader();
        } catch (IOException e) {
            // the file still names the old table: keep using it (the new one leaks), as QEMU does
            img.header.l1TableOffset = oldOff;
            img.header.l1Size = oldHeaderSize;
            throw e;
        }
        l1 = grown; // the header in the file names the new table now, even if the flush below fails
        img.flushFiles();
        if (oldSize > 0) {
            refcounts.update(oldOff, oldClusters * cs, -1);
        }
    }

    /** Forgets every cached slice and rereads L1 (invalidate_cache). */
    void dropCaches() throws IOException {
        cache.drop();
        reloadL1();
    }
}
