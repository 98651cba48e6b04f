package io.jblock.storage.ramfile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Finds all-zero ranges of RAM by comparing with a zero segment (vectorised by
 * {@link MemorySegment#mismatch}). The zero segment is bounded (64 KiB), whatever the page size.
 * Thread-safe: the zero segment is only read.
 */
final class ZeroPages {
    private static final long ZERO_BYTES = 64 * 1024;

    private final MemorySegment zeros;

    /** @param arena the arena that owns the zero segment; it must outlive this object */
    ZeroPages(Arena arena) {
        zeros = arena.allocate(ZERO_BYTES, 8);   // allocate() zero-fills
    }

    boolean isZero(MemorySegment ram, long offset, long length) {
        long done = 0;
        while (done < length) {
            long n = Math.min(ZERO_BYTES, length - done);
            long from = offset + done;
            if (MemorySegment.mismatch(ram, from, from + n, zeros, 0, n) != -1) {
                return false;
            }
            done += n;
        }
        return true;
    }
}
