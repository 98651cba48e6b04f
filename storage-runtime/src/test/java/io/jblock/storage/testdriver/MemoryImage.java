package io.jblock.storage.testdriver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A disk image in native memory for tests. I/O runs under a read lock so concurrent requests
 * really overlap; resizing takes the write lock. The memory belongs to a shared arena closed by
 * {@link #free()}.
 */
public final class MemoryImage {

    private final ReentrantReadWriteLock resize = new ReentrantReadWriteLock();
    private Arena arena;
    private MemorySegment data;

    MemoryImage(long size) {
        arena = Arena.ofShared();
        data = arena.allocate(Math.max(size, 1), 4096).asSlice(0, size);
    }

    /** Current size in bytes. */
    public long size() {
        resize.readLock().lock();
        try {
            return data.byteSize();
        } finally {
            resize.readLock().unlock();
        }
    }

    /** Copies out {@code dst.byteSize()} bytes; bytes past the end read as zeroes. */
    public void read(long offset, MemorySegment dst) {
        resize.readLock().lock();
        try {
            long avail = Math.max(0, Math.min(dst.byteSize(), data.byteSize() - offset));
            if (avail > 0) {
                MemorySegment.copy(data, offset, dst, 0, avail);
            }
            if (avail < dst.byteSize()) {
                dst.asSlice(avail).fill((byte) 0);
            }
        } finally {
            resize.readLock().unlock();
        }
    }

    /** Copies in {@code src}. */
    public void write(long offset, MemorySegment src) {
        resize.readLock().lock();
        try {
            MemorySegment.copy(src, 0, data, offset, src.byteSize());
        } finally {
            resize.readLock().unlock();
        }
    }

    /** Fills a range with zeroes. */
    public void zero(long offset, long length) {
        resize.readLock().lock();
        try {
            data.asSlice(offset, length).fill((byte) 0);
        } finally {
            resize.readLock().unlock();
        }
    }

    /** Changes the size; growth reads as zeroes. */
    public void truncate(long newSize) {
        resize.writeLock().lock();
        try {
            Arena next = Arena.ofShared();
            MemorySegment grown = next.allocate(Math.max(newSize, 1), 4096).asSlice(0, newSize);
            MemorySegment.copy(data, 0, grown, 0, Math.min(newSize, data.byteSize()));
            arena.close();
            arena = next;
            data = grown;
        } finally {
            resize.writeLock().unlock();
        }
    }

    /** A heap copy of the whole image. */
    public byte[] snapshot() {
        resize.readLock().lock();
        try {
            return data.toArray(ValueLayout.JAVA_BYTE);
        } finally {
            resize.readLock().unlock();
        }
    }

    /** Frees the memory; later use fails. */
    void free() {
        resize.writeLock().lock();
        try {
            arena.close();
        } finally {
            resize.writeLock().unlock();
        }
    }
}
