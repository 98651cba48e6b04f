package io.jblock.ffm.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ring on real files and FIFOs: bytes compared with what plain pread/pwrite see, results of
 * short reads and failed requests, many submitting threads, and the cases where requests must
 * stay in flight (a read on an empty FIFO completes only when a test writes to it): a full ring
 * makes submitters wait, close waits for the kernel, the ring thread never waits for itself.
 */
class IoUringTest {

    /** Long enough for anything here to finish on a loaded machine; only a guard against hanging. */
    private static final long GUARD_SECONDS = 120;

    private Path dir;
    private Arena arena;
    private final List<Integer> fds = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Path base = Path.of("target", "test-files");
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "uring").toAbsolutePath();
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (int fd : fds) {
            PosixIO.closeFd(fd, null);
        }
        arena.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private int open(Path p, int flags) throws IOException {
        int fd = PosixIO.openFd(p.toString(), flags, 0644);
        fds.add(fd);
        return fd;
    }

    /** Records completions by tag and counts them down. */
    static final class Results implements UringCompletion {
        final AtomicReferenceArray<Integer> byTag;
        final CountDownLatch done;
        final AtomicInteger calls = new AtomicInteger();

        Results(int count) {
            byTag = new AtomicReferenceArray<>(count);
            done = new CountDownLatch(count);
        }

        @Override
        public void completed(int result, long offset, MemorySegment buffer, int tag, Object attachment,
                              Object handler) {
            calls.incrementAndGet();
            byTag.set(tag, result);
            done.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS), "completions missing: " + done.getCount());
        }

        int result(int tag) {
            return byTag.get(tag);
        }
    }

    private static void pattern(MemorySegment s, int seed) {
        Random r = new Random(seed);
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
    }

    @Test
    void writesAndReadsMatchWhatPlainSyscallsSee() throws Exception {
        Path p = dir.resolve("data.img");
        int fd = open(p, Libc.O_RDWR() | Libc.O_CREAT());
        PosixIO.ftruncateFd(fd, 1 << 20, null);
        try (IoUring ring = IoUring.open("t", 16, new int[] {fd})) {
            assertTrue(ring.fixedFiles(), "one descriptor must register");
            MemorySegment src = arena.allocate(64 * 1024, 4096);
            pattern(src, 1);
            Results w = new Results(1);
            ring.write(0, src, 8192, 0, w, 0, null, null);
            w.await();
            assertEquals(64 * 1024, w.result(0));
            MemorySegment plain = arena.allocate(64 * 1024, 4096);
            assertEquals(64 * 1024, PosixIO.preadFd(fd, plain, 8192, null));
            assertEquals(-1, src.mismatch(plain), "bytes the ring wrote, read with pread");

            MemorySegment other = arena.allocate(4096, 4096);
            pattern(other, 2);
            PosixIO.pwriteFd(fd, other, 200_000, null);
            MemorySegment dst = arena.allocate(4096, 4096);
            Results r = new Results(1);
            ring.read(0, dst, 200_000, 0, r, 0, null, null);
            r.await();
            assertEquals(4096, r.result(0));
            assertEquals(-1, other.mismatch(dst), "bytes pwrite wrote, read with the ring");
            Results s = new Results(1);
            ring.fsync(0, Libc.IORING_FSYNC_DATASYNC(), s, 0, null, null);
            s.await();
            assertEquals(0, s.result(0));
        }
    }

    @Test
    void directIoWithRegisteredBuffers() throws Exception {
        Path p = dir.resolve("direct.img");
        Files.write(p, new byte[1 << 20]);
        int fd = open(p, Libc.O_RDWR() | Libc.O_DIRECT());
        MemorySegment fixed = arena.allocate(8 * 4096, 4096);
        try (IoUring ring = IoUring.open("t", 8, new int[] {fd}, fixed)) {
            MemorySegment src = fixed.asSlice(0, 4096);
            pattern(src, 3);
            Results w = new Results(2);
            ring.writeFixed(0, src, 4096 * 5, 0, w, 0, null, null);
            ring.write(0, src, 4096 * 9, 0, w, 1, null, null);
            w.await();
            assertEquals(4096, w.result(0));
            assertEquals(4096, w.result(1));
            MemorySegment dst = fixed.asSlice(4096, 2 * 4096);
            Results r = new Results(1);
            ring.readFixed(0, dst, 4096 * 5, 0, r, 0, null, null);
            r.await();
            assertEquals(8192, r.result(0));
            assertEquals(-1, src.mismatch(dst.asSlice(0, 4096)));
            assertTrue(dst.asSlice(4096).elements(ValueLayout.JAVA_BYTE).allMatch(b -> b.get(ValueLayout.JAVA_BYTE, 0) == 0));
            MemorySegment outside = arena.allocate(4096, 4096);
            assertThrows(IllegalArgumentException.class, () -> ring.readFixed(0, outside, 0, 0, r, 0, null, null));
        }
    }

    @Test
    void shortReadAtEndOfFileAndErrorsAreResults() throws Exception {
        Path p = dir.resolve("short.img");
        Files.write(p, new byte[1000]);
        int fd = open(p, Libc.O_RDONLY());
        try (IoUring ring = IoUring.open("t", 4, new int[] {fd})) {
            MemorySegment dst = arena.allocate(4096, 4096);
            Results r = new Results(3);
            ring.read(0, dst, 0, 0, r, 0, null, null);
            ring.read(0, dst, 5000, 0, r, 1, null, null);
            ring.write(0, dst, 0, 0, r, 2, null, null); // a read-only descriptor
            r.await();
            assertEquals(1000, r.result(0), "short read: the bytes up to end of file");
            assertEquals(0, r.result(1), "a read past the end");
            assertEquals(-Errno.EBADF, r.result(2), "write on a read-only descriptor");
            MemorySegment readOnly = dst.asReadOnly();
            assertThrows(IllegalArgumentException.class, () -> ring.read(0, readOnly, 0, 0, r, 0, null, null));
            assertThrows(IllegalArgumentException.class,
                    () -> ring.read(0, MemorySegment.ofArray(new byte[512]), 0, 0, r, 0, null, null));
        }
    }

    @Test
    void fallocatePunchesAHole() throws Exception {
        Path p = dir.resolve("hole.img");
        byte[] ones = new byte[1 << 16];
        java.util.Arrays.fill(ones, (byte) 1);
        Files.write(p, ones);
        int fd = open(p, Libc.O_RDWR());
        try (IoUring ring = IoUring.open("t", 4, new int[] {fd})) {
            Results r = new Results(1);
            ring.fallocate(0, Libc.FALLOC_FL_PUNCH_HOLE() | Libc.FALLOC_FL_KEEP_SIZE(), 4096, 8192, r, 0, null, null);
            r.await();
            assertEquals(0, r.result(0));
        }
        byte[] back = Files.readAllBytes(p);
        assertEquals(1 << 16, back.length);
        for (int i = 0; i < back.length; i++) {
            assertEquals(i >= 4096 && i < 12288 ? 0 : 1, back[i], "byte " + i);
        }
    }

    @Test
    void manyThreadsSubmitAtOnce() throws Exception {
        Path p = dir.resolve("many.img");
        int fd = open(p, Libc.O_RDWR() | Libc.O_CREAT());
        int threads = 8;
        int perThread = 500;
        PosixIO.ftruncateFd(fd, (long) threads * perThread * 512, null);
        MemorySegment all = arena.allocate((long) threads * perThread * 512, 4096);
        pattern(all, 4);
        try (IoUring ring = IoUring.open("t", 32, new int[] {fd})) {
            Results w = new Results(threads * perThread);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    jobs.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            int tag = id * perThread + i;
                            ring.write(0, all.asSlice(tag * 512L, 512), tag * 512L, 0, w, tag, null, null);
                        }
                        return null;
                    }));
                }
                for (Future<?> j : jobs) {
                    j.get(GUARD_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            w.await();
            for (int i = 0; i < threads * perThread; i++) {
                assertEquals(512, w.result(i), "write " + i);
            }
            assertTrue(ring.maxInFlight() <= 32, "never more than the capacity in flight: " + ring.maxInFlight());
            assertEquals(threads * perThread, ring.completed());
            assertEquals(0, ring.inFlight());
        }
        byte[] back = Files.readAllBytes(p);
        assertArrayEquals(all.toArray(ValueLayout.JAVA_BYTE), back);
    }

    // ---------------------------------------------------------------- requests that stay in flight

    /** A FIFO opened read-write: a read on it stays in flight until {@link #feed} writes a byte. */
    private int fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        fifoPath = p;
        return open(p, Libc.O_RDWR());
    }

    private Path fifoPath;

    private void feed(byte[] bytes) throws IOException {
        try (OutputStream out = new FileOutputStream(fifoPath.toFile())) {
            out.write(bytes);
        }
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aFullRingMakesSubmittersWaitUntilACompletionFreesASlot() throws Exception {
        int fd = fifo("full.fifo");
        try (IoUring ring = IoUring.open("t", 4, new int[] {fd})) {
            Results r = new Results(5);
            MemorySegment bytes = arena.allocate(5);
            for (int i = 0; i < 4; i++) {
                ring.read(0, bytes.asSlice(i, 1), -1, 0, r, i, null, null);
            }
            assertEquals(4, ring.inFlight());
            Thread fifth = new Thread(() -> ring.read(0, bytes.asSlice(4, 1), -1, 0, r, 4, null, null));
            fifth.start();
            waitUntil("the fifth submitter waits for a slot", () -> ring.waitingSubmitters() == 1);
            assertTrue(fifth.isAlive());
            assertEquals(4, ring.inFlight(), "the ring took no fifth request");
            feed(new byte[] {1});
            fifth.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            assertFalse(fifth.isAlive(), "a completion freed a slot for the waiting submitter");
            feed(new byte[] {2, 3, 4, 5});
            r.await();
            for (int i = 0; i < 5; i++) {
                assertEquals(1, r.result(i));
            }
            byte[] got = bytes.toArray(ValueLayout.JAVA_BYTE);
            java.util.Arrays.sort(got);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, got);
        }
    }

    @Test
    void theRingThreadNeverWaitsForAFreeSlot() throws Exception {
        int fd = fifo("own.fifo");
        try (IoUring ring = IoUring.open("t", 2, new int[] {fd})) {
            Results pending = new Results(1);
            ring.read(0, arena.allocate(1), -1, 0, pending, 0, null, null);
            Results more = new Results(3);
            // the nop's slot is free when its callback runs: one slot for three requests
            ring.nop((res, off, buf, tag, a, b) -> {
                for (int i = 0; i < 3; i++) {
                    ring.nop(more, i, null, null);
                }
            }, 0, null, null);
            more.await();
            assertEquals(0, more.result(2));
            assertTrue(ring.maxInFlight() <= 2 + 2, "surplus of the ring thread kept aside: " + ring.maxInFlight());
            feed(new byte[] {9});
            pending.await();
        }
    }

    @Test
    void closeWaitsForTheKernelToFinishRequestsInFlight() throws Exception {
        int fd = fifo("close.fifo");
        IoUring ring = IoUring.open("t", 4, new int[] {fd});
        MemorySegment bytes = arena.allocate(2);
        Results r = new Results(2);
        ring.read(0, bytes.asSlice(0, 1), -1, 0, r, 0, null, null);
        ring.read(0, bytes.asSlice(1, 1), -1, 0, r, 1, null, null);
        Thread closer = new Thread(ring::close);
        closer.start();
        waitUntil("close refuses new requests", () -> {
            try {
                ring.nop(r, 0, null, null);
                return false;
            } catch (IllegalStateException e) {
                return true;
            }
        });
        assertTrue(closer.isAlive(), "close waits: two reads are in flight");
        assertEquals(2, ring.inFlight());
        feed(new byte[] {7, 8});
        closer.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(closer.isAlive());
        r.await();
        assertEquals(1, r.result(0));
        assertEquals(1, r.result(1));
        byte[] got = bytes.toArray(ValueLayout.JAVA_BYTE);
        java.util.Arrays.sort(got);
        assertArrayEquals(new byte[] {7, 8}, got, "the kernel wrote into live buffers before close returned");
        assertEquals(0, ring.inFlight());
    }

    @Test
    void closeFromACallbackReleasesTheRingAfterTheLastCompletion() throws Exception {
        IoUring ring = IoUring.open("t", 4, new int[0]);
        CountDownLatch closed = new CountDownLatch(1);
        Results later = new Results(1);
        ring.nop((res, off, buf, tag, a, b) -> {
            ring.close(); // on the ring thread: returns at once
            closed.countDown();
        }, 0, null, null);
        assertTrue(closed.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> ring.nop(later, 0, null, null));
        ring.close(); // joins the ring thread, which has released the ring
        assertEquals(0, ring.inFlight());
    }

    @Test
    void pausedCompletionsKeepTheirSlotsUntilResumed() throws Exception {
        try (IoUring ring = IoUring.open("t", 4, new int[0])) {
            ring.pauseCompletions();
            Results r = new Results(3);
            for (int i = 0; i < 3; i++) {
                ring.nop(r, i, null, null);
            }
            waitUntil("the ring thread holds the completions", () -> ring.heldCompletions() > 0);
            assertEquals(3, ring.inFlight());
            assertEquals(3, r.done.getCount() + r.calls.get(), "no callback while paused");
            assertEquals(0, r.calls.get());
            ring.resumeCompletions();
            r.await();
            assertEquals(0, ring.inFlight());
        }
    }

    @Test
    void openReportsTheKernelsRefusal() {
        assertThrows(IllegalArgumentException.class, () -> IoUring.open("t", 0, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> IoUring.open("t", 8, new int[0],
                MemorySegment.ofArray(new byte[8])));
        NativeIOException e = assertThrows(NativeIOException.class, () -> IoUring.open("t", 4, new int[0],
                MemorySegment.NULL.reinterpret(4096)));
        assertEquals("io_uring_register(IORING_REGISTER_BUFFERS)", e.syscall());
    }
}
