package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bounded thread engine: a full queue makes outside submitters wait (and only them), tasks
 * go to idle workers directly, and shutdown lets the queue drain. Workers are held on a latch so
 * that every state is reached on purpose, not by timing.
 */
class ThreadEngineTest {

    private static final long GUARD_SECONDS = 120;

    private static void waitUntil(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aFullQueueBlocksOutsideSubmittersButNotThreadsServingTheGraph() throws Exception {
        Object graph = new Object();
        ThreadEngine engine = new ThreadEngine(graph, 2, 4, TimeUnit.SECONDS.toNanos(60));
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        ThreadEngine.Task held = () -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.incrementAndGet();
        };
        for (int i = 0; i < 6; i++) { // two running, four queued
            assertTrue(engine.submit(held));
        }
        waitUntil("both workers hold a task", () -> engine.queued() == 4);
        assertEquals(2, engine.workers());

        Thread outside = new Thread(() -> engine.submit(held));
        outside.start();
        waitUntil("the outside submitter blocks", () -> engine.blockedSubmitters() == 1);
        assertEquals(4, engine.queued(), "nothing was queued beyond the bound for it");

        // a thread that completes requests of this graph must never wait for the workers
        Object previous = RequestThreads.enter(graph);
        try {
            assertTrue(engine.submit(held));
        } finally {
            RequestThreads.leave(graph, previous);
        }
        assertEquals(5, engine.queued(), "queued beyond the bound instead of blocking");
        assertTrue(outside.isAlive());

        hold.countDown();
        outside.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertFalse(outside.isAlive());
        waitUntil("every task ran", () -> ran.get() == 8);
        assertEquals(5, engine.maxQueuedSeen());
        engine.shutdown();
        assertFalse(engine.submit(held), "refused after shutdown");
    }

    @Test
    void idleWorkersTakeTasksDirectlyAndAtMostMaxWorkersRun() throws Exception {
        ThreadEngine engine = new ThreadEngine(new Object(), 3, 100, TimeUnit.SECONDS.toNanos(60));
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            engine.submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            });
        }
        waitUntil("three tasks run, the rest queue", () -> engine.queued() == 17 && running.get() == 3);
        hold.countDown();
        assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(3, most.get());
        assertEquals(3, engine.workers());
        waitUntil("the workers are idle", () -> engine.queued() == 0);
        CountDownLatch again = new CountDownLatch(1);
        engine.submit(again::countDown);
        assertTrue(again.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, engine.queued(), "an idle worker took it without the queue");
        assertEquals(3, engine.workers(), "no new thread");
        engine.shutdown();
        waitUntil("idle workers end after shutdown", () -> engine.workers() == 0);
    }

    @Test
    void idleWorkersEndAfterTheIdleTime() throws Exception {
        ThreadEngine engine = new ThreadEngine(new Object(), 4, 10, TimeUnit.MILLISECONDS.toNanos(1));
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            engine.submit(done::countDown);
        }
        assertTrue(done.await(GUARD_SECONDS, TimeUnit.SECONDS));
        waitUntil("idle workers end", () -> engine.workers() == 0);
        CountDownLatch later = new CountDownLatch(1);
        assertTrue(engine.submit(later::countDown), "a new worker is started on demand");
        assertTrue(later.await(GUARD_SECONDS, TimeUnit.SECONDS));
        engine.shutdown();
    }
}
