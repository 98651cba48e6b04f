package io.jblock.storage.ramfile;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * RAM that O_DIRECT cannot use in place (unaligned native segments, heap segments) as source and
 * target, in a confined arena: only the calling thread, which runs channel 0, may touch it.
 */
class RamFileSourceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "direct-io={0}")
    @ValueSource(booleans = {true, false})
    void unalignedAndHeapSegments(boolean directIo) throws Exception {
        RamFileParameters params = new RamFileParameters(directIo, 2, 4096);
        Path file = dir.resolve("ram.img");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment unaligned = arena.allocate((3 << 20) + 4096 + 1, 4096).asSlice(1, 3 << 20);
            assertNotEquals(0, unaligned.address() % 512, "the source really is unaligned");
            TestRam.fill(unaligned, 11);
            byte[] heap = new byte[(1 << 20) + 777];
            MemorySegment heapSeg = MemorySegment.ofArray(heap);
            TestRam.fill(heapSeg, 12);
            List<RamBlock> ram = List.of(new RamBlock("unaligned", unaligned), new RamBlock("heap", heapSeg));
            try (RamFileWriter w = RamFileWriter.open(file, params)) {
                w.save(ram);
            }

            MemorySegment target1 = arena.allocate((3 << 20) + 4096 + 3, 4096).asSlice(3, 3 << 20);
            target1.fill((byte) 0x5A);
            MemorySegment target2 = MemorySegment.ofArray(new byte[heap.length]);
            target2.fill((byte) 0x5A);
            try (RamFileReader r = RamFileReader.open(file, params)) {
                r.restore(List.of(new RamBlock("heap", target2), new RamBlock("unaligned", target1)));
            }
            assertEquals(-1, unaligned.mismatch(target1));
            assertEquals(-1, heapSeg.mismatch(target2));

            // And an aligned native target from the same file (pages read in place).
            MemorySegment aligned = arena.allocate(3 << 20, 4096);
            MemorySegment heap2 = MemorySegment.ofArray(new byte[heap.length]);
            try (RamFileReader r = RamFileReader.open(file, params)) {
                r.restore(List.of(new RamBlock("heap", heap2), new RamBlock("unaligned", aligned)));
            }
            assertEquals(-1, unaligned.mismatch(aligned));
        }
    }
}
