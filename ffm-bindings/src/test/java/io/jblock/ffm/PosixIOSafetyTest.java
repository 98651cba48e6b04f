package io.jblock.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 1 and 2: every exported entry point keeps to the segment it was given, also
 * where the buffer's address travels in an iovec (preadv2/pwritev2) or a mapping (mmap), and a
 * read never writes into a read-only segment.
 */
class PosixIOSafetyTest {

    private static final int MiB = 1 << 20;

    private Path dir;
    private Path file;
    private String path;
    private int fd;
    private Arena arena;

    @BeforeEach
    void setUp() throws IOException {
        dir = TestFiles.newDirectory("posixio-safety");
        file = dir.resolve("data.img");
        path = file.toString();
        fd = PosixIO.openFd(path, Libc.O_RDWR() | Libc.O_CREAT(), 0644);
        arena = Arena.ofConfined();
        MemorySegment data = arena.allocate(64 * 1024);
        TestFiles.fillPattern(data, 3);
        PosixIO.pwriteFd(fd, data, 0, path);
    }

    @AfterEach
    void tearDown() throws IOException {
        PosixIO.closeFd(fd, path);
        arena.close();
        Files.deleteIfExists(file);
    }

    @Test
    void aReadIntoAReadOnlySegmentIsRefusedAndWritesNothing() throws Exception {
        MemorySegment writable = arena.allocate(4096, 4096);
        MemorySegment readOnly = writable.asReadOnly();
        assertReadOnlyRefused(() -> PosixIO.preadFd(fd, readOnly, 0, path));
        assertReadOnlyRefused(() -> PosixIO.preadv2Fd(fd, readOnly, 0, 0, path));
        try (Arena shared = Arena.ofShared()) { // the bounced path
            MemorySegment sharedRo = shared.allocate(4096, 4096).asReadOnly();
            assertReadOnlyRefused(() -> PosixIO.preadv2Fd(fd, sharedRo, 0, 0, path));
            assertTrue(TestFiles.allZero(sharedRo));
        }
        assertTrue(TestFiles.allZero(writable), "the refused reads wrote into the segment");
        // control: the writable view reads the file's bytes
        assertEquals(4096, PosixIO.preadFd(fd, writable, 0, path));
        assertFalse(TestFiles.allZero(writable));
        MemorySegment vec = arena.allocate(1).asReadOnly();
        try (Arena mapping = Arena.ofConfined()) {
            MemorySegment map = PosixIO.mmapFd(fd, 0, 4096, Libc.PROT_READ(), Libc.MAP_SHARED(), mapping, path);
            assertReadOnlyRefused(() -> PosixIO.mincore(map, vec));
        }
    }

    private static void assertReadOnlyRefused(ThrowingCall call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals("Read-only buffer", e.getMessage());
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void heapSegmentsAreRefusedWithAMessage() {
        MemorySegment heap = MemorySegment.ofArray(new byte[512]);
        for (ThrowingCall c : new ThrowingCall[] {
                () -> PosixIO.preadFd(fd, heap, 0, path), () -> PosixIO.pwriteFd(fd, heap, 0, path),
                () -> PosixIO.preadv2Fd(fd, heap, 0, 0, path), () -> PosixIO.pwritev2Fd(fd, heap, 0, 0, path)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::run);
            assertTrue(e.getMessage().contains("needs a native buffer"), e.getMessage());
        }
    }

    /** Shared-arena buffers go through the bounce buffer: several chunks and a partial tail, both ways. */
    @Test
    void iovecTransfersOfSharedBuffersMoveTheSameBytes() throws Exception {
        long size = 3L * MiB + 12345;
        try (Arena shared = Arena.ofShared()) {
            MemorySegment src = shared.allocate(size);
            TestFiles.fillPattern(src, 9);
            PosixIO.pwritev2Fd(fd, src, 4096, 0, path);
            MemorySegment viaPread = arena.allocate(size);
            assertEquals(size, PosixIO.preadFd(fd, viaPread, 4096, path));
            assertEquals(-1, viaPread.mismatch(src));
            MemorySegment dst = shared.allocate(size + 5000);
            // reads up to end of file: a short count through the bounce buffer too
            assertEquals(size, PosixIO.preadv2Fd(fd, dst, 4096, 0, path));
            assertEquals(-1, dst.asSlice(0, size).mismatch(src));
            assertTrue(TestFiles.allZero(dst.asSlice(size)));
            // an automatic arena's buffer is bounced as well, and a global one
            MemorySegment auto = Arena.ofAuto().allocate(100);
            assertEquals(100, PosixIO.preadv2Fd(fd, auto, 4096, 0, path));
            assertEquals(-1, auto.mismatch(src.asSlice(0, 100)));
        }
    }

    @Test
    void aBufferConfinedToAnotherThreadOrClosedIsRefused() throws Exception {
        MemorySegment[] other = new MemorySegment[1];
        Arena[] otherArena = new Arena[1];
        CompletableFuture.runAsync(() -> {
            otherArena[0] = Arena.ofConfined();
            other[0] = otherArena[0].allocate(4096);
        }).get();
        assertThrows(WrongThreadException.class, () -> PosixIO.preadv2Fd(fd, other[0], 0, 0, path));
        assertThrows(WrongThreadException.class, () -> PosixIO.preadFd(fd, other[0], 0, path));
        Arena closed = Arena.ofConfined();
        MemorySegment gone = closed.allocate(4096);
        closed.close();
        assertThrows(IllegalStateException.class, () -> PosixIO.preadv2Fd(fd, gone, 0, 0, path));
        assertThrows(IllegalStateException.class, () -> PosixIO.pwritev2Fd(fd, gone, 0, 0, path));
    }

    @Test
    void aMappingLivesExactlyAsLongAsItsArena() throws Exception {
        Arena mapping = Arena.ofConfined();
        MemorySegment map = PosixIO.mmapFd(fd, 0, 8192, Libc.PROT_READ() | Libc.PROT_WRITE(), Libc.MAP_SHARED(),
                mapping, path);
        assertFalse(map.isReadOnly());
        assertEquals(8192, map.byteSize());
        MemorySegment expect = arena.allocate(8192);
        PosixIO.preadFd(fd, expect, 0, path);
        assertEquals(-1, map.mismatch(expect));
        long address = map.address();
        assertTrue(isMapped(address), "mapping not in /proc/self/maps");
        mapping.close();
        assertFalse(isMapped(address), "closing the arena did not unmap");
        assertThrows(IllegalStateException.class, () -> map.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> {
            try (Arena a = Arena.ofConfined()) {
                PosixIO.mmapFd(fd, 0, 4096, Libc.PROT_READ(), Libc.MAP_SHARED(), a, path).get(ValueLayout.JAVA_BYTE, 4096);
            }
        });
    }

    private static boolean isMapped(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void mmapRefusesFixedAddressesAndEmptyLengths() {
        try (Arena a = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> PosixIO.mmapFd(fd, 0, 4096, Libc.PROT_READ(),
                    Libc.MAP_SHARED() | Libc.MAP_FIXED(), a, path));
            assertThrows(IllegalArgumentException.class, () -> PosixIO.mmapFd(fd, 0, 0, Libc.PROT_READ(),
                    Libc.MAP_SHARED(), a, path));
        }
    }

    /**
     * MADV_DONTNEED on a private anonymous page zeroes the whole page, beyond a small segment in it:
     * refused; content-keeping advice is taken.
     */
    @Test
    void madviseTakesOnlyAdviceThatKeepsTheContents() throws Exception {
        MemorySegment page = AlignedMemory.allocate(arena, PosixIO.pageSize(), PosixIO.pageSize());
        page.fill((byte) 7);
        MemorySegment small = page.asSlice(0, 16);
        for (int advice : new int[] {Libc.MADV_DONTNEED(), Libc.MADV_FREE(), Libc.MADV_REMOVE()}) {
            assertThrows(IllegalArgumentException.class, () -> PosixIO.madvise(small, advice));
        }
        assertEquals(7, page.get(ValueLayout.JAVA_BYTE, PosixIO.pageSize() - 1));
        PosixIO.madvise(page, Libc.MADV_WILLNEED());
        PosixIO.madvise(page, Libc.MADV_RANDOM());
        assertEquals(7, page.get(ValueLayout.JAVA_BYTE, PosixIO.pageSize() - 1));
    }
}
