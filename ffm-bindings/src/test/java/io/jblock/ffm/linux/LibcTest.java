package io.jblock.ffm.linux;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw bindings used directly, the way jextract users call them, against the kernel. */
class LibcTest {

    @Test
    void preadvScattersIntoTwoIovecs() throws IOException {
        Path dir = Path.of("target", "test-files");
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "preadv", ".bin");
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 3 + 1);
        }
        Files.write(file, bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.errnoCaptureLayout());
            MemorySegment path = arena.allocateFrom(file.toString());
            int fd = Libc.open.makeInvoker(Libc.C_INT).apply(errno, path, Libc.O_RDONLY() | Libc.O_CLOEXEC(), 0);
            assertTrue(fd >= 0, "open failed, errno " + Libc.errno(errno));
            MemorySegment a = arena.allocate(100);
            MemorySegment b = arena.allocate(150);
            MemorySegment iov = Iovec.allocateArray(2, arena);
            Iovec.iov_base(Iovec.asSlice(iov, 0), a);
            Iovec.iov_len(Iovec.asSlice(iov, 0), a.byteSize());
            Iovec.iov_base(Iovec.asSlice(iov, 1), b);
            Iovec.iov_len(Iovec.asSlice(iov, 1), b.byteSize());
            assertEquals(250, Libc.preadv(errno, fd, iov, 2, 10));
            assertEquals(bytes[10], a.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(bytes[109], a.get(ValueLayout.JAVA_BYTE, 99));
            assertEquals(bytes[110], b.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(bytes[259], b.get(ValueLayout.JAVA_BYTE, 149));
            assertEquals(-1, Libc.pread(errno, -1, a, 1, 0));
            assertEquals(9 /* EBADF */, Libc.errno(errno));
            assertEquals(0, Libc.close(errno, fd));
        }
    }

    @Test
    void ioUringSetupFillsTheParamsTheWayTheLayoutSays() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.errnoCaptureLayout());
            MemorySegment params = IoUringParams.allocate(arena);
            var syscall2 = Libc.syscall.makeInvoker(Libc.C_LONG, Libc.C_POINTER);
            long fd = (long) syscall2.apply(errno, Libc.SYS_io_uring_setup(), 8L, params);
            if (fd < 0) {
                // io_uring can be disabled (sysctl kernel.io_uring_disabled); that is not a binding bug.
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "io_uring_setup failed: errno " + Libc.errno(errno));
            }
            try {
                assertEquals(8, IoUringParams.sq_entries(params));
                assertEquals(16, IoUringParams.cq_entries(params), "the CQ is twice the SQ by default");
                assertTrue((IoUringParams.features(params) & Libc.IORING_FEAT_SINGLE_MMAP()) != 0);
                MemorySegment sq = IoUringParams.sq_off(params);
                MemorySegment cq = IoUringParams.cq_off(params);
                // Offsets within the ring mmaps: head comes first, the arrays after the counters.
                assertEquals(0, IoSqringOffsets.head(sq));
                assertTrue(IoSqringOffsets.array(sq) > IoSqringOffsets.ring_entries(sq));
                assertTrue(IoCqringOffsets.cqes(cq) > IoCqringOffsets.ring_entries(cq));
                assertEquals(0, IoCqringOffsets.cqes(cq) % IoUringCqe.sizeof());
            } finally {
                Libc.close(errno, (int) fd);
            }
        }
    }
}
