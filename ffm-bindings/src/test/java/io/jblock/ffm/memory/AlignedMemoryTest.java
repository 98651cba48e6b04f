package io.jblock.ffm.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignedMemoryTest {

    @Test
    void allocatesAtTheRequestedAlignment() {
        try (Arena arena = Arena.ofConfined()) {
            for (long alignment : new long[] {512, 4096, 65536}) {
                for (int i = 0; i < 8; i++) {
                    MemorySegment s = AlignedMemory.allocate(arena, alignment * 3, alignment);
                    assertEquals(0, s.address() % alignment);
                    assertEquals(alignment * 3, s.byteSize());
                    assertTrue(AlignedMemory.isAligned(s, alignment));
                    AlignedMemory.requireAligned(s, alignment, "buffer");
                }
            }
        }
    }

    @Test
    void rejectsAlignmentsThatAreNotPowersOfTwo() {
        try (Arena arena = Arena.ofConfined()) {
            for (long bad : new long[] {0, -4096, 3, 4095, 6144}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> AlignedMemory.allocate(arena, 4096, bad));
                assertTrue(e.getMessage().contains("power of two"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> AlignedMemory.allocate(arena, -1, 4096));
        }
    }

    @Test
    void misalignedAddressSizeAndHeapSegmentsAreReportedClearly() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = AlignedMemory.allocate(arena, 3 * 4096, 4096);
            MemorySegment offByOne = s.asSlice(1, 4096);
            assertFalse(AlignedMemory.isAligned(offByOne, 4096));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AlignedMemory.requireAligned(offByOne, 4096, "read buffer for /tmp/a.img"));
            assertTrue(e.getMessage().startsWith("read buffer for /tmp/a.img: address 0x"), e.getMessage());
            assertTrue(e.getMessage().contains("off by 1"), e.getMessage());

            MemorySegment shortSize = s.asSlice(0, 4000);
            assertFalse(AlignedMemory.isAligned(shortSize, 4096));
            e = assertThrows(IllegalArgumentException.class, () -> AlignedMemory.requireAligned(shortSize, 4096, "buf"));
            assertTrue(e.getMessage().contains("size 4000"), e.getMessage());

            MemorySegment heap = MemorySegment.ofArray(new byte[4096]);
            assertFalse(AlignedMemory.isAligned(heap, 1));
            e = assertThrows(IllegalArgumentException.class, () -> AlignedMemory.requireAligned(heap, 4096, "buf"));
            assertTrue(e.getMessage().contains("heap segment"), e.getMessage());
        }
    }
}
