package io.jblock.qcow2;

import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Asynchronous in-place writes ({@link #writeInPlaceAsync}) hold their stripes only while
 * they map the request; they count themselves in flight per stripe instead, and discard and
 * write-zeroes (which may free a cluster) wait until none of them is in flight on their stripe,
 * so a freed cluster is never reused while such a write of it is still on its way to the file.
 * Other writers need not wait: an in-place cluster keeps its mapping until it is freed (QEMU's
 * handle_copied does not serialise against in-place writes either).
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
    /** Asynchronous in-place writes in flight per stripe (changed under the stripe lock up, anywhere down). */
    private final AtomicIntegerArray asyncInFlight = new AtomicIntegerArray(STRIPES);
    /** Completion carriers of asynchronous writes, reused (guarded by itself). */
    private final AsyncWrite[] asyncPool = new AsyncWrite[256];
    private int asyncPooled;
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

    /**
     * Locks the stripe of the guest cluster at {@code pos} once no asynchronous write is in
     * flight there: for the requests that may free the cluster (discard, write-zeroes), so that
     * a freed cluster is never reused while such a write of it is still on its way.
     */
    private ReentrantLock lockStripe(long pos) {
        int i = (int) ((pos >>> img.geometry.clusterBits()) % STRIPES);
        stripes[i].lock();
        awaitAsync(i);
        return stripes[i];
    }

    /**
     * Waits (holding stripe {@code i}, so none can start) until the asynchronous writes in
     * flight on stripe {@code i} have completed. Their completions never take a stripe (on
     * io_uring they run on the file node's ring thread), so they do not wait for us.
     */
    private void awaitAsync(int i) {
        while (asyncInFlight.get(i) > 0) {
            LockSupport.parkNanos(20_000);
        }
    }

    /**
     * Starts an in-place write of {@code src} at {@code offset} on the data file's asynchronous
     * path when the whole request lies in clusters this image owns alone, contiguous in the file
     * and in one cached L2 slice: one data write, no metadata change (QEMU's handle_copied
     * without allocation). Returns false, having done nothing, when it cannot (a stripe or the
     * metadata lock is taken, the slice is not cached, a cluster needs copy-on-write or
     * allocation, extended L2): the caller then runs {@link #write} on the thread engine.
     * Never blocks; allocates nothing once its completion carriers are pooled.
     */
    <A> boolean writeInPlaceAsync(long offset, MemorySegment src, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        long n = src.byteSize();
        long limit = offset + n;
        if (n == 0 || img.geometry.extendedL2() || img.encrypted() || limit > l2.sliceEnd(offset)) {
            return false;
        }
        long mask = tryLockStripes(offset, limit);
        if (mask == 0) {
            return false;
        }
        long host;
        try {
            if (!img.metaLock.tryLock()) {
                return false;
            }
            try {
                if (l2.uncachedSlice(offset) >= 0) {
                    return false;
                }
                int cs = img.clusterSize();
                long cstart = img.geometry.clusterStart(offset);
                long std = l2.standard(offset);
                if (!inPlace(std)) {
                    return false;
                }
                host = L2Entry.hostOffset(std);
                for (long c = cstart + cs; c < limit; c += cs) {
                    long next = l2.standard(c);
                    if (!inPlace(next) || L2Entry.hostOffset(next) != host + (c - cstart)) {
                        return false;
                    }
                }
                host += offset - cstart;
                if (img.overlap.dataWriteOverlaps(host, n)) {
                    return false; // the synchronous path refuses it and marks the image corrupt
                }
            } finally {
                img.metaLock.unlock();
            }
            for (long m = mask; m != 0; m &= m - 1) {
                asyncInFlight.incrementAndGet(Long.numberOfTrailingZeros(m));
            }
        } catch (IOException | RuntimeException e) {
            return false; // the synchronous path meets it again and reports it
        } finally {
            unlockStripes(mask);
        }
        AsyncWrite w = takeAsync();
        w.mask = mask;
        w.attachment = attachment;
        @SuppressWarnings("unchecked")
        CompletionHandler<Void, Object> h = (CompletionHandler<Void, Object>) handler;
        w.handler = h;
        DebugEvent.WRITE_AIO.announceTo(img.file);
        img.dataFile.writeAsync(host, src, RequestFlags.NONE, w, ASYNC_DONE);
        return true;
    }

    /** Locks every stripe of {@code [pos, limit)} if none is taken; else returns 0, having locked nothing. */
    private long tryLockStripes(long pos, long limit) {
        long mask = stripeMask(pos, limit);
        for (long m = mask; m != 0; m &= m - 1) {
            if (!stripes[Long.numberOfTrailingZeros(m)].tryLock()) {
                unlockStripes(mask & ((m & -m) - 1)); // the ones taken: those below this bit
                return 0;
            }
        }
        return mask;
    }

    /** One asynchronous in-place write: its stripes and the caller's completion. */
    private static final class AsyncWrite {
        GuestWriter writer;
        long mask;
        Object attachment;
        CompletionHandler<Void, Object> handler;
    }

    private AsyncWrite takeAsync() {
        synchronized (asyncPool) {
            if (asyncPooled > 0) {
                AsyncWrite w = asyncPool[--asyncPooled];
                asyncPool[asyncPooled] = null;
                return w;
            }
        }
        AsyncWrite w = new AsyncWrite();
        w.writer = this;
        return w;
    }

    private void releaseAsync(AsyncWrite w) {
        w.attachment = null;
        w.handler = null;
        synchronized (asyncPool) {
            if (asyncPooled < asyncPool.length) {
                asyncPool[asyncPooled++] = w;
            }
        }
    }

    /** Ends an asynchronous in-place write: its stripes are free for writers that wait, then the caller hears. */
    private static final CompletionHandler<Void, AsyncWrite> ASYNC_DONE = new CompletionHandler<>() {
        @Override
        public void completed(Void result, AsyncWrite w) {
            CompletionHandler<Void, Object> h = w.handler;
            Object a = w.attachment;
            w.writer.finishAsync(w);
            h.completed(null, a);
        }

        @Override
        public void failed(Throwable exc, AsyncWrite w) {
            CompletionHandler<Void, Object> h = w.handler;
            Object a = w.attachment;
            w.writer.finishAsync(w);
            h.failed(exc, a);
        }
    };

    private void finishAsync(AsyncWrite w) {
        for (long m = w.mask; m != 0; m &= m - 1) {
            asyncInFlight.decrementAndGet(Long.numberOfTrailingZeros(m));
        }
        releaseAsync(w);
    }

    /** How much of {@code [pos, pos + remaining)} lies in the guest cluster containing {@code pos}. */
    private long chunkInCluster(long pos, long remaining) {
        return Math.min(remaining, img.clusterSize() - (pos & img.geometry.clusterOffsetMask()));
    }

    /**
     * Writes guest bytes {@code [offset, offset + src.byteSize())}: in runs of clusters that are
     * treated alike (QEMU's handle_copied and handle_alloc), each at most one L2 cache slice
     * long. A run of clusters written in place with contiguous host offsets is one data write;
     * a run of clusters that need new ones gets one contiguous allocation, one data write (plus
     * the copy-on-write parts of its first and last cluster, merged with the data where it is one
     * cluster) and one metadata update under the lock.
     */
    void write(long offset, MemorySegment src) throws IOException {
        long n = src.byteSize();
        long done = 0;
        while (done < n) {
            long pos = offset + done;
            long limit = Math.min(offset + n, l2.sliceEnd(pos));
            long mask = lockStripes(pos, limit);
            try {
                done += writeRun(pos, limit, src, done);
            } finally {
                unlockStripes(mask);
            }
        }
    }

    /**
     * Locks the stripes of the guest clusters of {@code [pos, limit)}, in stripe order (every
     * caller that takes several does so, so they cannot deadlock); returns them as a bit mask.
     */
    private long lockStripes(long pos, long limit) {
        long mask = stripeMask(pos, limit);
        for (long m = mask; m != 0; m &= m - 1) {
            stripes[Long.numberOfTrailingZeros(m)].lock();
        }
        return mask;
    }

    /** The stripes of the guest clusters of {@code [pos, limit)} as a bit mask. */
    private long stripeMask(long pos, long limit) {
        int bits = img.geometry.clusterBits();
        long first = pos >>> bits;
        long last = (limit - 1) >>> bits;
        long mask;
        if (last - first + 1 >= STRIPES) {
            mask = -1L;
        } else {
            mask = 0;
            for (long c = first; c <= last; c++) {
                mask |= 1L << (int) (c % STRIPES);
            }
        }
        return mask;
    }

    private void unlockStripes(long mask) {
        for (long m = mask; m != 0; m &= m - 1) {
            stripes[Long.numberOfTrailingZeros(m)].unlock();
        }
    }

    /** {@code len} bytes of {@code src} from {@code at}, without a new segment when that is all of it. */
    private static MemorySegment part(MemorySegment src, long at, long len) {
        return at == 0 && len == src.byteSize() ? src : src.asSlice(at, len);
    }

    /** A cluster this image owns alone and may write in place (standard L2 entry). */
    private boolean inPlace(long std) {
        return !L2Entry.isCompressed(std) && img.hasHost(std) && L2Entry.isCopied(std) && (std & L2Entry.ZERO) == 0;
    }

    /** A zero cluster with preallocated space of its own: written in place after zero-filling. */
    private boolean zeroWithOwnSpace(long std) {
        return !L2Entry.isCompressed(std) && img.hasHost(std) && L2Entry.isCopied(std) && (std & L2Entry.ZERO) != 0;
    }

    /**
     * Whether the guest cluster at {@code cstart} with L2 entry {@code std} reads as zeroes now:
     * unallocated with nothing behind it (no backing file, or past its end), or a zero cluster.
     */
    private boolean readsAsZeroes(long std, long cstart) throws IOException {
        if (L2Entry.isCompressed(std)) {
            return false;
        }
        if ((std & L2Entry.ZERO) != 0 && img.header.version >= 3) {
            return true;
        }
        if (std != 0) {
            return false;
        }
        BlockNode backing = reader.backing();
        return backing == null || cstart >= backing.size();
    }

    /**
     * Writes what of {@code [pos, limit)} the run starting at {@code pos} covers (at least up to
     * the end of its cluster or {@code limit}); returns the bytes written. The caller holds the
     * stripes of the whole range; {@code limit} lies in the L2 slice of {@code pos}.
     */
    private long writeRun(long pos, long limit, MemorySegment src, long srcAt) throws IOException {
        if (img.geometry.extendedL2()) {
            long chunk = chunkInCluster(pos, limit - pos);
            writeExtended(pos, part(src, srcAt, chunk));
            return chunk;
        }
        int cs = img.clusterSize();
        long cstart = img.geometry.clusterStart(pos);
        long end = cstart + cs;
        long std;
        long host = 0;
        boolean headZero = false;
        boolean tailZero = false;
        boolean durablyZero = false;
        boolean inPlaceRun = false;
        img.metaLock.lock();
        try {
            l2.prefetch(pos);
            std = l2.standard(pos);
            if (joinsInPlaceRun(std, cstart, pos, limit)) {
                inPlaceRun = true;
                host = L2Entry.hostOffset(std);
                while (end < limit) {
                    long next = l2.standard(end);
                    if (!joinsInPlaceRun(next, end, pos, limit) || L2Entry.hostOffset(next) != host + (end - cstart)) {
                        break;
                    }
                    end += cs;
                }
            } else if (!zeroWithOwnSpace(std)) {
                boolean firstZero = readsAsZeroes(std, cstart);
                boolean allZero = firstZero;
                boolean lastZero = firstZero;
                while (end < limit) {
                    long next = l2.standard(end);
                    if (inPlace(next) || zeroWithOwnSpace(next)) {
                        break;
                    }
                    lastZero = readsAsZeroes(next, end);
                    allZero &= lastZero;
                    end += cs;
                }
                beforeChange.run();
                if (img.hasExternalDataFile()) {
                    // external data files map guest offset = host offset, unrefcounted
                    img.ensureDataSize(end);
                    host = cstart;
                } else {
                    l2.ensureOwned(cstart); // the L2 table before its data clusters, as QEMU allocates them
                    host = refcounts.allocate((end - cstart) >>> img.geometry.clusterBits());
                    // encrypted: host zeroes do not decrypt to zeroes, so every byte is written
                    boolean untouched = refcounts.lastRunUntouched() && !img.encrypted();
                    headZero = untouched && firstZero;
                    tailZero = untouched && lastZero;
                    durablyZero = refcounts.lastRunDurablyZero() && allZero && !img.encrypted();
                }
            }
        } finally {
            img.metaLock.unlock();
        }
        long dataEnd = Math.min(limit, end);
        MemorySegment data = part(src, srcAt, dataEnd - pos);
        if (inPlaceRun) {
            DebugEvent.WRITE_AIO.announceTo(img.file);
            img.encryption.writeData(img, pos, host + (pos - cstart), data);
            keepZeroClustersSpace(cstart, dataEnd, host);
            return dataEnd - pos;
        }
        if (zeroWithOwnSpace(std)) {
            copyOnWrite(pos, data, new L2Tables.Entry(std, 0));
            return dataEnd - pos;
        }
        try {
            writeNewClusters(cstart, end, pos, data, host, headZero, tailZero);
        } catch (IOException | RuntimeException e) {
            abandon(host, end - cstart, e);
            throw e;
        }
        linkNewClusters(cstart, end, host, !durablyZero);
        return dataEnd - pos;
    }

    /**
     * Whether the cluster at {@code c} (L2 entry {@code std}) can take its part of a write of
     * {@code [pos, limit)} in place: a cluster of its own, or a zero cluster with space of its own
     * that the write covers whole (QEMU's handle_copied takes both into one host request).
     */
    private boolean joinsInPlaceRun(long std, long c, long pos, long limit) {
        return inPlace(std) || (zeroWithOwnSpace(std) && c >= pos && c + img.clusterSize() <= limit);
    }

    /**
     * After an in-place write of guest {@code [cstart, dataEnd)} at {@code host}: the zero clusters
     * with space of their own in it now hold the data, their entries lose the zero flag once
     * that data is stable (QEMU's qcow2_alloc_cluster_link_l2 after handle_copied).
     */
    private void keepZeroClustersSpace(long cstart, long dataEnd, long host) throws IOException {
        int cs = img.clusterSize();
        for (long g = cstart; g < dataEnd; g += cs) {
            long std;
            img.metaLock.lock();
            try {
                std = l2.standard(g);
            } finally {
                img.metaLock.unlock();
            }
            if (zeroWithOwnSpace(std)) {
                long h = host + (g - cstart);
                replaceEntry(g, h | L2Entry.COPIED, 0, std, h, true);
            }
        }
    }

    /**
     * Writes {@code data} (guest bytes from {@code pos}) into the new clusters at {@code host}
     * that replace guest clusters {@code [cstart, end)}, with what the first cluster held before
     * {@code pos} and the last one after the data (copy-on-write), unless those parts may stay as
     * they are: they read as zeroes in the old clusters and lie in new clusters that read as
     * zeroes too ({@code headZero}, {@code tailZero}). QEMU merges the parts with the data in one
     * vectored write; we copy into a cluster buffer when the run is one cluster, and write the
     * first and last clusters separately otherwise.
     */
    private void writeNewClusters(long cstart, long end, long pos, MemorySegment data, long host,
                                  boolean headZero, boolean tailZero) throws IOException {
        int cs = img.clusterSize();
        long head = pos - cstart;
        long dataEnd = pos + data.byteSize();
        long tail = end - dataEnd;
        boolean copyHead = head > 0 && !headZero;
        boolean copyTail = tail > 0 && !tailZero;
        if (!copyHead && !copyTail) {
            DebugEvent.WRITE_AIO.announceTo(img.file);
            img.encryption.writeData(img, pos, host + head, data);
            return;
        }
        MemorySegment buf = img.buffers.acquire();
        try {
            MemorySegment cluster = buf.asSlice(0, cs);
            if (end - cstart == cs) {
                copyIn(cluster, 0, cstart, head, copyHead);
                cluster.asSlice(head, data.byteSize()).copyFrom(data);
                copyIn(cluster, head + data.byteSize(), dataEnd, tail, copyTail);
                // as QEMU: one request carries the guest data and the copied parts
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.encryption.writeData(img, cstart, host, cluster);
                return;
            }
            long written = 0; // bytes of data written so far
            if (copyHead) {
                copyIn(cluster, 0, cstart, head, true);
                cluster.asSlice(head, cs - head).copyFrom(data.asSlice(0, cs - head));
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.encryption.writeData(img, cstart, host, cluster);
                written = cs - head;
            }
            long lastData = copyTail ? dataEnd - (end - cs) : 0; // data bytes in the last cluster
            long middle = data.byteSize() - lastData;
            if (middle > written) {
                DebugEvent.WRITE_AIO.announceTo(img.file);
                img.encryption.writeData(img, pos + written, host + head + written,
                        data.asSlice(written, middle - written));
            }
            if (copyTail) {
                cluster.asSlice(0, lastData).copyFrom(data.asSlice(middle, lastData));
                copyIn(cluster, lastData, dataEnd, tail, true);
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.encryption.writeData(img, end - cs, host + (end - cs - cstart), cluster);
            }
        } finally {
            img.buffers.release(buf);
        }
    }

    /** Fills {@code len} bytes of {@code cluster} at {@code at} with the old guest bytes from {@code guest}, or zeroes. */
    private void copyIn(MemorySegment cluster, long at, long guest, long len, boolean copy) throws IOException {
        if (len == 0) {
            return;
        }
        MemorySegment dst = cluster.asSlice(at, len);
        if (copy) {
            DebugEvent.COW_READ.announceTo(img.file);
            reader.read(guest, dst);
        } else {
            dst.fill((byte) 0);
        }
    }

    /**
     * Points guest clusters {@code [cstart, end)} at the new clusters from {@code host} (one L2
     * slice) and drops what the old entries referenced. With {@code flushFirst} the data just
     * written must be stable before the entries reach the disk (QEMU's perform_cow); without,
     * the new clusters read as zeroes even after a crash, as the old ones did, so an entry that
     * reaches the disk before its data shows nothing the guest did not have.
     */
    private void linkNewClusters(long cstart, long end, long host, boolean flushFirst) throws IOException {
        int cs = img.clusterSize();
        img.metaLock.lock();
        try {
            beforeChange.run();
            if (flushFirst) {
                l2.cache().dependOnFlush();
            }
            for (long g = cstart; g < end; g += cs) {
                long old = l2.standard(g);
                long fresh = host + (g - cstart);
                l2.set(g, fresh | L2Entry.COPIED, 0);
                releaseOld(old, fresh);
            }
        } finally {
            img.metaLock.unlock();
        }
    }

    /** A data write into new clusters failed: they go back (QEMU's qcow2_alloc_cluster_abort). */
    private void abandon(long host, long length, Throwable failure) {
        if (img.hasExternalDataFile()) {
            return;
        }
        img.metaLock.lock();
        try {
            refcounts.update(host, length, -1);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            img.metaLock.unlock();
        }
    }

    private L2Tables.Entry entry(long pos) throws IOException {
        img.metaLock.lock();
        try {
            l2.prefetch(pos);
            return l2.get(pos);
        } finally {
            img.metaLock.unlock();
        }
    }

    /** One cluster of an image with extended L2 entries (subcluster allocation). */
    private void writeExtended(long pos, MemorySegment data) throws IOException {
        L2Tables.Entry e = entry(pos);
        long std = e.standard();
        boolean hasHost = img.hasHost(std);
        boolean compressed = L2Entry.isCompressed(std);
        boolean copied = L2Entry.isCopied(std);
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
                img.encryption.writeData(img, cstart, target, data);
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
                img.encryption.writeData(img, cstart, target, cluster);
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
            img.encryption.writeData(img, pos, host + inCluster, data);
            return;
        }
        long target = hasHost ? host : allocateData(cstart);
        long spanStart = (long) sc0 * scs;
        long spanLen = (long) (sc1 - sc0 + 1) * scs;
        if (inCluster == spanStart && data.byteSize() == spanLen) {
            DebugEvent.WRITE_AIO.announceTo(img.file);
            img.encryption.writeData(img, cstart + spanStart, target + spanStart, data);
        } else {
            MemorySegment buf = img.buffers.acquire();
            try {
                MemorySegment span = buf.asSlice(0, spanLen);
                DebugEvent.COW_READ.announceTo(img.file);
                reader.read(cstart + spanStart, span);
                span.asSlice(inCluster - spanStart, data.byteSize()).copyFrom(data);
                DebugEvent.WRITE_AIO.announceTo(img.file);
                DebugEvent.COW_WRITE.announceTo(img.file);
                img.encryption.writeData(img, cstart + spanStart, target + spanStart, span);
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
                long chunk = zeroUnitChunk(pos, length - done);
                ReentrantLock lock = lockStripe(pos);
                try {
                    if (!zeroInMetadata(pos, chunk, flags)) {
                        if ((flags & RequestFlags.NO_FALLBACK) != 0) {
                            throw new BlockIOException("write-zeroes of a partial cluster needs a fallback write "
                                    + "(NO_FALLBACK set): ENOTSUP", img.nodeName, img.filename(), pos, ENOTSUP, null);
                        }
                        if (zeros == null) {
                            zeros = img.buffers.acquire().fill((byte) 0);
                        }
                        writeRun(pos, pos + chunk, zeros.asSlice(0, chunk), 0);
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

    /**
     * The next piece of a write-zeroes at {@code pos}: inside one cluster and, as QEMU's generic
     * layer splits at qcow2's zeroing unit (the subcluster), an unaligned head or tail alone.
     */
    private long zeroUnitChunk(long pos, long remaining) {
        long chunk = chunkInCluster(pos, remaining);
        if (!img.geometry.extendedL2()) {
            return chunk;
        }
        int scs = img.geometry.subclusterSize();
        long in = Math.floorMod(pos, (long) scs);
        if (in != 0) {
            return Math.min(chunk, scs - in);
        }
        return chunk > scs && chunk % scs != 0 ? chunk / scs * scs : chunk;
    }

    /** Zeroes a range inside one cluster by changing metadata only; false if data must be written. */
    private boolean zeroInMetadata(long offset, long length, int flags) throws IOException {
        if (img.dataFileRaw()) {
            return false; // the raw data file must itself read as the guest disk: write real zeroes
        }
        int cs = img.clusterSize();
        long cstart = img.geometry.clusterStart(offset);
        L2Tables.Entry e = entry(offset);
        long pos = offset;
        long len = length;
        if (img.header.version >= 3) {
            // QEMU's qcow2_co_pwrite_zeroes: a partial unit (subcluster) whose rest already reads
            // as zeroes, and that is unallocated or zero, becomes a zero unit as a whole
            int unit = img.geometry.extendedL2() ? img.geometry.subclusterSize() : cs;
            long uStart = cstart + (pos - cstart) / unit * unit;
            long uEnd = uStart + unit;
            long restEnd = pos + len >= img.header.size ? pos + len : uEnd;
            if (pos == uStart && pos + len < uEnd && pos + len >= img.header.size) {
                len = unit; // the partial last unit of the image, to its end: a whole unit
            } else if ((pos != uStart || pos + len != uEnd) && pos + len <= uEnd
                    && unitZeroOrUnallocated(e, (int) ((uStart - cstart) / unit))
                    && restReadsAsZeroes(e, uStart, pos) && restReadsAsZeroes(e, pos + len, restEnd)) {
                pos = uStart;
                len = unit;
            }
        }
        boolean whole = len == cs;
        boolean unmap = (flags & RequestFlags.MAY_UNMAP) != 0;
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
            if ((keep | L2Entry.ZERO) != std) { // an unchanged entry leaves the L2 table clean, as QEMU's zero_in_l2_slice
                replaceEntry(cstart, keep | L2Entry.ZERO, 0, std, keep != 0 ? host : -1, false);
            }
            return true;
        }
        if (whole) {
            long keep = (!unmap && !shared) ? std : 0;
            if (keep != std || e.bitmap() != 0xffff_ffffL << 32) {
                replaceEntry(cstart, keep, 0xffff_ffffL << 32, std, keep != 0 ? host : -1, false);
            }
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
        if (bitmap != e.bitmap()) {
            replaceEntry(cstart, std, bitmap, std, host, false);
        }
        return true;
    }

    /** Whether unit {@code u} of the cluster (the cluster itself, or subcluster u) is unallocated or zero. */
    private boolean unitZeroOrUnallocated(L2Tables.Entry e, int u) {
        long std = e.standard();
        if (L2Entry.isCompressed(std)) {
            return false;
        }
        if (img.geometry.extendedL2()) {
            return ((e.bitmap() >>> (32 + u)) & 1) != 0 || ((e.bitmap() >>> u) & 1) == 0;
        }
        return std == 0 || (std & L2Entry.ZERO) != 0;
    }

    /**
     * Whether guest {@code [from, to)}, inside one unit that is unallocated or zero (entry
     * {@code e}), reads as zeroes: a zero unit does; an unallocated one shows the backing file.
     */
    private boolean restReadsAsZeroes(L2Tables.Entry e, long from, long to) throws IOException {
        if (from >= to) {
            return true;
        }
        boolean zeroUnit = img.geometry.extendedL2()
                ? ((e.bitmap() >>> (32 + (int) ((from & img.geometry.clusterOffsetMask())
                        / img.geometry.subclusterSize()))) & 1) != 0
                : (e.standard() & L2Entry.ZERO) != 0;
        BlockNode backing = reader.backing();
        if (zeroUnit || backing == null) {
            return true;
        }
        long end = Math.min(to, backing.size());
        for (long p = from; p < end; ) {
            io.jblock.storage.BlockStatus st = backing.blockStatus(p, end - p);
            if (!st.zero()) {
                return false;
            }
            p += st.length();
        }
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
        // partial clusters stay, except the last cluster of an image whose size is not whole
        // clusters, when the discard reaches the end (QEMU's qcow2_co_pdiscard)
        long end = offset + length >= img.header.size ? img.geometry.roundUp(offset + length)
                : img.geometry.clusterStart(offset + length);
        for (long c = first; c < end; c += cs) {
            ReentrantLock lock = lockStripe(c);
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
