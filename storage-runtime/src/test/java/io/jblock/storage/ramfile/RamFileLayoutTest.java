package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file on disk, read raw (java.nio, not our reader): header fields, 1 MiB alignment of the
 * pages region, page n at pages offset + n * page size, bitmap bits, and zero pages left as
 * holes (SEEK_DATA / SEEK_HOLE).
 */
class RamFileLayoutTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "page-size={0}")
    @ValueSource(ints = {4096, 65536})
    void layoutMatchesSpecification(int pageSize) throws Exception {
        Path file = dir.resolve("ram.img");
        try (Arena arena = Arena.ofShared()) {
            List<RamBlock> ram = TestRam.blocks(arena, 99);
            try (RamFileWriter writer = RamFileWriter.open(file, new RamFileParameters(true, 2, pageSize))) {
                writer.save(ram);
            }
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[8];
            all.get(0, magic);
            assertArrayEquals("JBLKRAM\n".getBytes(StandardCharsets.US_ASCII), magic);
            assertEquals(1, all.getInt(8));
            assertEquals(ram.size(), all.getInt(12));
            int pos = 16;
            for (RamBlock b : ram) {
                pos = expectIdentity(all, pos, b);
            }
            pos += 4;   // CRC
            long blockHeader = pos;
            for (RamBlock b : ram) {
                int p = expectIdentity(all, (int) blockHeader, b);
                assertEquals(1, all.getInt(p), "mapped-ram header version");
                assertEquals(pageSize, all.getLong(p + 4), "page size");
                long bitmapOffset = all.getLong(p + 12);
                long pagesOffset = all.getLong(p + 20);
                assertEquals(p + 28, bitmapOffset, "bitmap follows the header");
                assertEquals(0, pagesOffset % (1 << 20), "pages offset is a multiple of 1 MiB");
                long pages = (b.usedLength() + pageSize - 1) / pageSize;
                assertTrue(bitmapOffset + (pages + 63) / 64 * 8 <= pagesOffset);
                for (long n = 0; n < pages; n++) {
                    long word = all.getLong((int) (bitmapOffset + (n / 64) * 8));
                    boolean bit = (word & (1L << (n % 64))) != 0;
                    boolean data = TestRam.pageHasData(b.memory(), n, pageSize);
                    assertEquals(data, bit, "bitmap bit of page " + n + " of " + b.id());
                    long used = Math.min(pageSize, b.usedLength() - n * pageSize);
                    byte[] expected = b.memory().asSlice(n * pageSize, used).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    byte[] actual = new byte[(int) used];
                    all.get((int) (pagesOffset + n * pageSize), actual);
                    assertArrayEquals(expected, actual, "page " + n + " of " + b.id() + " at its fixed offset");
                }
                blockHeader = pagesOffset + pages * pageSize;
            }
            assertEquals(blockHeader, Files.size(file), "the file ends with the last pages region");

            // Zero pages were not written: their ranges are holes; pages with data are data.
            RamFileSummary summary = RamFileReader.check(file);
            String path = file.toString();
            int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
            try {
                int holes = 0;
                for (int i = 0; i < ram.size(); i++) {
                    BlockLayout l = summary.blocks().get(i).layout();
                    for (long n = 0; n < l.pageCount(); n++) {
                        long off = l.pageOffset(n);
                        long nextData = PosixIO.lseekFd(fd, off, Libc.SEEK_DATA(), path);
                        if (TestRam.pageHasData(ram.get(i).memory(), n, pageSize)) {
                            assertEquals(off, nextData, "page " + n + " of " + l.id() + " is allocated");
                        } else {
                            assertTrue(nextData == -1 || nextData >= off + pageSize,
                                    "zero page " + n + " of " + l.id() + " is a hole, but data at " + nextData);
                            holes++;
                        }
                    }
                }
                assertTrue(holes >= 4, "the test RAM has zero pages: " + holes);
            } finally {
                PosixIO.closeFd(fd, path);
            }
        }
    }

    private static int expectIdentity(ByteBuffer buf, int pos, RamBlock b) {
        byte[] id = b.id().getBytes(StandardCharsets.UTF_8);
        assertEquals(id.length, Short.toUnsignedInt(buf.getShort(pos)));
        byte[] stored = new byte[id.length];
        buf.get(pos + 2, stored);
        assertArrayEquals(id, stored);
        assertEquals(b.usedLength(), buf.getLong(pos + 2 + id.length));
        return pos + 2 + id.length + 8;
    }

    /** A file of only zero pages has no data in its pages region; RAM with one byte set has some. */
    @Test
    void zeroPagesLeaveNoDataExtents() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment zeros = arena.allocate(4 << 20, 4096);
            Path zeroFile = dir.resolve("zeros.img");
            long zeroData = dataInPagesRegion(zeroFile, List.of(new RamBlock("ram", zeros)));
            assertEquals(0, zeroData, "an all-zero RAM writes no page");
            assertEquals((4 << 20) + (1 << 20), Files.size(zeroFile), "but the file still spans the pages region");

            // Negative control: the same RAM with a single non-zero byte does allocate its page.
            zeros.set(java.lang.foreign.ValueLayout.JAVA_BYTE, (2 << 20) + 123, (byte) 7);
            long oneByteData = dataInPagesRegion(dir.resolve("one.img"), List.of(new RamBlock("ram", zeros)));
            assertTrue(oneByteData >= 4096, "one non-zero byte must store its page, data bytes: " + oneByteData);
        }
    }

    /** Saves {@code ram} with direct-io and returns the bytes of data extents from the first pages offset on. */
    private long dataInPagesRegion(Path file, List<RamBlock> ram) throws IOException {
        RamFileSummary summary;
        try (RamFileWriter writer = RamFileWriter.open(file, new RamFileParameters(true, 2, 4096))) {
            summary = writer.save(ram);
        }
        long start = summary.blocks().get(0).layout().pagesOffset();
        String path = file.toString();
        int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
        try {
            long size = PosixIO.fstatFd(fd, path).size();
            long data = 0;
            long off = start;
            while (off < size) {
                long d = PosixIO.lseekFd(fd, off, Libc.SEEK_DATA(), path);
                if (d < 0) {
                    break;
                }
                long h = PosixIO.lseekFd(fd, d, Libc.SEEK_HOLE(), path);
                data += h - d;
                off = h;
            }
            return data;
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }

    /** A small block: headers and bitmap in the first MiB, its two pages right after. */
    @Test
    void smallFileIsOneMiBOfHeadersThenItsPages() throws Exception {
        Path file = dir.resolve("small.img");
        try (Arena arena = Arena.ofShared()) {
            try (RamFileWriter w = RamFileWriter.open(file, RamFileParameters.DEFAULTS)) {
                w.save(List.of(TestRam.block(arena, "a", 8192, 1)));
            }
        }
        try (FileChannel ch = FileChannel.open(file)) {
            assertEquals((1 << 20) + 8192, ch.size());
        }
    }
}
