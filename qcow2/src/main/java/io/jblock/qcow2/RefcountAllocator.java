package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.cache.TableIO;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Refcounts and cluster allocation (imago's "allocation"): the in-memory refcount table, the
 * refcount block cache, first-fit allocation of host clusters, byte allocation for compressed
 * clusters (QEMU's qcow2_alloc_bytes), freeing, and refcount table growth.
 *
 * <p>Crash safety, through the caches' dependencies ({@link MetadataCache#dependOn}): a
 * <em>raised</em> refcount makes the L2 cache depend on the refcount cache, so the refcount
 * reaches the disk before an L2 entry that uses the cluster (not with lazy refcounts, which are
 * rebuilt after a crash); a <em>lowered</em> refcount makes the refcount cache depend on the L2
 * cache, so the L2 entry that stopped pointing at the cluster reaches the disk before the lower
 * count does. A new refcount block is written and flushed before the table entry that points
 * to it; a grown refcount table is written and flushed before the header points to it, and the
 * old table is freed only afterwards.
 *
 * <p>Not thread-safe: callers hold {@link Qcow2Image#metaLock}.
 */
final class RefcountAllocator {
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Qcow2Image img;
    private final MetadataCache blocks;
    // the refcount width can change (amend refcount_bits): set again by reloadTable
    private int order;
    private long maxRefcount;
    private long entriesPerBlock;
    private long[] table;
    /** One past the last refcount table entry that names a block (what the overlap check walks). */
    private int tableEnd;
    private long freeHint;
    /**
     * Clusters {@code [reservedStart, reservedEnd)} are being allocated: no new refcount block or
     * table may be placed there (QEMU finds the free run first and counts it afterwards, so the
     * blocks that count it go behind it).
     */
    private long reservedStart;
    private long reservedEnd;
    /** New refcount blocks placed in another block's range, not counted yet (also off limits). */
    private final java.util.List<Long> uncountedBlocks = new java.util.ArrayList<>();
    /** The L2 cache, whose entries the refcounts count (null until {@link #countReferencesOf}). */
    private MetadataCache mappings;
    /**
     * Next free byte in the host cluster compressed data was last packed into, or 0 (QEMU's
     * free_byte_offset). Forgotten when that cluster is freed, so nothing is packed into a
     * cluster that was reused for something else.
     */
    private long packingOffset;

    RefcountAllocator(Qcow2Image img, int cacheEntries) throws IOException {
        this.img = img;
        this.blocks = new MetadataCache("refcount", img.arena, img.clusterSize(), Math.max(4, cacheEntries),
                new TableIO() {
                    @Override
                    public void load(long hostOffset, MemorySegment dst) throws IOException {
                        DebugEvent.REFBLOCK_LOAD.announceTo(img.file);
                        img.file.read(hostOffset, dst);
                    }

                    @Override
                    public void store(long hostOffset, MemorySegment src) throws IOException {
                        // QEMU 7.2 announces only the _PART event here; rules naming either match
                        DebugEvent.REFBLOCK_UPDATE.announceTo(img.file);
                        DebugEvent.REFBLOCK_UPDATE_PART.announceTo(img.file);
                        img.overlap.beforeWrite(MetadataOverlap.REFCOUNT_BLOCK, hostOffset, src.byteSize());
                        img.file.write(hostOffset, src);
                    }

                    @Override
                    public void flush() throws IOException {
                        img.flushFiles();
                    }
                });
        reloadTable();
    }

    /** Rereads the refcount table from the header's offset (open, invalidate_cache). */
    void reloadTable() throws IOException {
        order = img.header.refcountOrder;
        maxRefcount = order == 6 ? Long.MAX_VALUE : (1L << (1 << order)) - 1;
        entriesPerBlock = (long) img.clusterSize() * 8 >> order;
        img.forgetFileSizes();
        DebugEvent.REFTABLE_LOAD.announceTo(img.file);
        int entries = (int) ((long) img.header.refcountTableClusters * img.clusterSize() / 8);
        table = img.readTable(img.header.refcountTableOffset, entries);
        tableEnd = usedEntries(table);
        freeHint = 0;
        packingOffset = 0;
    }

    MetadataCache cache() {
        return blocks;
    }

    /**
     * The cache of the L2 tables whose entries these refcounts count: the write ordering
     * between the two caches follows every raise and every drop of a refcount from then on, and
     * cached tables of a cluster that is freed are forgotten.
     */
    void countReferencesOf(MetadataCache l2Cache) {
        this.mappings = l2Cache;
    }

    long[] table() {
        return table;
    }

    /** {@return one past the last entry of {@link #table()} that names a refcount block} */
    int tableEnd() {
        return tableEnd;
    }

    private static int usedEntries(long[] t) {
        int end = t.length;
        while (end > 0 && t[end - 1] == 0) {
            end--;
        }
        return end;
    }

    long maxRefcount() {
        return maxRefcount;
    }

    long entriesPerBlock() {
        return entriesPerBlock;
    }

    /** Refcount of the host cluster with index {@code cluster}; 0 when no block covers it. */
    long get(long cluster) throws IOException {
        long b = cluster / entriesPerBlock;
        if (cluster < 0 || b >= table.length || blockOffset((int) b) == 0) {
            return 0;
        }
        return read(blocks.get(blockOffset((int) b)), cluster % entriesPerBlock);
    }

    private long blockOffset(int b) throws IOException {
        long off = table[b] & ~511L;
        if (off != 0 && (off & img.geometry.clusterOffsetMask()) != 0) {
            throw img.corrupt("Refblock offset 0x" + Long.toHexString(off) + " unaligned (reftable index: 0x"
                    + Integer.toHexString(b) + ")",
                    img.header.refcountTableOffset + b * 8L);
        }
        if (off != 0) {
            img.requireInsideFile(off, img.clusterSize(), "refcount block", b, img.header.refcountTableOffset + b * 8L);
        }
        return off;
    }

    /** Sets a refcount; a block must cover the cluster (see {@link #ensureCovered}). */
    void set(long cluster, long value) throws IOException {
        if (value < 0 || value > maxRefcount) {
            throw new Qcow2UnsupportedException("refcount " + value + " out of range for refcount_bits "
                    + (1 << order), img.nodeName, img.filename(), cluster << img.geometry.clusterBits());
        }
        long block = cluster / entriesPerBlock;
        if (cluster < 0 || block >= table.length || blockOffset((int) block) == 0) {
            throw new IllegalStateException("no refcount block covers cluster " + cluster); // ensureCovered first
        }
        long off = blockOffset((int) block);
        MemorySegment seg = blocks.get(off);
        write(seg, cluster % entriesPerBlock, value);
        blocks.markDirty(off);
        if (value == 0 && cluster < freeHint) {
            freeHint = cluster;
        }
    }

    /**
     * Adds {@code delta} to the refcount of each cluster of {@code [offset, offset+length)}. A
     * negative delta frees (QEMU's qcow2_free_clusters): the L2 entries already changed to stop
     * pointing at the clusters are written before the lowered counts.
     */
    void update(long offset, long length, long delta) throws IOException {
        if (length <= 0 || delta == 0) {
            return;
        }
        if (delta < 0) {
            DebugEvent.CLUSTER_FREE.announceTo(img.file);
            if (mappings != null) {
                blocks.dependOn(mappings);
            }
        }
        long first = offset >>> img.geometry.clusterBits();
        long last = (offset + length - 1) >>> img.geometry.clusterBits();
        for (long c = first; c <= last; c++) {
            if (delta > 0) {
                ensureCovered(c);
            }
            long old = get(c);
            if (delta < 0 && old < -delta) {
                throw img.corrupt("refcount of cluster at " + (c << img.geometry.clusterBits())
                        + " would drop below zero", c << img.geometry.clusterBits());
            }
            if (delta > 0 && old > maxRefcount - delta) {
                // EINVAL, as QEMU's update_refcount refuses an overflow
                throw new Qcow2UnsupportedException("refcount overflow (refcount_bits " + (1 << order) + ")",
                        img.nodeName, img.filename(), c << img.geometry.clusterBits(), io.jblock.ffm.Errno.EINVAL);
            }
            long now = old + delta;
            set(c, now);
            if (now == 0) {
                freed(c);
            }
        }
        if (delta > 0) {
            raised();
        }
    }

    /** Refcounts were raised: they reach the disk before the L2 entries that will use the clusters. */
    private void raised() throws IOException {
        // with lazy refcounts the counts are rebuilt after a crash instead (the dirty bit)
        if (mappings != null && !img.header.lazyRefcounts()) {
            mappings.dependOn(blocks);
        } else if (mappings != null) {
            // but a cluster freed since may be reused now, its new data written before the L2
            // entries that stopped pointing at it reach the disk (found by the crash replay:
            // another request's data read back at a discarded offset): those entries go first
            blocks.settleCacheDependency();
        }
    }

    /** Cluster {@code c} has no reference any more: whatever we remember about it is stale. */
    private void freed(long c) {
        long off = c << img.geometry.clusterBits();
        if (packingOffset != 0 && img.geometry.clusterStart(packingOffset) == off) {
            packingOffset = 0;
        }
        if (mappings != null) {
            for (long s = 0; s < img.clusterSize(); s += mappings.entrySize()) {
                mappings.forget(off + s);
            }
        }
    }

    /**
     * Whether the run {@link #allocate} returned last lies where nothing was written since the
     * file size was read ({@link Qcow2Image#untouched}): it reads as zeroes.
     */
    boolean lastRunUntouched() {
        return lastRunUntouched;
    }

    /**
     * Whether that run also lies inside a file size a flush made stable, so it reads as zeroes
     * after a crash too ({@link Qcow2Image#untouchedAndDurable}).
     */
    boolean lastRunDurablyZero() {
        return lastRunDurablyZero;
    }

    private boolean lastRunUntouched;
    private boolean lastRunDurablyZero;

    /** Allocates {@code n} contiguous host clusters (refcount 1 each) and returns the offset of the first. */
    long allocate(long n) throws IOException {
        return allocate(n, MAX_HOST_OFFSET);
    }

    /** QEMU's QCOW_MAX_CLUSTER_OFFSET + 1: host offsets of L2 entries and tables have 56 bits. */
    static final long MAX_HOST_OFFSET = 1L << 56;

    /** Like {@link #allocate(long)}, all of the clusters below the host offset {@code limit}. */
    private long allocate(long n, long limit) throws IOException {
        DebugEvent.CLUSTER_ALLOC.announceTo(img.file);
        if (mappings != null && img.header.lazyRefcounts()) {
            // A cluster freed since the L2 cache was last written may be reused here, and new
            // data written into it: the L2 entries that stopped pointing at it must reach the
            // disk first, or a crash leaves an old entry showing the new data. Without lazy
            // refcounts raised() orders this (the L2 cache then waits for our blocks, which
            // waited for it); with them nothing else does.
            blocks.settleDependencyOn(mappings);
        }
        int bits = img.geometry.clusterBits();
        long start = freeHint;
        long firstFree = -1; // the first free cluster the search saw (maybe in a gap too short for n)
        search:
        while (true) {
            if (start > (limit >>> bits) - n) {
                throw new Qcow2UnsupportedException("no room for " + n + " more clusters below host offset "
                        + limit + " (QEMU's limit)", img.nodeName, img.filename(), start << bits);
            }
            for (long i = 0; i < n; i++) {
                long c = start + i;
                if (get(c) != 0) { // a cluster no block covers yet is free
                    start = c + 1;
                    continue search;
                }
                if (firstFree < 0) {
                    firstFree = c;
                }
            }
            break;
        }
        lastRunUntouched = img.untouched(start << bits);
        lastRunDurablyZero = lastRunUntouched && img.untouchedAndDurable(start << bits, n << bits);
        // Then count the run; blocks that have to be created for it go behind it, never into it
        // (with one at the start of each new range, a run longer than a block's range would never fit).
        reservedStart = start;
        reservedEnd = start + n;
        try {
            for (long c = start; c < start + n; c = (c / entriesPerBlock + 1) * entriesPerBlock) {
                ensureCovered(c);
            }
        } finally {
            reservedStart = 0;
            reservedEnd = 0;
        }
        for (long i = 0; i < n; i++) {
            set(start + i, 1);
        }
        // Everything the search passed before the first free cluster is in use: the next search
        // starts there (or behind this run), not again at clusters that were counted by other
        // means (new refcount blocks, tables), which would make every search walk the image.
        if (firstFree == start) {
            freeHint = Math.max(freeHint, start + n);
        } else if (firstFree > freeHint) {
            freeHint = firstFree;
        }
        img.ensureFileSize((start + n) << bits);
        raised();
        return start << bits;
    }

    /**
     * Room for {@code size} bytes of compressed data (QEMU's qcow2_alloc_bytes): behind the data
     * packed last when it fits in the same host cluster and that cluster's refcount can take one
     * more reference, else at the start of a new cluster. The host cluster gets the reference.
     */
    long allocateBytes(int size) throws IOException {
        int cs = img.clusterSize();
        if (size <= 0 || size > cs) {
            throw new IllegalArgumentException("compressed data of " + size + " bytes does not fit in a cluster");
        }
        DebugEvent.CLUSTER_ALLOC_BYTES.announceTo(img.file);
        long offset = packingOffset;
        if (offset != 0 && ((offset & img.geometry.clusterOffsetMask()) + size > cs
                || get(offset >>> img.geometry.clusterBits()) >= maxRefcount)) {
            offset = 0; // does not fit, or the cluster holds as many references as its refcount can count
        }
        if (offset == 0) {
            // compressed descriptors have fewer offset bits than standard entries
            offset = allocate(1, 1L << L2Entry.compressedSizeShift(img.geometry.clusterBits()));
        } else {
            update(offset, size, 1);
        }
        packingOffset = offset + size;
        if ((packingOffset & img.geometry.clusterOffsetMask()) == 0) {
            packingOffset = 0;
        }
        return offset;
    }

    /** Makes sure a refcount block covers {@code cluster}, growing the table when needed. */
    void ensureCovered(long cluster) throws IOException {
        ensureCovered(cluster, 0);
    }

    /**
     * Like {@link #ensureCovered(long)}, but a new block is placed at or after cluster
     * {@code safeFrom}: repair uses this so that a missing block is never put on a cluster that
     * is in use but lost its refcount.
     */
    void ensureCovered(long cluster, long safeFrom) throws IOException {
        long b = cluster / entriesPerBlock;
        if (b >= table.length) {
            growTable(b);
        }
        if (blockOffset((int) b) != 0) {
            return;
        }
        DebugEvent.REFBLOCK_ALLOC.announceTo(img.file);
        // When no block covers range b, every cluster in it has refcount 0, so normally the new
        // block lives in the first cluster of its range and counts itself. When that cluster is
        // being allocated, or repair needs the block past everything in use, it goes to the first
        // free cluster after that; the block that covers that place counts it.
        long q = b * entriesPerBlock;
        if (q < safeFrom || isReserved(q)) {
            q = freeClusterFrom(Math.max(safeFrom, q));
        }
        int bits = img.geometry.clusterBits();
        long off = q << bits;
        img.ensureFileSize(off + img.clusterSize());
        MemorySegment seg = blocks.create(off);
        if (q / entriesPerBlock == b) {
            write(seg, q % entriesPerBlock, 1);
            DebugEvent.REFBLOCK_ALLOC_WRITE.announceTo(img.file);
            blocks.writeBack(off);
        } else {
            DebugEvent.REFBLOCK_ALLOC_WRITE.announceTo(img.file);
            blocks.writeBack(off);
            uncountedBlocks.add(q); // nothing else may go there while the block covering q is made
            try {
                ensureCovered(q, q + 1);
            } finally {
                uncountedBlocks.remove(Long.valueOf(q));
            }
            set(q, 1);
        }
        // the block is on disk before the table entry that points to it (lazy refcounts too: a
        // table entry pointing at garbage would make the repair on open count garbage)
        img.flushFiles();
        DebugEvent.REFBLOCK_ALLOC_HOOKUP.announceTo(img.file);
        // the table entry changes in memory only once its write succeeded (QEMU's alloc_refcount_block):
        // else clusters would be counted in a block the file's table does not name
        img.overlap.beforeWrite(MetadataOverlap.REFCOUNT_TABLE, img.header.refcountTableOffset + b * 8, 8);
        img.writeLong(img.header.refcountTableOffset + b * 8, off);
        table[(int) b] = off;
        tableEnd = Math.max(tableEnd, (int) b + 1);
    }

    private boolean isReserved(long cluster) {
        return cluster >= reservedStart && cluster < reservedEnd || uncountedBlocks.contains(cluster);
    }

    /** Whether {@code [from, to)} holds a cluster that is being allocated or an uncounted block. */
    private boolean overlapsReserved(long from, long to) {
        if (from < reservedEnd && to > reservedStart) {
            return true;
        }
        for (long c : uncountedBlocks) {
            if (c >= from && c < to) {
                return true;
            }
        }
        return false;
    }

    /** The first cluster behind everything {@link #isReserved}. */
    private long reservedLimit() {
        long end = reservedEnd;
        for (long c : uncountedBlocks) {
            end = Math.max(end, c + 1);
        }
        return end;
    }

    /** The first cluster at or after {@code from} with refcount 0 outside the run being allocated. */
    private long freeClusterFrom(long from) throws IOException {
        long c = Math.max(from, 0);
        while (isReserved(c) || get(c) != 0) {
            c++;
        }
        return c;
    }

    /** Adds {@code delta} to one cluster's refcount; a missing block goes at or after {@code safeFrom}. */
    void repair(long cluster, long delta, long safeFrom) throws IOException {
        if (delta > 0) {
            ensureCovered(cluster, safeFrom);
        }
        set(cluster, get(cluster) + delta);
    }

    private void growTable(long neededBlock) throws IOException {
        DebugEvent.REFTABLE_GROW.announceTo(img.file);
        int cs = img.clusterSize();
        long perCluster = cs / 8;
        // The new blocks and the new table go to the first range no block can exist in yet
        // (all free), or behind the run being allocated when they would overlap it. The k new
        // blocks cover ranges firstRange.. and count themselves and the table.
        long firstCluster = table.length * entriesPerBlock;
        long newEntries = Math.max(neededBlock + 1, table.length + table.length / 2);
        long k;
        long tableClusters;
        long firstRange;
        while (true) {
            firstRange = firstCluster / entriesPerBlock;
            long inRange = firstCluster % entriesPerBlock;
            tableClusters = (newEntries + perCluster - 1) / perCluster;
            k = 1;
            while (k * entriesPerBlock < inRange + k + tableClusters) {
                k++;
            }
            if (newEntries < firstRange + k) {
                newEntries = firstRange + k;
                continue;
            }
            if (overlapsReserved(firstCluster, firstCluster + k + tableClusters)) {
                firstCluster = reservedLimit();
                continue;
            }
            break;
        }
        if (tableClusters * cs > io.jblock.qcow2.metadata.Qcow2Header.MAX_REFTABLE_BYTES) {
            throw new Qcow2UnsupportedException("refcount table would exceed 8 MiB; image too large for its "
                    + "cluster size", img.nodeName, img.filename(), -1);
        }
        long[] grown = java.util.Arrays.copyOf(table, (int) (tableClusters * perCluster));
        img.ensureFileSize((firstCluster + k + tableClusters) << img.geometry.clusterBits());
        // k blocks at firstCluster.., then the table; all counted in those new blocks.
        for (long j = 0; j < k; j++) {
            long off = (firstCluster + j) << img.geometry.clusterBits();
            blocks.create(off);
            grown[(int) (firstRange + j)] = off;
        }
        for (long c = firstCluster; c < firstCluster + k + tableClusters; c++) {
            long blockOff = grown[(int) (c / entriesPerBlock)];
            MemorySegment seg = blocks.get(blockOff);
            write(seg, c % entriesPerBlock, 1);
            blocks.markDirty(blockOff);
        }
        DebugEvent.REFBLOCK_ALLOC_WRITE_BLOCKS.announceTo(img.file);
        for (long j = 0; j < k; j++) {
            blocks.writeBack(grown[(int) (firstRange + j)]);
        }
        long tableOffset = (firstCluster + k) << img.geometry.clusterBits();
        DebugEvent.REFBLOCK_ALLOC_WRITE_TABLE.announceTo(img.file);
        img.writeTable(tableOffset, grown, tableClusters);
        img.flushFiles();
        long oldOffset = img.header.refcountTableOffset;
        int oldClusters = img.header.refcountTableClusters;
        img.header.refcountTableOffset = tableOffset;
        img.header.refcountTableClusters = (int) tableClusters;
        DebugEvent.REFBLOCK_ALLOC_SWITCH_TABLE.announceTo(img.file);
        try {
            img.writeHeader();
        } catch (IOException e) {
            // the file still names the old table: keep counting in it, as QEMU does
            img.header.refcountTableOffset = oldOffset;
            img.header.refcountTableClusters = oldClusters;
            throw e;
        }
        table = grown; // the header in the file names the new table now, even if the flush below fails
        tableEnd = usedEntries(grown);
        img.flushFiles();
        update(oldOffset, (long) oldClusters * cs, -1);
    }

    /** Forgets every cached block and rereads the table (invalidate_cache). */
    void dropCaches() throws IOException {
        blocks.drop();
        reloadTable();
    }

    private long read(MemorySegment seg, long index) {
        return switch (order) {
            case 0, 1, 2 -> {
                int bits = 1 << order;
                long bitPos = index * bits;
                int v = seg.get(ValueLayout.JAVA_BYTE, bitPos >>> 3) & 0xff;
                yield (v >>> (bitPos & 7)) & ((1 << bits) - 1);
            }
            case 3 -> seg.get(ValueLayout.JAVA_BYTE, index) & 0xffL;
            case 4 -> seg.get(BE_SHORT, index * 2) & 0xffffL;
            case 5 -> seg.get(BE_INT, index * 4) & 0xffff_ffffL;
            default -> seg.get(MetadataCache.BE_LONG, index * 8);
        };
    }

    private void write(MemorySegment seg, long index, long value) {
        switch (order) {
            case 0, 1, 2 -> {
                int bits = 1 << order;
                long bitPos = index * bits;
                int mask = ((1 << bits) - 1) << (bitPos & 7);
                int v = seg.get(ValueLayout.JAVA_BYTE, bitPos >>> 3) & 0xff;
                v = (v & ~mask) | (((int) value << (bitPos & 7)) & mask);
                seg.set(ValueLayout.JAVA_BYTE, bitPos >>> 3, (byte) v);
            }
            case 3 -> seg.set(ValueLayout.JAVA_BYTE, index, (byte) value);
            case 4 -> seg.set(BE_SHORT, index * 2, (short) value);
            case 5 -> seg.set(BE_INT, index * 4, (int) value);
            default -> seg.set(MetadataCache.BE_LONG, index * 8, value);
        }
    }
}
