package io.jblock.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Finding zero bytes fast (qemu-img's buffer_is_zero): a range is compared with a zeroed segment
 * by {@link MemorySegment#mismatch}, which the JDK runs as a vectorized intrinsic, so a megabyte
 * of zeroes costs a few tens of microseconds and a data sector is told apart at its first
 * non-zero byte; no slice is allocated per check. Thread-safe (the zeroed segment is read only).
 */
final class ZeroScan {
    /** Compared against; never written (global arena: lives as long as the class). */
    private static final MemorySegment ZEROES = Arena.global().allocate(64 * 1024, 64).asReadOnly();

    private ZeroScan() {
    }

    /** {@return the offset in {@code s} of the first non-zero byte in {@code [from, to)}, or -1} */
    static long firstNonZero(MemorySegment s, long from, long to) {
        long chunk = ZEROES.byteSize();
        for (long pos = from; pos < to; pos += chunk) {
            long k = Math.min(chunk, to - pos);
            long m = MemorySegment.mismatch(s, pos, pos + k, ZEROES, 0, k);
            if (m >= 0) {
                return pos + m;
            }
        }
        return -1;
    }

    /** {@return whether every byte of {@code [from, to)} in {@code s} is zero} */
    static boolean isZero(MemorySegment s, long from, long to) {
        return firstNonZero(s, from, to) < 0;
    }

    /** {@return whether every byte of {@code s} is zero} */
    static boolean isZero(MemorySegment s) {
        return firstNonZero(s, 0, s.byteSize()) < 0;
    }
}
