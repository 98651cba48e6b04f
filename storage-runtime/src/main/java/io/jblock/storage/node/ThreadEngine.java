package io.jblock.storage.node;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code aio=threads} engine of a graph, as QEMU's thread pool: at most
 * {@value #MAX_WORKERS} daemon worker threads run blocking requests; workers are started on
 * demand and end after {@value #IDLE_SECONDS} s idle; requests beyond the workers queue without
 * bound (as QEMU's request list), since each queued request is small and its buffer belongs to
 * the caller. One engine is shared by every node of a graph and shut down with the graph's last
 * node.
 */
final class ThreadEngine {

    /** QEMU's thread-pool default of max-workers. */
    static final int MAX_WORKERS = 64;
    static final int IDLE_SECONDS = 10;

    /** A blocking request. */
    @FunctionalInterface
    interface Request {
        void run() throws IOException;
    }

    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    ThreadEngine() {
        int engine = ENGINES.incrementAndGet();
        AtomicInteger workers = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "jblock-aio-" + engine + "-" + workers.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code request} on a worker; the future completes normally or exceptionally with
     * exactly what the request threw. False (future untouched) when the engine is shut down.
     */
    boolean submit(CompletableFuture<Void> future, Request request) {
        try {
            executor.execute(() -> {
                try {
                    request.run();
                    future.complete(null);
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Lets queued requests finish, starts no new ones, and does not wait (a worker may call it). */
    void shutdown() {
        executor.shutdown();
    }
}
