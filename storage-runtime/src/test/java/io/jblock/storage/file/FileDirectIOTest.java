package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O_DIRECT: refusal by the file system, alignment discovery, and reads at the unaligned end of a file. */
class FileDirectIOTest {
    @TempDir
    Path dir;

    @Test
    void fileSystemWithoutODirectIsRefusedAtOpen() throws IOException {
        // procfs files have no direct_IO: open(O_DIRECT) fails with EINVAL
        Path proc = Path.of("/proc/version");
        assumeTrue(Files.isReadable(proc), "/proc/version is not readable here");
        BlockIOException e = assertThrows(BlockIOException.class,
                () -> FileNodes.open(proc, CacheMode.NONE.settings(), true, false));
        assertTrue(e.getMessage().contains("file system does not support O_DIRECT (try cache.direct=off)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("/proc/version"), e.getMessage());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getCause() instanceof NativeIOException, "cause is the failed open");
        // negative control: the same file opens without O_DIRECT
        try (FileDriver buffered = FileNodes.open(proc, CacheMode.WRITEBACK.settings(), true, false)) {
            assertEquals(1, buffered.limits().requestAlignment());
        }
    }

    @Test
    void bufferedIoHasNoAlignment() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("buffered.img"), 8192);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
            BlockLimits l = node.limits();
            assertEquals(1, l.requestAlignment());
            assertEquals(1, l.memoryAlignment());
            assertEquals(FileDriver.MAX_TRANSFER, l.maxTransfer());
        }
    }

    @Test
    void directIoAlignmentFromStatxAgreesWithTrialReads() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("direct.img"), 1 << 16);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE)) {
            FileAlignment statx = AlignmentProbe.fromStatx(node.fd(), img.toString());
            assumeTrue(statx != null, "kernel or file system does not report STATX_DIOALIGN");
            assertEquals(statx, node.alignment(), "statx is asked first");
            assertEquals(statx.requestAlignment(), node.limits().requestAlignment());
            assertEquals(statx.memoryAlignment(), node.limits().memoryAlignment());

            FileAlignment trial = AlignmentProbe.byTrialReads(node.fd(), img.toString());
            assertNotNull(trial, "trial reads found an alignment");
            assertEquals(statx.requestAlignment(), trial.requestAlignment(), "request alignment");
            // trial candidates are 1, 512, 1024...: the smallest candidate the kernel accepts
            int expectedMemory = statx.memoryAlignment() <= 1 ? trial.requestAlignment()
                    : Math.max(512, statx.memoryAlignment());
            assertEquals(expectedMemory, trial.memoryAlignment(), "memory alignment");
        }
    }

    @Test
    void trialReadsOnAnEmptyFileFallBackToTheDefault() throws IOException {
        Path img = dir.resolve("empty.img");
        Files.createFile(img);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE)) {
            FileAlignment trial = AlignmentProbe.byTrialReads(node.fd(), img.toString());
            assertNotNull(trial);
            // an empty file reads nothing at any alignment, which proves nothing
            assertEquals(AlignmentProbe.FALLBACK, trial.requestAlignment());
            assertEquals(AlignmentProbe.FALLBACK, trial.memoryAlignment());
        }
    }

    @Test
    void directWritesAndReadsRoundTrip() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("rt.img"), 1 << 20);
        int align;
        byte[] written;
        try (FileDriver node = FileNodes.open(img, CacheMode.DIRECTSYNC); Arena arena = Arena.ofConfined()) {
            align = Math.max(node.limits().requestAlignment(), node.limits().memoryAlignment());
            MemorySegment src = AlignedMemory.allocate(arena, 3L * align, align);
            for (int i = 0; i < src.byteSize(); i++) {
                src.set(ValueLayout.JAVA_BYTE, i, (byte) (0xa0 + i % 7));
            }
            node.write(5L * align, src, RequestFlags.NONE);
            MemorySegment dst = AlignedMemory.allocate(arena, 3L * align, align);
            node.read(5L * align, dst);
            written = src.toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(written, dst.toArray(ValueLayout.JAVA_BYTE));
        }
        byte[] onDisk = Files.readAllBytes(img);
        for (int i = 0; i < written.length; i++) {
            assertEquals(written[i], onDisk[5 * align + i], "byte " + (5 * align + i) + " read back by the JDK");
        }
        assertEquals(FileNodes.pattern(8L * align), onDisk[8 * align], "byte after the write is untouched");
    }

    @Test
    void lastBlockOfAnUnalignedFileReadsZeroesPastTheEnd() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("tail.img"), 4096 + 1000);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE); Arena arena = Arena.ofConfined()) {
            int align = node.limits().requestAlignment();
            long size = node.size();
            assertEquals(5096, size);
            long start = size / align * align;
            long end = (size + align - 1) / align * align;
            MemorySegment dst = AlignedMemory.allocate(arena, end - start, Math.max(align, node.limits().memoryAlignment()));
            dst.fill((byte) 0x77);
            node.read(start, dst);
            for (long off = start; off < end; off++) {
                byte expected = off < size ? FileNodes.pattern(off) : 0;
                assertEquals(expected, dst.get(ValueLayout.JAVA_BYTE, off - start), "byte at " + off);
            }
        }
    }

    @Test
    void fileShrunkUnderTheNodeIsAnErrorNotZeroes() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("shrunk.img"), 1 << 16);
        for (CacheMode mode : new CacheMode[] {CacheMode.WRITEBACK, CacheMode.NONE}) {
            try (FileDriver node = FileNodes.open(img, mode); Arena arena = Arena.ofConfined()) {
                try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
                    raf.setLength(32768);
                }
                MemorySegment dst = AlignedMemory.allocate(arena, 8192, 4096);
                BlockIOException e = assertThrows(BlockIOException.class, () -> node.read(28672, dst));
                assertTrue(e.getMessage().contains("node 'node-shrunk.img'"), e.getMessage());
                assertTrue(e.getMessage().contains(img.toString()), e.getMessage());
                assertEquals(32768, e.offset(), "offset of the missing bytes");
                assertEquals(img.toString(), e.filename());
                // negative control: the part still inside the file reads fine
                MemorySegment inside = AlignedMemory.allocate(arena, 4096, 4096);
                node.read(28672, inside);
                assertEquals(FileNodes.pattern(28672), inside.get(ValueLayout.JAVA_BYTE, 0));
            }
            FileNodes.patterned(img, 1 << 16);
        }
    }
}
