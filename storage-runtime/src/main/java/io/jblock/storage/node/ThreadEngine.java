package io.jblock.storage.node;

import io.jblock.ffm.uring.IoUring;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code aio=threads} engine of a graph, as QEMU's thread pool: at most
 * {@value #MAX_WORKERS} daemon worker threads run blocking requests; workers are started on
 * demand and end after {@value #IDLE_SECONDS} s idle. One engine is shared by every node of a
 * graph and shut down with the graph's last node.
 *
 * <p>Back-pressure: when every worker is busy, requests queue, at most {@value #MAX_QUEUED} of
 * them; a thread that submits into a full queue blocks until a worker takes one
 * (uninterruptibly: a request, once accepted, runs). The engine's own workers and io_uring
 * threads never block here, nor a thread completing a request of this graph: a dependent stage
 * that issues another request while the queue is full would otherwise wait for the very threads
 * that drain the queue, and the graph would stop for good. Their requests are queued beyond the
 * bound, which stays small because each of them came from a request that completed.
 *
 * <p>A task handed to an idle worker goes to it directly (no queue); steady-state submission
 * allocates nothing.
 */
final class ThreadEngine {

    /** QEMU's thread-pool default of max-workers. */
    static final int MAX_WORKERS = 64;
    static final int IDLE_SECONDS = 10;
    /** Requests queued at most before outside submitters block. */
    static final int MAX_QUEUED = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadEngine.class);
    private static final AtomicInteger ENGINES = new AtomicInteger();

    /** A request to run; it reports its own failures, so run() does not throw. */
    interface Task {
        void run();
    }

    private final Object graph;
    private final int id = ENGINES.incrementAndGet();
    private final int maxWorkers;
    private final int maxQueued;
    private final long idleNanos;
    /** Guards the fields below; blocked submitters wait on it (a monitor: contention allocates nothing). */
    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Task> queue;
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private int workers;
    private int blockedSubmitters;
    private int maxQueuedSeen;
    private int workerNames;
    private volatile boolean shutdown;

    /** An engine for {@code graph} (the object its workers serve) with the default limits. */
    ThreadEngine(Object graph) {
        this(graph, MAX_WORKERS, MAX_QUEUED, TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
    }

    ThreadEngine(Object graph, int maxWorkers, int maxQueued, long idleNanos) {
        this.graph = graph;
        this.maxWorkers = maxWorkers;
        this.maxQueued = maxQueued;
        this.idleNanos = idleNanos;
        this.queue = new ArrayDeque<>(Math.min(maxQueued, 4096));
    }

    /**
     * Runs {@code task} on a worker, blocking while the queue is full (see the class comment).
     * False, and the task untouched, when the engine is shut down.
     */
    boolean submit(Task task) {
        synchronized (lock) {
            if (shutdown) {
                return false;
            }
            if (handOff(task)) {
                return true;
            }
            if (queue.size() >= maxQueued && mayBlock()) {
                blockedSubmitters++;
                boolean interrupted = false;
                try {
                    while (queue.size() >= maxQueued && !shutdown) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // uninterruptible, as a disk queue: keep the flag for later
                        }
                    }
                } finally {
                    blockedSubmitters--;
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (shutdown) {
                    return false;
                }
                if (handOff(task)) {
                    return true;
                }
            }
            queue.add(task);
            if (queue.size() > maxQueuedSeen) {
                maxQueuedSeen = queue.size();
            }
            return true;
        }
    }

    /** To an idle worker, or to a new one while there are fewer than the maximum. Under the lock. */
    private boolean handOff(Task task) {
        Worker w = idle.poll();
        if (w != null) {
            w.task = task;
            LockSupport.unpark(w.thread);
            return true;
        }
        if (workers < maxWorkers) {
            workers++;
            new Worker(task).thread.start();
            return true;
        }
        return false;
    }

    private boolean mayBlock() {
        return RequestThreads.serving() != graph && !IoUring.onRingThread();
    }

    /** Lets queued requests finish, starts no new ones, and does not wait (a worker may call it). */
    void shutdown() {
        synchronized (lock) {
            shutdown = true;
            for (Worker w : idle) {
                LockSupport.unpark(w.thread);
            }
            lock.notifyAll();
        }
    }

    // ---------------------------------------------------------------- observation (tests, diagnostics)

    /** Requests waiting for a worker now. */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** The longest the queue has been. */
    int maxQueuedSeen() {
        synchronized (lock) {
            return maxQueuedSeen;
        }
    }

    /** Threads blocked in {@link #submit} now, waiting for room in the queue. */
    int blockedSubmitters() {
        synchronized (lock) {
            return blockedSubmitters;
        }
    }

    /** Worker threads alive now. */
    int workers() {
        synchronized (lock) {
            return workers;
        }
    }

    int maxQueued() {
        return maxQueued;
    }

    private final class Worker implements Runnable {
        final Thread thread;
        /** The next task, handed over under the engine's lock. */
        volatile Task task;

        Worker(Task first) {
            this.task = first;
            this.thread = new Thread(this, "jblock-aio-" + id + "-" + (++workerNames));
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            RequestThreads.serve(graph);
            Task t = task;
            task = null;
            while (t != null) {
                try {
                    t.run();
                } catch (Throwable e) {
                    LOG.warn("a request on engine {} threw instead of completing", id, e);
                }
                t = next();
            }
        }

        /** The next task: queued, or handed over while idle; null when this worker ends. */
        private Task next() {
            synchronized (lock) {
                Task t = queue.poll();
                if (t != null) {
                    if (blockedSubmitters > 0) {
                        lock.notify();
                    }
                    return t;
                }
                if (shutdown) {
                    workers--;
                    return null;
                }
                idle.push(this); // the most recently idle worker is reused first; the others time out
            }
            long deadline = System.nanoTime() + idleNanos;
            while (true) {
                Task t = task;
                if (t != null) {
                    task = null;
                    return t;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || shutdown) {
                    synchronized (lock) {
                        t = task;
                        if (t != null) { // handed over just now
                            task = null;
                            return t;
                        }
                        idle.remove(this);
                        workers--;
                        return null;
                    }
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
