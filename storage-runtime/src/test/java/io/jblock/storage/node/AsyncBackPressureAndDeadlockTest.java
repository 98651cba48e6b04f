package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.testdriver.GateFilter;
import io.jblock.storage.testdriver.MemoryImages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 5 on the thread engine: 50,000 asynchronous requests queue no more than the
 * bound (the caller waits instead); a dependent stage that joins another request of the same
 * graph fails with an exception that says why instead of hanging the engine; close waits for
 * requests queued and running. Requests are held at a {@code testgate} filter where a test
 * needs them to stay in flight.
 */
class AsyncBackPressureAndDeadlockTest {

    private static final long GUARD_SECONDS = 300;
    private static final String IMAGE = "backpressure";
    private Arena arena;

    @BeforeEach
    void setUp() {
        MemoryImages.create(IMAGE, 1 << 20);
        arena = Arena.ofShared();
    }

    @AfterEach
    void tearDown() {
        GateFilter.open("g1");
        arena.close();
        MemoryImages.delete(IMAGE);
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

    private static ThreadEngine engineOf(BlockNode node) {
        return ((DriverNode) node).engine();
    }

    /** The first scenario: 50,000 readAsync calls no longer queue without limit. */
    @Test
    void fiftyThousandReadsQueueAtMostTheBoundAndAllComplete() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testmem,filename=" + IMAGE + ",read-pause-us=20")) {
            MemorySegment buf = arena.allocate(4096, 4096);
            List<CompletableFuture<Void>> all = new ArrayList<>(50_000);
            for (int i = 0; i < 50_000; i++) {
                all.add(node.readAsync((i % 256) * 4096L, buf));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(GUARD_SECONDS, TimeUnit.SECONDS);
            ThreadEngine engine = engineOf(node);
            assertTrue(engine.maxQueuedSeen() <= ThreadEngine.MAX_QUEUED,
                    "queued " + engine.maxQueuedSeen() + " requests, more than the bound");
        }
    }

    /** Made certain with a closed gate: 64 requests held, 1024 queued, and the next caller waits. */
    @Test
    void aCallerWaitsWhenTheQueueIsFullUntilAWorkerTakesARequest() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testgate,gate=g1,file.driver=testmem,file.filename=" + IMAGE)) {
            GateFilter.close("g1");
            MemorySegment buf = arena.allocate(4096, 4096);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < ThreadEngine.MAX_WORKERS + ThreadEngine.MAX_QUEUED; i++) {
                all.add(node.readAsync((i % 256) * 4096L, buf));
            }
            ThreadEngine engine = engineOf(node);
            waitUntil("every worker holds a request", () -> GateFilter.waiting("g1") == ThreadEngine.MAX_WORKERS);
            assertEquals(ThreadEngine.MAX_QUEUED, engine.queued());
            List<CompletableFuture<Void>> late = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread caller = new Thread(() -> late.add(node.readAsync(0, buf)));
            caller.start();
            waitUntil("the caller blocks on the full queue", () -> engine.blockedSubmitters() == 1);
            assertTrue(late.isEmpty());
            GateFilter.open("g1");
            caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            assertFalse(caller.isAlive());
            all.addAll(late);
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertEquals(ThreadEngine.MAX_QUEUED, engine.maxQueuedSeen());
        }
    }

    /**
     * The second scenario: every request has a dependent stage that issues another
     * request of the same graph and joins it. Without detection the 64 workers all block in
     * join while the joined requests sit in the queue behind them, for good. Now every such join
     * that would wait fails at once, and everything completes.
     */
    @Test
    void dependentStagesThatJoinRequestsOfTheSameGraphFailInsteadOfHanging() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testmem,filename=" + IMAGE + ",read-pause-us=50")) {
            MemorySegment a = arena.allocate(4096, 4096);
            MemorySegment b = arena.allocate(4096, 4096);
            AtomicInteger joined = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<CompletableFuture<Void>> dependents = new ArrayList<>(50_000);
            for (int i = 0; i < 50_000; i++) {
                long off = (i % 256) * 4096L;
                dependents.add(node.readAsync(off, a).thenRun(() -> {
                    try {
                        node.readAsync(off, b).join();
                        joined.incrementAndGet(); // the other request happened to be complete already
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        throw e;
                    }
                }));
            }
            int failed = 0;
            for (CompletableFuture<Void> d : dependents) {
                try {
                    d.get(GUARD_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
                    assertTrue(ise.getMessage().contains("could deadlock"), ise.getMessage());
                    failed++;
                }
            }
            assertEquals(50_000, joined.get() + refused.get());
            assertEquals(refused.get(), failed);
        }
    }

    /** The same, made certain: the joined request is held at a closed gate, so join would wait for good. */
    @Test
    void joinOnAWorkerForAHeldRequestIsRefusedAndSaysWhy() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testgate,gate=g1,file.driver=testmem,file.filename=" + IMAGE)) {
            MemorySegment a = arena.allocate(4096, 4096);
            MemorySegment b = arena.allocate(4096, 4096);
            List<CompletableFuture<Void>> inner = new ArrayList<>();
            CompletableFuture<String> outcome = new CompletableFuture<>();
            // a completion handler runs on the worker that completes the read (a stage attached
            // afterwards could run on this thread if the read were already done)
            node.readAsync(0, a, outcome, new java.nio.channels.CompletionHandler<Void, CompletableFuture<String>>() {
                @Override
                public void completed(Void v, CompletableFuture<String> o) {
                    try {
                        GateFilter.close("g1");
                        CompletableFuture<Void> held = node.readAsync(4096, b);
                        inner.add(held);
                        IllegalStateException j = assertThrows(IllegalStateException.class, held::join);
                        IllegalStateException g = assertThrows(IllegalStateException.class, () -> held.get());
                        // a stage derived from it inherits the check
                        IllegalStateException d = assertThrows(IllegalStateException.class,
                                () -> held.thenApply(x -> x).join());
                        o.complete(j.getMessage() + "|" + g.getMessage().startsWith("get()") + "|"
                                + d.getMessage().startsWith("join()"));
                    } catch (Throwable e) {
                        o.completeExceptionally(e);
                    }
                }

                @Override
                public void failed(Throwable e, CompletableFuture<String> o) {
                    o.completeExceptionally(e);
                }
            });
            String result = outcome.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertTrue(result.startsWith("join() of a request that has not completed on thread 'jblock-aio-"), result);
            assertTrue(result.contains("could deadlock") && result.contains("thenCompose"), result);
            assertTrue(result.endsWith("|true|true"), result);
            // the held request was not failed by the refusal: it runs when the gate opens, and a
            // thread that serves no graph may wait for it
            CompletableFuture<Void> held = inner.get(0);
            assertFalse(held.isDone());
            waitUntil("the held read waits at the gate", () -> GateFilter.waiting("g1") == 1);
            GateFilter.open("g1");
            held.get(GUARD_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeWaitsForRequestsQueuedAndRunningThenRefusesNewOnes() throws Exception {
        BlockNode node = BlockGraph.open("driver=testgate,gate=g1,file.driver=testmem,file.filename=" + IMAGE);
        GateFilter.close("g1");
        MemorySegment buf = arena.allocate(4096, 4096);
        List<CompletableFuture<Void>> held = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // 64 workers hold one each, 36 queue
            held.add(node.readAsync(i * 4096L, buf));
        }
        waitUntil("the workers hold their requests", () -> GateFilter.waiting("g1") == ThreadEngine.MAX_WORKERS);
        assertEquals(100 - ThreadEngine.MAX_WORKERS, engineOf(node).queued());
        Thread closer = new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        closer.start();
        waitUntil("close has begun", () -> node.state() == io.jblock.storage.NodeState.CLOSED);
        ExecutionException late = assertThrows(ExecutionException.class, () -> node.readAsync(0, buf).get());
        assertInstanceOf(NodeClosedException.class, late.getCause());
        assertTrue(closer.isAlive(), "close waits for the 100 requests it accepted");
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone));
        GateFilter.open("g1");
        closer.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(closer.isAlive());
        for (CompletableFuture<Void> f : held) {
            assertTrue(f.isDone());
            f.get(); // completed normally: close drains, it does not fail what it accepted
        }
    }
}
