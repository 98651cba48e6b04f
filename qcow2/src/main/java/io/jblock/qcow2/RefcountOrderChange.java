package io.jblock.qcow2;

import io.jblock.ffm.Errno;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.feature.ImageAmender;
import java.io.IOException;
import java.util.Arrays;

/**
 * QEMU's qcow2_change_refcount_order ({@code qemu-img amend -o refcount_bits=N}): new refcount
 * blocks of the new width are allocated with the old refcounts until one more walk over the old
 * table allocates nothing (so they count themselves and the new table), then written, then the
 * new table; only after a flush does the header switch to them, and the old blocks and table
 * are freed through the new ones.
 *
 * <p>Progress is reported per old refcount table entry and walk, as QEMU reports it. Called
 * under {@link Qcow2Image#metaLock} with the caches written back and no guest request in flight.
 */
final class RefcountOrderChange {
    private final Qcow2Image img;
    private final RefcountAllocator refcounts;
    private final ImageAmender.Progress progress;
    private final int newBits;
    private final long newBlockEntries;
    private long[] newTable = new long[0];

    private RefcountOrderChange(Qcow2Image img, RefcountAllocator refcounts, int newOrder,
                                ImageAmender.Progress progress) {
        this.img = img;
        this.refcounts = refcounts;
        this.progress = progress;
        this.newBits = 1 << newOrder;
        this.newBlockEntries = (long) img.clusterSize() * 8 >> newOrder;
    }

    static void run(Qcow2Image img, RefcountAllocator refcounts, int newOrder, ImageAmender.Progress progress)
            throws IOException {
        new RefcountOrderChange(img, refcounts, newOrder, progress).change(newOrder);
    }

    private BlockIOException failure(String what, int errno) {
        return new BlockIOException(what, img.nodeName, img.filename(), -1, errno, null);
    }

    private void change(int newOrder) throws IOException {
        int cs = img.clusterSize();
        long newTableOffset = 0;
        long allocatedEntries = 0;
        int walk = 0;
        boolean allocated;
        do {
            int totalWalks = Math.max(walk + 2, 3);
            allocated = walk(walk++, totalWalks, false);
            if (allocated) {
                if (newTableOffset != 0) {
                    refcounts.update(newTableOffset, allocatedEntries * 8, -1);
                }
                newTableOffset = refcounts.allocate((newTable.length * 8L + cs - 1) / cs);
                allocatedEntries = newTable.length;
            }
        } while (allocated);
        walk(walk, walk + 1, true);
        img.writeTable(newTableOffset, newTable, (newTable.length * 8L + cs - 1) / cs);
        refcounts.cache().writeBack();
        img.flushFiles();

        long[] oldTable = refcounts.table().clone();
        long oldTableOffset = img.header.refcountTableOffset;
        long oldTableClusters = img.header.refcountTableClusters;
        img.header.refcountOrder = newOrder;
        img.header.refcountTableOffset = newTableOffset;
        img.header.refcountTableClusters = (int) ((newTable.length * 8L + cs - 1) / cs);
        img.writeHeader();
        img.flushFiles();
        refcounts.dropCaches(); // the new width, table and blocks
        for (long e : oldTable) {
            long off = e & ~511L;
            if (off != 0) {
                refcounts.update(off, cs, -1);
            }
        }
        refcounts.update(oldTableOffset, oldTableClusters * cs, -1);
        refcounts.cache().writeBack();
        img.flushFiles();
    }

    /**
     * One walk_over_reftable: the old refcounts, new block by new block; without {@code write}
     * each new block that will count something gets a cluster (returns whether one did), with
     * {@code write} the new blocks are written.
     */
    private boolean walk(int index, int total, boolean write) throws IOException {
        long[] oldTable = refcounts.table();
        long oldEntries = refcounts.entriesPerBlock();
        long clusters = oldTable.length * oldEntries;
        boolean allocated = false;
        int cs = img.clusterSize();
        byte[] block = write ? new byte[cs] : null;
        long reported = -1;
        for (long first = 0, j = 0; first < clusters; first += newBlockEntries, j++) {
            long end = Math.min(clusters, first + newBlockEntries);
            boolean empty = true;
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
            for (long c = first; c < end; c++) {
                long tableIndex = c / oldEntries;
                if (tableIndex != reported && c % oldEntries == 0) {
                    reported = tableIndex;
                    progress.report((long) index * oldTable.length + tableIndex, (long) total * oldTable.length);
                }
                if ((oldTable[(int) tableIndex] & ~511L) == 0) {
                    c = Math.min(end, (tableIndex + 1) * oldEntries) - 1; // no block: all zero
                    continue;
                }
                long r = refcounts.get(c);
                if (r == 0) {
                    continue;
                }
                empty = false;
                if (newBits < 64 && (r >>> newBits) != 0) {
                    throw failure("Cannot decrease refcount entry width to " + newBits + " bits: Cluster at offset 0x"
                            + Long.toHexString(c * cs) + " has a refcount of " + r, Errno.EINVAL);
                }
                if (block != null) {
                    put(block, c - first, r);
                }
            }
            if (!write) {
                if (!empty && j >= newTable.length) {
                    long perCluster = cs / 8;
                    long size = (j + 1 + perCluster - 1) / perCluster * perCluster;
                    if (size * 8 > Qcow2Header.MAX_REFTABLE_BYTES) {
                        throw failure("This operation would make the refcount table grow beyond the maximum size "
                                + "supported by QEMU, aborting", Errno.ENOTSUP);
                    }
                    newTable = Arrays.copyOf(newTable, (int) size);
                }
                if (!empty && newTable[(int) j] == 0) {
                    newTable[(int) j] = refcounts.allocate(1);
                    allocated = true;
                    // the allocation may have grown the old table: keep walking over its new length
                    oldTable = refcounts.table();
                    clusters = oldTable.length * oldEntries;
                }
            } else if (j < newTable.length && newTable[(int) j] != 0) {
                img.writeBytes(newTable[(int) j], block);
            }
        }
        progress.report((long) (index + 1) * oldTable.length, (long) total * oldTable.length);
        return allocated;
    }

    /** Sets entry {@code i} of a refcount block of {@code newBits}-bit big-endian entries. */
    private void put(byte[] block, long i, long value) {
        if (newBits < 8) {
            long bitPos = i * newBits;
            int shift = (int) (bitPos & 7);
            int mask = ((1 << newBits) - 1) << shift;
            int b = block[(int) (bitPos >>> 3)] & 0xff;
            block[(int) (bitPos >>> 3)] = (byte) ((b & ~mask) | (((int) value << shift) & mask));
            return;
        }
        int bytes = newBits / 8;
        int at = (int) (i * bytes);
        for (int k = bytes - 1; k >= 0; k--) {
            block[at + k] = (byte) value;
            value >>>= 8;
        }
    }
}
