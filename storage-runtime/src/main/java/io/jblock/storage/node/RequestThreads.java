package io.jblock.storage.node;

import io.jblock.ffm.uring.IoUring;

/**
 * Which threads must not wait for requests: a thread that is completing requests of a graph
 * (an engine worker, for good, or a ring thread while it runs a completion of that graph) may be
 * the very thread another request of the graph needs, so waiting there can deadlock the graph.
 * Marked with a thread-local "serving graph" (set once by engine workers, around each completion
 * by {@link DriverNode}); an io_uring ring thread must never wait at all, whatever it serves.
 */
final class RequestThreads {

    private static final ThreadLocal<Object> SERVING = new ThreadLocal<>();

    private RequestThreads() {
    }

    /** The graph the calling thread completes requests of now, or null. */
    static Object serving() {
        return SERVING.get();
    }

    /** Marks the calling thread (an engine worker) as serving {@code graph} for good. */
    static void serve(Object graph) {
        SERVING.set(graph);
    }

    /** Marks the calling thread as serving {@code graph} until {@link #leave}; returns what to restore. */
    static Object enter(Object graph) {
        Object previous = SERVING.get();
        if (previous != graph) {
            SERVING.set(graph);
        }
        return previous;
    }

    /** Ends an {@link #enter}. */
    static void leave(Object graph, Object previous) {
        if (previous != graph) {
            SERVING.set(previous);
        }
    }

    /** Whether the calling thread must not wait for a request of {@code graph}. */
    static boolean mustNotWaitFor(Object graph) {
        return IoUring.onRingThread() || SERVING.get() == graph;
    }

    /** The words every refusal to wait shares: why, and what to do instead. */
    static String why(String what) {
        return what + " on thread '" + Thread.currentThread().getName() + "', which completes requests of this "
                + "graph: the request waited for may need this very thread, so the graph could deadlock; "
                + "chain the next step with thenCompose/whenComplete (or a completion handler), or run the "
                + "blocking step on an executor of your own";
    }
}
