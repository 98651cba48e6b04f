package io.jblock.qcow2;

import io.jblock.qcow2.cache.MetadataCache;
import io.jblock.qcow2.cache.TableIO;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Refcounts and cluster allocation (imago's "allocation"): the in-memory refcount table, the
 * refcount block cache, first-fit allocation of host clusters, freeing, and refcount table
 * growth.
 *
 * <p>Crash safety: a new refcount block is written before the table entry that points to it;
 * a grown refcount table is written and flushed before the header points to it, and the old
 * table is freed only afterwards. Refcount increments stay in the cache until the L2 cache's
 * write-back hook writes them (before any L2 entry that depends on them).
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
    private long freeHint;

    RefcountAllocator(Qcow2Image img, int cacheEntries) throws IOException {
        this.img = img;
        this.blocks = new MetadataCache("refcount", img.arena, img.clusterSize(), Math.max(4, cacheEntries),
                new TableIO() {
                    @Override
                    public void load(long hostOffset, MemorySegment dst) throws IOException {
                        img.file.read(hostOffset, dst);
                    }

                    @Override
                    public void store(long hostOffset, MemorySegment src) throws IOException {
                        img.file.write(hostOffset, src);
                        img.unflushedWrites = true;
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
        int entries = (int) ((long) img.header.refcountTableClusters * img.clusterSize() / 8);
        table = img.readTable(img.header.refcountTableOffset, entries);
        freeHint = 0;
    }

    MetadataCache cache() {
        return blocks;
    }

    long[] table() {
        return table;
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
        if (b >= table.length || blockOffset((int) b) == 0) {
            return 0;
        }
        return read(blocks.get(blockOffset((int) b)), cluster % entriesPerBlock);
    }

    private long blockOffset(int b) throws IOException {
        long off = table[b] & ~511L;
        if (off != 0 && (off & img.geometry.clusterOffsetMask()) != 0) {
            throw img.corrupt("refcount block offset " + off + " not cluster aligned",
                    img.header.refcountTableOffset + b * 8L);
        }
        if (off != 0) {
            img.requireInsideFile(off, img.clusterSize(), "refcount block " + b, img.header.refcountTableOffset + b * 8L);
        }
        return off;
    }

    /** Sets a refcount; a block must cover the cluster (see {@link #ensureCovered}). */
    void set(long cluster, long value) throws IOException {
        if (value < 0 || value > maxRefcount) {
            throw new Qcow2UnsupportedException("refcount " + value + " out of range for refcount_bits "
                    + (1 << order), img.nodeName, img.filename(), cluster * img.clusterSize());
        }
        int b = (int) (cluster / entriesPerBlock);
        long off = blockOffset(b);
        MemorySegment seg = blocks.get(off);
        write(seg, cluster % entriesPerBlock, value);
        blocks.markDirty(off);
        if (value == 0 && cluster < freeHint) {
            freeHint = cluster;
        }
    }

    /** Adds {@code delta} to the refcount of each cluster of {@code [offset, offset+length)}. */
    void update(long offset, long length, long delta) throws IOException {
        long first = offset >>> img.geometry.clusterBits();
        long last = (offset + length - 1) >>> img.geometry.clusterBits();
        for (long c = first; c <= last; c++) {
            if (delta > 0) {
                ensureCovered(c);
            }
            long old = get(c);
            long now = old + delta;
            if (now < 0) {
                throw img.corrupt("refcount of cluster at " + c * img.clusterSize() + " would drop below zero",
                        c * img.clusterSize());
            }
            if (now > maxRefcount) {
                throw new Qcow2UnsupportedException("refcount overflow (refcount_bits " + (1 << order) + ")",
                        img.nodeName, img.filename(), c * img.clusterSize());
            }
            set(c, now);
        }
    }

    /** Allocates {@code n} contiguous host clusters (refcount 1 each) and returns the offset of the first. */
    long allocate(long n) throws IOException {
        long start = freeHint;
        search:
        while (true) {
            for (long i = 0; i < n; i++) {
                long c = start + i;
                if (i == 0 || c % entriesPerBlock == 0) {
                    // A block may sit at the first cluster of its own range only when that is where
                    // the run starts (the search then moves past it); one placed further inside the
                    // run goes after it, else no run longer than a block's range could be found.
                    ensureCovered(c, i == 0 ? 0 : start + n);
                }
                if (get(c) != 0) {
                    start = c + 1;
                    continue search;
                }
            }
            for (long i = 0; i < n; i++) {
                if (get(start + i) != 0) { // a grown refcount table landed in the run
                    start = start + i + 1;
                    continue search;
                }
            }
            break;
        }
        for (long i = 0; i < n; i++) {
            set(start + i, 1);
        }
        if (start == freeHint) {
            freeHint = start + n;
        }
        img.unflushedWrites = true;
        img.ensureFileSize((start + n) << img.geometry.clusterBits());
        return start << img.geometry.clusterBits();
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
        // When no block covers range b, every cluster in it has refcount 0, so normally the new
        // block lives in the first cluster of its range and counts itself. Repair may need it
        // elsewhere (past everything in use); then the block that covers that place counts it.
        long q = b * entriesPerBlock;
        if (q < safeFrom) {
            q = safeFrom;
            while (get(q) != 0) {
                q++; // in use (an earlier placement, or data): never put a block on it
            }
        }
        int bits = img.geometry.clusterBits();
        long off = q << bits;
        img.ensureFileSize(off + img.clusterSize());
        MemorySegment seg = blocks.create(off);
        if (q / entriesPerBlock == b) {
            write(seg, q % entriesPerBlock, 1);
            blocks.writeBack(off);
        } else {
            blocks.writeBack(off);
            ensureCovered(q, q + 1);
            set(q, 1);
        }
        if (!img.header.lazyRefcounts()) {
            img.flushFiles(); // the block is on disk before the table entry that points to it
        }
        table[(int) b] = off;
        img.writeLong(img.header.refcountTableOffset + b * 8, off);
        img.unflushedWrites = true;
    }

    /** Adds {@code delta} to one cluster's refcount; a missing block goes at or after {@code safeFrom}. */
    void repair(long cluster, long delta, long safeFrom) throws IOException {
        if (delta > 0) {
            ensureCovered(cluster, safeFrom);
        }
        set(cluster, get(cluster) + delta);
    }

    private void growTable(long neededBlock) throws IOException {
        int cs = img.clusterSize();
        long perCluster = cs / 8;
        long base = table.length; // first block range no block can exist in yet
        long newEntries = Math.max(neededBlock + 1, table.length + table.length / 2);
        long k;
        long tableClusters;
        while (true) {
            tableClusters = (newEntries + perCluster - 1) / perCluster;
            k = 1;
            while (k * entriesPerBlock < k + tableClusters) {
                k++;
            }
            if (newEntries >= base + k) {
                break;
            }
            newEntries = base + k;
        }
        if (tableClusters * cs > io.jblock.qcow2.metadata.Qcow2Header.MAX_REFTABLE_BYTES) {
            throw new Qcow2UnsupportedException("refcount table would exceed 8 MiB; image too large for its "
                    + "cluster size", img.nodeName, img.filename(), -1);
        }
        long[] grown = java.util.Arrays.copyOf(table, (int) (tableClusters * perCluster));
        long firstCluster = base * entriesPerBlock;
        img.ensureFileSize((firstCluster + k + tableClusters) << img.geometry.clusterBits());
        // k blocks at firstCluster.., then the table; all counted in those new blocks.
        for (long j = 0; j < k; j++) {
            long off = (firstCluster + j) << img.geometry.clusterBits();
            blocks.create(off);
            grown[(int) (base + j)] = off;
        }
        for (long c = firstCluster; c < firstCluster + k + tableClusters; c++) {
            long blockOff = grown[(int) (c / entriesPerBlock)];
            MemorySegment seg = blocks.get(blockOff);
            write(seg, c % entriesPerBlock, 1);
            blocks.markDirty(blockOff);
        }
        for (long j = 0; j < k; j++) {
            blocks.writeBack(grown[(int) (base + j)]);
        }
        long tableOffset = (firstCluster + k) << img.geometry.clusterBits();
        img.writeTable(tableOffset, grown, tableClusters);
        img.flushFiles();
        long oldOffset = img.header.refcountTableOffset;
        int oldClusters = img.header.refcountTableClusters;
        img.header.refcountTableOffset = tableOffset;
        img.header.refcountTableClusters = (int) tableClusters;
        img.writeHeader();
        img.flushFiles();
        table = grown;
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
