package io.jblock.storage.ramfile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged files and wrong targets are refused with a clear exception, before the target changes. */
class RamFileCorruptionTest {

    @TempDir
    Path dir;

    private Arena arena;
    private List<RamBlock> ram;
    private Path file;
    private RamFileSummary saved;

    @BeforeEach
    void save() throws IOException {
        arena = Arena.ofAuto();
        ram = List.of(TestRam.block(arena, "pc.ram", 2 << 20, 5), TestRam.block(arena, "vram", 256 * 1024, 6));
        file = dir.resolve("ram.img");
        try (RamFileWriter w = RamFileWriter.open(file, RamFileParameters.DEFAULTS)) {
            saved = w.save(ram);
        }
    }

    /** Negative control: the undamaged file restores. */
    @Test
    void intactFileRestores() throws IOException {
        List<RamBlock> targets = TestRam.garbageTargets(arena, ram);
        try (RamFileReader r = RamFileReader.open(file, RamFileParameters.DEFAULTS)) {
            r.restore(targets);
        }
        assertEquals(-1, ram.get(0).memory().mismatch(targets.get(0).memory()));
    }

    @Test
    void badMagic() throws IOException {
        patch(0, new byte[] {'X'});
        RamFileFormatException e = expectFormatError();
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void fileOfZerosIsNotARamFile() throws IOException {
        Files.write(file, new byte[1 << 20]);
        assertTrue(expectFormatError().getMessage().contains("not a RAM file"));
    }

    @Test
    void unsupportedVersion() throws IOException {
        patchLong(8, 2, 4);
        RamFileFormatException e = expectFormatError();
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void headerCrcMismatch() throws IOException {
        // used length of the first block in the block list: after magic, version, count, id length, id
        patchLong(16 + 2 + "pc.ram".length(), 4 << 20, 8);
        assertTrue(expectFormatError().getMessage().contains("CRC-32C"));
    }

    @Test
    void pagesOffsetOutsideFile() throws IOException {
        BlockLayout b = saved.blocks().get(1).layout();
        long field = b.bitmapOffset() - 8;   // pages offset is the last field of the mapped-ram header
        patchLong(field, 1L << 40, 8);
        RamFileFormatException e = expectFormatError();
        assertEquals(field, e.offset());
        assertTrue(e.getMessage().contains("past the end of the file"), e.getMessage());
        assertTrue(e.getMessage().contains("vram"), e.getMessage());
    }

    @Test
    void pagesOffsetMisaligned() throws IOException {
        BlockLayout b = saved.blocks().get(0).layout();
        patchLong(b.bitmapOffset() - 8, b.pagesOffset() + 4096, 8);
        assertTrue(expectFormatError().getMessage().contains("not a multiple of 1048576"));
    }

    @Test
    void badPageSize() throws IOException {
        BlockLayout b = saved.blocks().get(0).layout();
        patchLong(b.bitmapOffset() - 24, 3000, 8);
        assertTrue(expectFormatError().getMessage().contains("page size 3000"));
    }

    @Test
    void strayBitBeyondLastPage() throws IOException {
        // vram: 64 pages of 4 KiB = one full word; use pc.ram? 512 pages = 8 words, also full.
        // Make a file whose last word is partial instead.
        Path odd = dir.resolve("odd.img");
        List<RamBlock> oddRam = List.of(TestRam.block(arena, "odd", 70 * 4096, 8));
        RamFileSummary s;
        try (RamFileWriter w = RamFileWriter.open(odd, RamFileParameters.DEFAULTS)) {
            s = w.save(oddRam);
        }
        BlockLayout b = s.blocks().get(0).layout();
        file = odd;
        patch(b.bitmapOffset() + 15, new byte[] {(byte) 0x80});   // bit 127, page 127 of 70
        assertTrue(expectFormatError().getMessage().contains("marks page 127 present"));
    }

    @Test
    void truncatedInPagesRegion() throws IOException {
        truncate(saved.fileSize() - 4096);
        RamFileFormatException e = expectFormatError();
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedInHeader() throws IOException {
        truncate(10);
        assertTrue(expectFormatError().getMessage().contains("truncated"));
    }

    @Test
    void emptyFile() throws IOException {
        truncate(0);
        assertTrue(expectFormatError().getMessage().contains("truncated"));
    }

    @Test
    void targetSizeMismatchLeavesTargetUntouched() throws IOException {
        List<RamBlock> targets = List.of(new RamBlock("pc.ram", garbage(2 << 20)), new RamBlock("vram", garbage(128 * 1024)));
        RamFileMismatchException e = assertThrows(RamFileMismatchException.class, () -> restore(targets, RamFileParameters.DEFAULTS));
        assertTrue(e.getMessage().contains("'vram' has 262144 bytes in the file but the target has 131072"), e.getMessage());
        assertEquals(-1, targets.get(0).memory().mismatch(garbage(2 << 20)), "nothing restored");
    }

    @Test
    void missingAndExtraTargets() {
        assertThrows(RamFileMismatchException.class,
                () -> restore(List.of(new RamBlock("pc.ram", garbage(2 << 20))), RamFileParameters.DEFAULTS));
        RamFileMismatchException e = assertThrows(RamFileMismatchException.class, () -> restore(List.of(
                new RamBlock("pc.ram", garbage(2 << 20)), new RamBlock("vram", garbage(256 * 1024)),
                new RamBlock("extra", garbage(4096))), RamFileParameters.DEFAULTS));
        assertTrue(e.getMessage().contains("extra"));
    }

    @Test
    void pageSizeMismatch() {
        List<RamBlock> targets = TestRam.garbageTargets(arena, ram);
        RamFileMismatchException e = assertThrows(RamFileMismatchException.class,
                () -> restore(targets, RamFileParameters.DEFAULTS.withPageSize(65536)));
        assertTrue(e.getMessage().contains("page size 4096"), e.getMessage());
    }

    private MemorySegment garbage(long size) {
        MemorySegment s = arena.allocate(size);
        s.fill((byte) 0xA5);
        return s;
    }

    private void restore(List<RamBlock> targets, RamFileParameters params) throws IOException {
        try (RamFileReader r = RamFileReader.open(file, params)) {
            r.restore(targets);
        }
    }

    /** Restore and check both refuse the file; the message names the file. */
    private RamFileFormatException expectFormatError() {
        RamFileFormatException checked = assertThrows(RamFileFormatException.class, () -> RamFileReader.check(file));
        RamFileFormatException e = assertThrows(RamFileFormatException.class,
                () -> restore(TestRam.garbageTargets(arena, ram), RamFileParameters.DEFAULTS));
        assertEquals(checked.getMessage(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(file.toString(), e.file());
        return e;
    }

    private void patch(long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private void patchLong(long offset, long value, int width) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        byte[] bytes = new byte[width];
        b.get(0, bytes);
        patch(offset, bytes);
    }

    private void truncate(long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
