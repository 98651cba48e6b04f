package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ZeroScanTest {
    @Test
    void findsTheFirstNonZeroByteAcrossChunks() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(300_000, 4096);
            assertTrue(ZeroScan.isZero(s));
            assertEquals(-1, ZeroScan.firstNonZero(s, 0, s.byteSize()));
            for (long at : new long[] {0, 1, 511, 65_535, 65_536, 131_073, 299_999}) {
                s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) 1);
                assertEquals(at, ZeroScan.firstNonZero(s, 0, s.byteSize()), "byte at " + at);
                assertFalse(ZeroScan.isZero(s));
                assertEquals(-1, ZeroScan.firstNonZero(s, at + 1, s.byteSize()));
                assertTrue(at == 0 || ZeroScan.isZero(s, 0, at), "the range before it is zero");
                s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) 0);
            }
            assertTrue(ZeroScan.isZero(s, 10, 10), "an empty range");
        }
    }

    @Test
    void filledWithAgreesForZeroAndOtherValues() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(4099);
            assertTrue(IoSession.filledWith(s, (byte) 0));
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 4098, (byte) 0x80);
            assertFalse(IoSession.filledWith(s, (byte) 0));
            s.fill((byte) 0x5a);
            assertTrue(IoSession.filledWith(s, (byte) 0x5a));
            assertFalse(IoSession.filledWith(s, (byte) 0));
        }
    }
}
