package io.jblock.qcow2;

import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write path (imago's "cow"): in-place writes to clusters this image owns alone
 * (OFLAG_COPIED), copy-on-write of everything else (unallocated, zero, compressed, shared with a
 * snapshot), subcluster allocation with extended L2, write-zeroes and discard.
 *
 * <p>Concurrency: a writer holds the stripe lock of the guest cluster it changes (64 stripes by
 * cluster index), so two requests on one cluster serialize while requests on other clusters run
 * in parallel. The metadata lock is held only to look up entries, allocate and update
 * metadata; guest data (and copy-on-write reads) move outside it.
 *
 * <p>Ordering: new clusters are counted (refcount cache) before data is written to them, data is
 * written before the L2 entry changes, and the L2 cache then depends on a flush, so the data is
 * stable before the entry that makes it visible reaches the disk (QEMU's perform_cow, also with
 * lazy refcounts). That dependency is recorded under the metadata lock after the data write
 * completed, so a flush that ran concurrently with the write never counts for it. Refcounts
 * dropped by an entry change wait for the L2 cache ({@link RefcountAllocator}).
 */
final class GuestWriter {
    private static final int STRIPES = 64;
    private static final int ENOTSUP = 95;

    /** Runs before the first metadata change after open or a flush (sets the dirty bit). */
    interface BeforeMetadataChange {
        void run() throws IOException;
    }

    private final Qcow2Image img;
    private final L2Tables l2;
    private final RefcountAllocator refcounts;
    private final GuestReader reader;
    private final BeforeMetadataChange beforeChange;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final boolean passDiscard;

    GuestWriter(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, GuestReader reader,
                BeforeMetadataChange beforeChange, boolean passDiscard) {
        this.passDiscard = passDiscard;
        this.img = img;
        this.l2 = l2;
        this.refcounts = refcounts;
        this.reader = reader;
        this.beforeChange = beforeChange;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of the guest cluster containing {@code pos}. */
    private ReentrantLock stripe(long pos) {
        return stripes[(int) ((pos >>> img.geometry.clusterBits()) % STRIPES)];
    }

    /** How much of {@code [pos, pos + remaining)} lies in the guest cluster containing {@code pos}. */
    private long chunkInCluster(long pos, long remaining) {
        return Math.min(remaining, img.clusterSize() - (pos & img.geometry.clusterOffsetMask()));
    }

    /** Writes guest bytes {@code [offset, offset + src.byteSize())}. */
    void write(long offset, MemorySegment src) throws IOException {
        long n = src.byteSize();
        long done = 0;
        while (done < n) {
            long pos = offset + done;
            long chunk = chunkInCluster(pos, n - done);
            ReentrantLock lock = stripe(pos);
            lock.lock();
            try {
                writeInCluster(pos, src.asSlice(done, chunk));
            } finally {
                lock.unlock();
            }
            done += chunk;
        }
    }

    private L2Tables.Entry entry(long pos) throws IOException {
        img.metaLock.lock();
        try {
            return l2.get(pos);
        } finally {
            img.metaLock.unlock();
        }
    }

    private void writeInCluster(long pos, MemorySegment data) throws IOException {
        L2Tables.Entry e = entry(pos);
        long std = e.standard();
        long host = L2Entry.hostOffset(std);
        boolean hasHost = img.hasHost(std);
        boolean compressed = L2Entry.isCompressed(std);
        boolean copied = L2Entry.isCopied(std);
        long inCluster = pos & img.geometry.clusterOffsetMask();
        if (!img.geometry.extendedL2()) {
            if (!compressed && hasHost && copied && (std & L2Entry.ZERO) == 0) {
                DebugEvent.WRITE_AIO.announceTo(img.file);
                img.dataFile.write(host + inCluster, data);
                return;
            }
            copyOnWrite(pos, data, e);
            return;
        }
        if (compressed || (hasHost && !copied)) {
            copyOnWrite(pos, data, e);
            return;
        }
        writeSubclusters(pos, data, e);
    }

    /** Rewrites the whole cluster: old content (any kind) with {@code data} laid over it. */
    private void copyOnWrite(long pos, MemorySegment data, L2Tables.Entry e) throws IOException {
        int cs = img.clusterSize();
        long cstart = img.geometry.clusterStart(pos);
        long inCluster = pos - cstart;
        long std = e.standard();
        long host = L2Entry.hostOffset(std);
        boolean compressed = L2Entry.isCompressed(std);
        boolean reuse = !compressed && img.hasHost(std) && L2Entry.isCopied(std);
        long target = reuse ? host : allocateData(cstart);
        MemorySegment buf = null;
        try {
            if (data.byteSize() == cs) {
                DebugEvent.WRITE_AIO.announceTo(img.file);
                img.dataFile.write(target, data);
            } else {
                buf = img.buffers.acquire();
                MemorySegment cluster = buf.asSlice(0, cs);
                if (reuse && !img.geometry.extendedL2()) {
                    cluster.fill((byte) 0); // a zero cluster with preallocated space
                } else {
                    DebugEvent.COW_READ.announceTo(img.file);
                    reader.read(cstart, cluster);
                }
                cluster.asSlice(inCluster, data.byteSize()).copyFrom(data);
                // as QEMU: one request carries the guest data and the copied parts
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.dataFile.write(target, cluster);
            }
        } finally {
            if (buf != null) {
                img.buffers.release(buf);
            }
        }
        long bitmap = img.geometry.extendedL2() ? 0xffff_ffffL : 0;
        replaceEntry(cstart, target | L2Entry.COPIED, bitmap, std, target, true);
    }

    private void writeSubclusters(long pos, MemorySegment data, L2Tables.Entry e) throws IOException {
        long cstart = img.geometry.clusterStart(pos);
        long inCluster = pos - cstart;
        int scs = img.geometry.subclusterSize();
        int sc0 = (int) (inCluster / scs);
        int sc1 = (int) ((inCluster + data.byteSize() - 1) / scs);
        long mask = ((1L << (sc1 + 1)) - 1) & ~((1L << sc0) - 1);
        long host = L2Entry.hostOffset(e.standard());
        boolean hasHost = img.hasHost(e.standard());
        long bitmap = e.bitmap();
        if (hasHost && (bitmap & mask) == mask) {
            DebugEvent.WRITE_AIO.announceTo(img.file);
            img.dataFile.write(host + inCluster, data);
            return;
        }
        long target = hasHost ? host : allocateData(cstart);
        long spanStart = (long) sc0 * scs;
        long spanLen = (long) (sc1 - sc0 + 1) * scs;
        if (inCluster == spanStart && data.byteSize() == spanLen) {
            DebugEvent.WRITE_AIO.announceTo(img.file);
            img.dataFile.write(target + spanStart, data);
        } else {
            MemorySegment buf = img.buffers.acquire();
            try {
                MemorySegment span = buf.asSlice(0, spanLen);
                DebugEvent.COW_READ.announceTo(img.file);
                reader.read(cstart + spanStart, span);
                span.asSlice(inCluster - spanStart, data.byteSize()).copyFrom(data);
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.dataFile.write(target + spanStart, span);
            } finally {
                img.buffers.release(buf);
            }
        }
        long newBitmap = (bitmap | mask) & ~(mask << 32);
        replaceEntry(cstart, target | L2Entry.COPIED, newBitmap, e.standard(), target, true);
    }

    /** Host offset for a new data cluster of the guest cluster at {@code cstart}. */
    private long allocateData(long cstart) throws IOException {
        img.metaLock.lock();
        try {
            if (img.hasExternalDataFile()) {
                // external data files map guest offset = host offset, unrefcounted
                img.ensureDataSize(cstart + img.clusterSize());
                return cstart;
            }
            beforeChange.run();
            l2.ensureOwned(cstart); // the L2 table before its data cluster, as QEMU allocates them
            return refcounts.allocate(1);
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * Installs a new L2 entry and frees what the old one referenced if it is no longer used.
     *
     * @param dataWritten whether data was just written that the new entry makes visible: then
     *                    it must be stable before the entry reaches the disk
     */
    private void replaceEntry(long cstart, long newStd, long newBitmap, long oldStd, long keptHost,
                              boolean dataWritten) throws IOException {
        img.metaLock.lock();
        try {
            beforeChange.run();
            if (dataWritten) {
                l2.cache().dependOnFlush();
            }
            l2.set(cstart, newStd, newBitmap);
            releaseOld(oldStd, keptHost);
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * Drops the references the old entry held. The lowered refcounts wait for the L2 cache, so
     * the changed entry reaches the disk first. Under metaLock.
     */
    private void releaseOld(long oldStd, long keptHost) throws IOException {
        if (img.hasExternalDataFile()) {
            return;
        }
        int bits = img.geometry.clusterBits();
        if (L2Entry.isCompressed(oldStd)) {
            refcounts.update(L2Entry.compressedOffset(oldStd, bits), L2Entry.compressedLength(oldStd, bits), -1);
            return;
        }
        long oldHost = L2Entry.hostOffset(oldStd);
        if (img.hasHost(oldStd) && oldHost != keptHost) {
            refcounts.update(oldHost, img.clusterSize(), -1);
        }
    }

    /** Makes {@code [offset, offset+length)} read as zeroes. */
    void writeZeroes(long offset, long length, int flags) throws IOException {
        long done = 0;
        MemorySegment zeros = null;
        try {
            while (done < length) {
                long pos = offset + done;
                long chunk = chunkInCluster(pos, length - done);
                ReentrantLock lock = stripe(pos);
                lock.lock();
                try {
                    if (!zeroInMetadata(pos, chunk, flags)) {
                        if ((flags & RequestFlags.NO_FALLBACK) != 0) {
                            throw new BlockIOException("write-zeroes of a partial cluster needs a fallback write "
                                    + "(NO_FALLBACK set): ENOTSUP", img.nodeName, img.filename(), pos, ENOTSUP, null);
                        }
                        if (zeros == null) {
                            zeros = img.buffers.acquire().fill((byte) 0);
                        }
                        writeInCluster(pos, zeros.asSlice(0, chunk));
                    }
                } finally {
                    lock.unlock();
                }
                done += chunk;
            }
        } finally {
            if (zeros != null) {
                img.buffers.release(zeros);
            }
        }
    }

    /** Zeroes a range inside one cluster by changing metadata only; false if data must be written. */
    private boolean zeroInMetadata(long pos, long len, int flags) throws IOException {
        if (img.dataFileRaw()) {
            return false; // the raw data file must itself read as the guest disk: write real zeroes
        }
        int cs = img.clusterSize();
        long cstart = img.geometry.clusterStart(pos);
        boolean whole = len == cs;
        boolean unmap = (flags & RequestFlags.MAY_UNMAP) != 0;
        L2Tables.Entry e = entry(pos);
        long std = e.standard();
        long host = L2Entry.hostOffset(std);
        boolean compressed = L2Entry.isCompressed(std);
        boolean hasHost = img.hasHost(std);
        boolean shared = compressed || (hasHost && !L2Entry.isCopied(std));
        if (img.header.version < 3) {
            if (whole && unmap && reader.backing() == null) {
                replaceEntry(cstart, 0, 0, std, -1, false);
                return true;
            }
            return false;
        }
        if (!img.geometry.extendedL2()) {
            if (!whole) {
                return false;
            }
            long keep = (!unmap && !shared && hasHost) ? host | L2Entry.COPIED : 0;
            replaceEntry(cstart, keep | L2Entry.ZERO, 0, std, keep != 0 ? host : -1, false);
            return true;
        }
        if (whole) {
            long keep = (!unmap && !shared) ? std : 0;
            replaceEntry(cstart, keep, 0xffff_ffffL << 32, std, keep != 0 ? host : -1, false);
            return true;
        }
        int scs = img.geometry.subclusterSize();
        long in = pos - cstart;
        if (shared || in % scs != 0 || len % scs != 0) {
            return false;
        }
        int sc0 = (int) (in / scs);
        int sc1 = (int) ((in + len - 1) / scs);
        long mask = ((1L << (sc1 + 1)) - 1) & ~((1L << sc0) - 1);
        long bitmap = (e.bitmap() & ~mask) | (mask << 32);
        replaceEntry(cstart, std, bitmap, std, host, false);
        return true;
    }

    /**
     * Discards whole clusters of the range; partial clusters are left as they are. As QEMU's
     * qcow2_co_pdiscard: on v3 images the clusters become zero clusters (with extended L2: all
     * subclusters zero), also unallocated ones when a backing file would show through; v2 images
     * lose their mappings, unless a backing file would show through, where nothing is done (they
     * have no zero clusters; a discard is a hint).
     */
    void discard(long offset, long length) throws IOException {
        if (img.dataFileRaw()) {
            return; // discard is a hint; dropping mappings would break the raw data file's contents
        }
        boolean backed = reader.backing() != null;
        if (img.header.version < 3 && backed) {
            return;
        }
        int cs = img.clusterSize();
        long first = img.geometry.roundUp(offset);
        long end = img.geometry.clusterStart(offset + length);
        for (long c = first; c < end; c += cs) {
            ReentrantLock lock = stripe(c);
            lock.lock();
            try {
                L2Tables.Entry e = entry(c);
                boolean unallocated = e.standard() == 0 && e.bitmap() == 0;
                if (unallocated && !backed) {
                    continue; // reads as zeroes already
                }
                long std = 0;
                long bitmap = 0;
                if (img.header.version >= 3) {
                    if (img.geometry.extendedL2()) {
                        bitmap = 0xffff_ffffL << 32;
                    } else {
                        std = L2Entry.ZERO;
                    }
                }
                if (e.standard() == std && e.bitmap() == bitmap) {
                    continue;
                }
                replaceEntry(c, std, bitmap, e.standard(), -1, false);
                if (passDiscard) {
                    passDiscardIfFree(e.standard());
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * QEMU's pass-discard-request: when a guest discard freed a data cluster, the file gets the
     * discard too (a hole), so the space goes back to the host. Done under the metadata lock so
     * that the cluster cannot be reallocated and written before the hole is punched.
     */
    private void passDiscardIfFree(long oldStd) throws IOException {
        if (L2Entry.isCompressed(oldStd) || !img.hasHost(oldStd)) {
            return;
        }
        long host = L2Entry.hostOffset(oldStd);
        img.metaLock.lock();
        try {
            if (img.hasExternalDataFile()) {
                img.dataFile.discard(host, img.clusterSize());
            } else if (refcounts.get(host >>> img.geometry.clusterBits()) == 0) {
                img.file.discard(host, img.clusterSize());
            }
        } finally {
            img.metaLock.unlock();
        }
    }
}
