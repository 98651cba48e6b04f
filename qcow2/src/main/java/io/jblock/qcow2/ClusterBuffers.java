package io.jblock.qcow2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pool of cluster-sized native buffers for copy-on-write, decompression and small metadata
 * writes. Buffers come from the driver's shared arena and live until the driver closes; after
 * warm-up no request allocates. Thread-safe.
 */
final class ClusterBuffers {
    private final Arena arena;
    private final int size;
    private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();

    ClusterBuffers(Arena arena, int clusterSize) {
        this.arena = arena;
        this.size = clusterSize;
    }

    /** A buffer of exactly one cluster; contents undefined. */
    MemorySegment acquire() {
        MemorySegment s = free.poll();
        if (s == null) {
            synchronized (this) {
                s = arena.allocate(size, 4096);
            }
        }
        return s;
    }

    void release(MemorySegment s) {
        if (free.size() < 64) {
            free.add(s);
        }
    }
}
