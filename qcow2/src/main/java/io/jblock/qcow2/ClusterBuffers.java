package io.jblock.qcow2;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.ffm.memory.BufferPool;
import java.lang.foreign.MemorySegment;

/**
 * Cluster buffers for copy-on-write, zero fill and small metadata I/O, taken from a
 * {@link BufferPool}: after warm-up no request allocates, and buffers beyond the pooled ones are
 * freed on release, so memory stays bounded by what is in use. Buffers are page aligned (O_DIRECT)
 * and at least one cluster long: with clusters under a page a buffer is a page, so callers slice
 * it to the length they transfer and release the segment {@link #acquire} returned. Thread-safe;
 * lives until {@link #close}.
 */
final class ClusterBuffers implements AutoCloseable {
    private static final int POOLED = 64;

    private final BufferPool pool;
    private final int clusterSize;

    ClusterBuffers(String nodeName, int clusterSize) {
        this.clusterSize = clusterSize;
        this.pool = new BufferPool("qcow2 node '" + nodeName + "' cluster buffers",
                AlignedMemory.DEFAULT_ALIGNMENT, clusterSize, POOLED);
    }

    /** A buffer of at least one cluster; contents undefined. */
    MemorySegment acquire() {
        return pool.acquire(clusterSize);
    }

    /** Gives back a segment {@link #acquire} returned (not a slice of it). */
    void release(MemorySegment s) {
        pool.release(s);
    }

    @Override
    public void close() {
        pool.close();
    }
}
