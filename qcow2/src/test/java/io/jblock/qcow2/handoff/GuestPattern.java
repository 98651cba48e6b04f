package io.jblock.qcow2.handoff;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Content the two processes of the handoff test write and verify, spelled on one token so it
 * fits the peer's line protocol: {@code cXX} is the constant byte 0xXX everywhere (what
 * {@code qemu-io write -P 0xXX} writes; {@code c00} is an unallocated range), {@code sN} a byte
 * that depends on the seed N and on the guest offset, so data that lands in the wrong cluster,
 * or a stale copy of another seed, never verifies.
 */
final class GuestPattern {
    private final String token;
    private final boolean constant;
    private final long value;

    GuestPattern(String token) {
        if (!token.matches("c[0-9a-f]{2}|s[0-9]{1,9}")) {
            throw new IllegalArgumentException("pattern must be cXX (hex byte) or sN (seed): " + token);
        }
        this.token = token;
        this.constant = token.charAt(0) == 'c';
        this.value = constant ? Integer.parseInt(token.substring(1), 16) : Long.parseLong(token.substring(1));
    }

    static GuestPattern constant(int value) {
        return new GuestPattern(String.format("c%02x", value & 0xff));
    }

    static GuestPattern seeded(int seed) {
        return new GuestPattern("s" + seed);
    }

    /** The byte this pattern has at guest offset {@code guestOffset}. */
    byte at(long guestOffset) {
        if (constant) {
            return (byte) value;
        }
        long h = (guestOffset + 1) * 0x9E3779B97F4A7C15L ^ (value + 1) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (byte) (h >>> 56);
    }

    /** Fills {@code dst}, whose first byte stands for guest offset {@code guestOffset}. */
    void fill(MemorySegment dst, long guestOffset) {
        if (constant) {
            dst.fill((byte) value);
            return;
        }
        for (long i = 0; i < dst.byteSize(); i++) {
            dst.set(ValueLayout.JAVA_BYTE, i, at(guestOffset + i));
        }
    }

    /** Guest offset of the first byte of {@code src} that differs from the pattern, or -1. */
    long firstMismatch(MemorySegment src, long guestOffset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment expected = arena.allocate(src.byteSize());
            fill(expected, guestOffset);
            long i = src.mismatch(expected);
            return i < 0 ? -1 : guestOffset + i;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestPattern p && p.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return token;
    }
}
