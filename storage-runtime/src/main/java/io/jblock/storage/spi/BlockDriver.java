package io.jblock.storage.spi;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * What a driver implements (QEMU's BlockDriver callbacks). The generic layer guarantees that
 * every request a driver sees is inside the node, aligned to {@link #limits()} in offset, length
 * and buffer address, at most {@code maxTransfer} long, and that writes only arrive while the
 * node is active and writable. Drivers must accept concurrent requests.
 */
public interface BlockDriver {

    /** The driver's limits; fixed after open except across {@link #invalidateCache()}. */
    BlockLimits limits();

    /** Virtual size in bytes. */
    long size() throws IOException;

    /** Reads {@code dst.byteSize()} bytes at {@code offset} (aligned). */
    void read(long offset, MemorySegment dst) throws IOException;

    /** Writes {@code src.byteSize()} bytes at {@code offset} (aligned); honours FUA. */
    void write(long offset, MemorySegment src, int flags) throws IOException;

    /** Flushes to the OS, then to the disk. Not called when cache.no-flush is on. */
    void flush() throws IOException;

    /** Discards the range (aligned). */
    void discard(long offset, long length) throws IOException;

    /** Zeroes the range (aligned), honouring MAY_UNMAP and NO_FALLBACK. */
    void writeZeroes(long offset, long length, int flags) throws IOException;

    /** Changes the size. */
    void truncate(long newSize, Preallocation prealloc) throws IOException;

    /** Allocation state of a run starting at {@code offset}. */
    BlockStatus blockStatus(long offset, long length) throws IOException;

    /**
     * Drops every cache that another process may have made stale (called on activation after
     * the children were invalidated, QEMU's bdrv_co_invalidate_cache).
     */
    default void invalidateCache() throws IOException {
    }

    /**
     * Makes the on-disk state complete and consistent for another process (called on
     * inactivation before the children are inactivated): write back caches, mark clean.
     */
    default void inactivate() throws IOException {
    }

    /**
     * Takes or gives up the permissions that writing needs (write lock) after activation and
     * inactivation. Protocol drivers implement image locking here.
     */
    default void setWritePermission(boolean write) throws IOException {
    }

    /** The children the driver opened. */
    List<BlockChild> children();

    /** Format-specific facts for {@code info} (QEMU's format-specific data), keys as QEMU's. */
    default Map<String, Object> formatSpecificInfo() throws IOException {
        return Map.of();
    }

    /** Releases what the driver holds; children are closed by the generic layer afterwards. */
    void close() throws IOException;
}
