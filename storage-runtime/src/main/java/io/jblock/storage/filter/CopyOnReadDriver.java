package io.jblock.storage.filter;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The driver of one copy-on-read node (QEMU's block/copy-on-read.c with block/io.c's
 * bdrv_co_do_copy_on_readv): a read of a range that the {@code file} child does not hold itself
 * (its block status says not allocated in that node: the bytes come from its backing chain, or
 * are zeroes of nothing) reads the clusters around it, whole, from the child and writes them into
 * the child, as write-zeroes when they read as zeroes, announcing {@code cor_write} to the child
 * first; the requested bytes are then copied out. Everything else passes through.
 *
 * <p>Clusters: the child's optimal transfer size (a qcow2 node's cluster size), clipped to the
 * end of the node; copies are made in pieces of at most {@value #MAX_BOUNCE} bytes.
 *
 * <p>Concurrency: a copy (status check, read, write) holds the node's lock exclusively and
 * writes, write-zeroes, discards and truncation hold it shared, so a copy never writes old
 * backing data over a guest write that raced it (QEMU marks the request serialising for the
 * same reason). Reads of allocated ranges take no lock.
 */
final class CopyOnReadDriver implements BlockDriver {

    /** QEMU's MAX_BOUNCE_BUFFER: 32768 sectors. */
    static final long MAX_BOUNCE = 32768L * 512;

    private final BlockNode file;
    private final ReentrantReadWriteLock copying = new ReentrantReadWriteLock();

    CopyOnReadDriver(BlockNode file) {
        this.file = file;
    }

    @Override
    public BlockLimits limits() {
        return file.limits();
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public List<BlockChild> children() {
        return List.of(new BlockChild("file", file));
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        long end = offset + dst.byteSize();
        long pos = offset;
        while (pos < end) {
            BlockStatus s = file.blockStatus(pos, end - pos);
            long n = Math.min(s.length(), end - pos);
            if (s.allocated()) {
                file.read(pos, dst.asSlice(pos - offset, n));
            } else {
                copy(pos, n, dst, pos - offset);
            }
            pos += n;
        }
    }

    /** Copies the clusters around {@code [pos, pos + n)} into the child and fills that part of {@code dst}. */
    private void copy(long pos, long n, MemorySegment dst, long dstOffset) throws IOException {
        long cluster = Math.max(1, file.limits().optimalTransfer());
        long size = file.size();
        long start = pos / cluster * cluster;
        long stop = Math.min(size, Math.ceilDiv(pos + n, cluster) * cluster);
        copying.writeLock().lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bounce = arena.allocate(Math.min(MAX_BOUNCE, stop - start), 4096);
            long p = start;
            while (p < stop) {
                long chunk = Math.min(bounce.byteSize(), stop - p);
                BlockStatus s = file.blockStatus(p, chunk); // again, under the lock: a write may have come first
                chunk = Math.min(chunk, s.length());
                MemorySegment b = bounce.asSlice(0, chunk);
                file.read(p, b);
                if (!s.allocated()) {
                    DebugEvent.COR_WRITE.announceTo(file);
                    if (isZero(b)) {
                        file.writeZeroes(p, chunk, RequestFlags.NONE);
                    } else {
                        file.write(p, b, RequestFlags.NONE);
                    }
                }
                long from = Math.max(p, pos);
                long to = Math.min(p + chunk, pos + n);
                if (from < to) {
                    MemorySegment.copy(b, from - p, dst, dstOffset + (from - pos), to - from);
                }
                p += chunk;
            }
        } finally {
            copying.writeLock().unlock();
        }
    }

    private static boolean isZero(MemorySegment s) {
        long n = s.byteSize();
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            if (s.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != 0) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        copying.readLock().lock();
        try {
            file.write(offset, src, flags);
        } finally {
            copying.readLock().unlock();
        }
    }

    @Override
    public int supportedWriteFlags() {
        return RequestFlags.FUA;
    }

    @Override
    public void flush() throws IOException {
        // the generic layer flushes the child after this
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        copying.readLock().lock();
        try {
            file.discard(offset, length);
        } finally {
            copying.readLock().unlock();
        }
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        copying.readLock().lock();
        try {
            file.writeZeroes(offset, length, flags);
        } finally {
            copying.readLock().unlock();
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        copying.readLock().lock();
        try {
            file.truncate(newSize, prealloc);
        } finally {
            copying.readLock().unlock();
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        BlockStatus s = file.blockStatus(offset, length);
        return new BlockStatus(offset, s.length(), s.data(), s.zero(), s.allocated(), s.hostOffset(), s.hostFile());
    }

    @Override
    public void debugEvent(DebugEvent event) {
        event.announceTo(file);
    }

    @Override
    public void close() {
    }
}
