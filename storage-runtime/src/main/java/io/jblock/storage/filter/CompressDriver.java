package io.jblock.storage.filter;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The driver of one {@code compress} node ({@link CompressDriverFactory}). Its request alignment
 * is the child's compression unit, so the generic layer above hands it whole units (padding
 * the head and tail of a write with what the child holds); each write goes to the child's
 * {@link CompressedWriter}.
 *
 * <p>Thread-safe: a compressed write bypasses the child's generic layer and must have the child
 * to itself, so writes take a lock exclusively and every other request shares it.
 */
final class CompressDriver implements BlockDriver {

    private final BlockNode file;
    private final CompressedWriter writer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    CompressDriver(BlockNode file, CompressedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    @Override
    public BlockLimits limits() {
        BlockLimits c = file.limits();
        int unit = Math.max(writer.compressionUnit(), c.requestAlignment());
        long max = c.maxTransfer() == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(unit, c.maxTransfer() / unit * unit);
        return new BlockLimits(unit, c.memoryAlignment(), max, c.optimalTransfer(), c.discardAlignment(), c.maxDiscard());
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
        lock.readLock().lock();
        try {
            file.read(offset, dst);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        lock.writeLock().lock();
        try {
            writer.writeCompressed(offset, src);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void flush() {
        // nothing of its own: the generic layer flushes the child right after this
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        lock.readLock().lock();
        try {
            file.discard(offset, length);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        lock.readLock().lock();
        try {
            file.writeZeroes(offset, length, flags);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        lock.writeLock().lock();
        try {
            file.truncate(newSize, prealloc);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        BlockStatus s = file.blockStatus(offset, length);
        return new BlockStatus(offset, s.length(), s.data(), s.zero(), s.allocated(), s.hostOffset(), s.hostFile());
    }

    @Override
    public void close() {
    }
}
