package io.jblock.storage.file;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.memory.AlignedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One process-wide read-only block of zeroes for writing zeroes where fallocate cannot (the
 * write-zeroes fallback and full preallocation). It is never written, so every node can share
 * it without a pool; it lives in the global arena for the life of the JVM (1 MiB), and it is
 * aligned to the page size, which satisfies every O_DIRECT memory alignment we meet.
 */
final class ZeroBlock {
    static final long SIZE = 1L << 20;

    private static final MemorySegment ZEROES = AlignedMemory.allocate(Arena.global(), SIZE,
            Math.max(4096, PosixIO.pageSize())).asReadOnly();

    private ZeroBlock() {
    }

    /** {@code length} bytes of zeroes, {@code length <= SIZE}. */
    static MemorySegment of(long length) {
        return ZEROES.asSlice(0, length);
    }
}
