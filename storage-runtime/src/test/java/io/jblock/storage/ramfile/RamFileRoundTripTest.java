package io.jblock.storage.ramfile;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Save and restore in every combination of direct-io, channels and page size, byte-compared. */
class RamFileRoundTripTest {

    @TempDir
    Path dir;

    static Stream<Arguments> parameters() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (boolean directIo : new boolean[] {false, true}) {
            for (int channels : new int[] {1, 2, 4}) {
                for (int pageSize : new int[] {4096, 65536}) {
                    b.add(Arguments.of(directIo, channels, pageSize));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "direct-io={0} channels={1} page-size={2}")
    @MethodSource("parameters")
    void roundTrip(boolean directIo, int channels, int pageSize) throws Exception {
        RamFileParameters params = new RamFileParameters(directIo, channels, pageSize);
        Path file = dir.resolve("ram.img");
        try (Arena arena = Arena.ofShared()) {
            List<RamBlock> ram = TestRam.blocks(arena, 42 + pageSize + channels);
            RamFileSummary saved;
            try (RamFileWriter writer = RamFileWriter.open(file, params)) {
                saved = writer.save(ram);
            }
            for (int i = 0; i < ram.size(); i++) {
                MemorySegment seg = ram.get(i).memory();
                assertEquals(TestRam.pagesWithData(seg, pageSize), saved.blocks().get(i).pagesPresent(),
                        "pages present in block " + ram.get(i).id());
            }
            assertEquals(0, saved.blocks().get(3).pagesPresent(), "the all-zero block stores no page");

            List<RamBlock> targets = TestRam.garbageTargets(arena, ram);
            RamFileSummary restored;
            try (RamFileReader reader = RamFileReader.open(file, params)) {
                restored = reader.restore(targets);
            }
            assertEquals(saved, restored);
            assertEquals(saved, RamFileReader.check(file));
            for (int i = 0; i < ram.size(); i++) {
                MemorySegment expected = ram.get(i).memory();
                MemorySegment actual = targets.get(i).memory();
                assertEquals(-1, expected.mismatch(actual), "block " + ram.get(i).id() + " differs after restore");
            }
        }
    }

    /**
     * A page whose bit is clear restores as zeros even when the file holds stale data there (a
     * file from another writer need not leave holes); reads that span short gaps must not leak it.
     */
    @ParameterizedTest(name = "direct-io={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void absentPagesRestoreAsZerosWhateverTheFileHolds(boolean directIo) throws Exception {
        RamFileParameters params = new RamFileParameters(directIo, 2, 4096);
        Path file = dir.resolve("stale.img");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(64 * 4096, 4096);
            for (long p = 0; p < 64; p++) {
                if (p % 3 != 1) {   // pages 1, 4, 7, ... stay zero: gaps of one page between data
                    seg.asSlice(p * 4096, 4096).fill((byte) (p + 1));
                }
            }
            List<RamBlock> ram = List.of(new RamBlock("ram", seg));
            RamFileSummary s;
            try (RamFileWriter w = RamFileWriter.open(file, params)) {
                s = w.save(ram);
            }
            BlockLayout l = s.blocks().getFirst().layout();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                for (long p = 1; p < 64; p += 3) {
                    java.nio.ByteBuffer stale = java.nio.ByteBuffer.allocate(4096);
                    java.util.Arrays.fill(stale.array(), (byte) 0xEE);
                    ch.write(stale, l.pageOffset(p));
                }
            }
            List<RamBlock> targets = TestRam.garbageTargets(arena, ram);
            try (RamFileReader r = RamFileReader.open(file, params)) {
                r.restore(targets);
            }
            assertEquals(-1, seg.mismatch(targets.getFirst().memory()));
        }
    }

    /** Negative control: a target that is not restored differs, so the comparison above can fail. */
    @ParameterizedTest(name = "page-size={0}")
    @MethodSource("pageSizes")
    void garbageTargetDiffersWithoutRestore(int pageSize) {
        try (Arena arena = Arena.ofShared()) {
            List<RamBlock> ram = TestRam.blocks(arena, 7);
            List<RamBlock> targets = TestRam.garbageTargets(arena, ram);
            for (int i = 0; i < ram.size(); i++) {
                assertNotEquals(-1, ram.get(i).memory().mismatch(targets.get(i).memory()));
            }
            assertNotEquals(0, TestRam.pagesWithData(ram.get(0).memory(), pageSize));
            assertNotEquals(TestRam.pagesWithData(ram.get(0).memory(), pageSize),
                    (ram.get(0).memory().byteSize() + pageSize - 1) / pageSize, "the RAM has zero pages");
        }
    }

    static Stream<Integer> pageSizes() {
        return Stream.of(4096, 65536);
    }
}
