package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.ffm.uring.IoUring;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The file node on io_uring beyond the contract suite: the ring full (callers wait), close with
 * requests in the ring, short reads at end of file, failures that carry errno, node, file and
 * offset, FUA and flush costs, and what a completion handler on the ring thread may not do.
 * Requests are kept in flight on purpose with the ring's pause hook, never by timing.
 */
class FileIoUringTest {

    private static final long GUARD_SECONDS = 120;
    private Path dir;
    private Arena arena;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(Path.of("target", "test-files"));
        dir = Files.createTempDirectory(Path.of("target", "test-files"), "uring").toAbsolutePath();
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() throws IOException {
        arena.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(1);
        }
    }

    private BlockNode openNode(Path img, String cache) throws IOException {
        return BlockGraph.open("driver=file,aio=io_uring,cache=" + cache + ",filename=" + img);
    }

    private Path image(String name, int size) throws IOException {
        return FileNodes.patterned(dir.resolve(name), size);
    }

    @Test
    void aFullRingMakesTheCallerWaitAndCloseWaitsForTheRing() throws Exception {
        Path img = image("full.img", 2 << 20);
        BlockNode node = openNode(img, "none");
        IoUring ring = FileDriverProbe.ring(node);
        assertNotNull(ring);
        ring.pauseCompletions(); // completions are reaped but held: every request stays in flight
        MemorySegment buf = arena.allocate(ring.capacity() * 4096L + 4096, 4096);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (int i = 0; i < ring.capacity(); i++) {
            reads.add(node.readAsync(i * 4096L, buf.asSlice(i * 4096L, 4096)));
        }
        assertEquals(ring.capacity(), ring.inFlight());
        List<CompletableFuture<Void>> late = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread caller = new Thread(() -> late.add(node.readAsync(0, buf.asSlice(ring.capacity() * 4096L, 4096))));
        caller.start();
        waitUntil("the caller waits for a slot of the full ring", () -> ring.waitingSubmitters() == 1);
        assertTrue(late.isEmpty());

        Thread closer = new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        closer.start();
        waitUntil("close has begun", () -> node.state() == io.jblock.storage.NodeState.CLOSED);
        assertTrue(closer.isAlive(), "close waits for the requests in the ring");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> node.readAsync(0, buf.asSlice(0, 4096)).get());
        assertInstanceOf(NodeClosedException.class, refused.getCause());

        ring.resumeCompletions();
        caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        closer.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(caller.isAlive());
        assertFalse(closer.isAlive());
        reads.addAll(late);
        for (CompletableFuture<Void> f : reads) {
            assertTrue(f.isDone(), "close returned before a request in the ring completed");
            f.get();
        }
        for (int i = 0; i < ring.capacity(); i++) {
            assertEquals(FileNodes.pattern(i * 4096L), buf.get(ValueLayout.JAVA_BYTE, i * 4096L), "block " + i);
        }
        assertEquals(0, ring.inFlight());
    }

    @Test
    void aShortReadAtTheEndOfAnUnalignedFileIsCompletedWithZeroesUnderODirect() throws Exception {
        Path img = image("short.img", 10_000); // the last 4096-byte block holds 1808 bytes of file
        try (FileDriver driver = FileNodes.open(img, CacheMode.NONE, "aio", "io_uring")) {
            int align = driver.limits().requestAlignment();
            long last = 10_000 / align * align;
            long len = (10_000 - last + align - 1) / align * align;
            MemorySegment dst = arena.allocate(len, 4096);
            dst.fill((byte) 0x55);
            Outcome o = new Outcome();
            assertTrue(driver.readAsync(last, dst, "r", o));
            o.await();
            assertEquals(null, o.failure);
            for (long i = 0; i < len; i++) {
                byte expected = last + i < 10_000 ? FileNodes.pattern(last + i) : 0;
                assertEquals(expected, dst.get(ValueLayout.JAVA_BYTE, i), "byte " + (last + i));
            }
            assertTrue(driver.ring().submitted() >= 2, "the short read was resubmitted for the rest");
        }
    }

    @Test
    void aReadPastAFileThatShrankFailsAsTheSynchronousReadDoes() throws Exception {
        Path img = image("shrink.img", 64 * 1024);
        try (BlockNode node = openNode(img, "none")) {
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                f.setLength(8192); // behind the node's back
            }
            MemorySegment dst = arena.allocate(4096, 4096);
            BlockIOException sync = assertThrows(BlockIOException.class, () -> node.read(16384, dst));
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> node.readAsync(16384, dst).get(GUARD_SECONDS, TimeUnit.SECONDS));
            BlockIOException e = assertInstanceOf(BlockIOException.class, async.getCause());
            assertEquals(sync.getMessage(), e.getMessage());
            assertTrue(e.getMessage().contains("end of file at 8192 (the file shrank under this node?)"),
                    e.getMessage());
            assertEquals(node.nodeName(), e.nodeName());
            assertEquals(img.toString(), e.filename());
        }
    }

    @Test
    void aFailedRingRequestCarriesErrnoNodeFileAndOffset() throws Exception {
        Path img = image("einval.img", 64 * 1024);
        try (FileDriver driver = FileNodes.open(img, CacheMode.NONE, "aio", "io_uring")) {
            // O_DIRECT and a buffer one byte off: the kernel refuses it (the generic layer never sends this)
            MemorySegment misaligned = arena.allocate(8192, 4096).asSlice(1, 4096);
            Outcome o = new Outcome();
            assertTrue(driver.readAsync(8192, misaligned, "r", o));
            o.await();
            BlockIOException e = assertInstanceOf(BlockIOException.class, o.failure);
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals(8192, e.offset());
            assertEquals("node-einval.img", e.nodeName());
            assertEquals(img.toString(), e.filename());
            assertTrue(e.getMessage().contains("read of 4096 bytes failed: io_uring read: EINVAL"), e.getMessage());
        }
    }

    @Test
    void fuaIsOneRwfDsyncWriteAndFlushOneFdatasyncOnTheRing() throws Exception {
        Path img = image("fua.img", 64 * 1024);
        for (CacheMode mode : CacheMode.values()) {
            try (FileDriver driver = FileNodes.open(img, mode, "aio", "io_uring")) {
                MemorySegment src = arena.allocate(4096, 4096);
                src.fill((byte) 0x3c);
                Outcome w = new Outcome();
                driver.writeAsync(8192, src, RequestFlags.FUA, "w", w);
                w.await();
                assertEquals(null, w.failure);
                long expectedDsync = mode.settings().writeback() && !mode.settings().noFlush() ? 1 : 0;
                assertEquals(expectedDsync, driver.counters().dsyncWrites.sum(), "RWF_DSYNC writes, " + mode);
                Outcome f = new Outcome();
                driver.flushAsync("f", f);
                f.await();
                assertEquals(null, f.failure);
                assertEquals(mode.settings().noFlush() ? 0 : 1, driver.counters().fdatasync.sum(), "fdatasync, " + mode);
                assertEquals(0, driver.ring().inFlight());
            }
            byte[] back = Files.readAllBytes(img);
            assertEquals((byte) 0x3c, back[8192]);
        }
    }

    /**
     * Runs {@code step} in the completion handler of a read, which (unlike a dependent stage
     * attached afterwards) is certain to run on the thread that completes it: the ring thread.
     */
    private static CompletableFuture<String> onCompletion(BlockNode node, MemorySegment buf,
                                                          java.util.concurrent.Callable<String> step) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        node.readAsync(0, buf, outcome, new CompletionHandler<Void, CompletableFuture<String>>() {
            @Override
            public void completed(Void v, CompletableFuture<String> o) {
                try {
                    o.complete(Thread.currentThread().getName() + "|" + step.call());
                } catch (Throwable e) {
                    o.complete(Thread.currentThread().getName() + "|" + e);
                }
            }

            @Override
            public void failed(Throwable e, CompletableFuture<String> o) {
                o.completeExceptionally(e);
            }
        });
        return outcome;
    }

    @Test
    void onTheRingThreadJoinAndCloseWithRequestsInFlightAreRefused() throws Exception {
        Path img = image("ring.img", 64 * 1024);
        BlockNode node = openNode(img, "none");
        MemorySegment a = arena.allocate(4096, 4096);
        MemorySegment b = arena.allocate(4096, 4096);
        String joined = onCompletion(node, a, () -> {
            CompletableFuture<Void> other = node.readAsync(4096, b); // into the ring this thread reaps
            try {
                other.join();
                return "joined";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(joined.startsWith("jblock-uring-"), joined);
        assertTrue(joined.contains("|join() of a request that has not completed on thread 'jblock-uring-"), joined);

        List<CompletableFuture<Void>> inFlight = java.util.Collections.synchronizedList(new ArrayList<>());
        String refused = onCompletion(node, a, () -> {
            inFlight.add(node.readAsync(8192, b)); // still in flight while this runs
            try {
                node.close();
                return "closed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(refused.contains("|close() of node '") && refused.contains("requests are in flight"), refused);
        assertEquals(io.jblock.storage.NodeState.ACTIVE, node.state(), "a refused close leaves the node open");
        inFlight.get(0).get(GUARD_SECONDS, TimeUnit.SECONDS);

        // with nothing else in flight, closing from the ring thread works (the ring goes when the thread is done)
        String closed = onCompletion(node, a, () -> {
            node.close();
            return "closed";
        }).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(closed.startsWith("jblock-uring-") && closed.endsWith("|closed"), closed);
        assertEquals(io.jblock.storage.NodeState.CLOSED, node.state());
        byte[] expected = new byte[4096];
        for (int i = 0; i < 4096; i++) {
            expected[i] = FileNodes.pattern(i);
        }
        assertArrayEquals(expected, a.toArray(ValueLayout.JAVA_BYTE));
    }

    /** Collects one handler outcome. */
    static final class Outcome implements CompletionHandler<Void, String> {
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        volatile Throwable failure;

        @Override
        public void completed(Void v, String tag) {
            done.countDown();
        }

        @Override
        public void failed(Throwable e, String tag) {
            failure = e;
            done.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS));
        }
    }
}
