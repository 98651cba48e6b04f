package io.jblock.storage.node;

/**
 * How deep completion handlers are nested on the calling thread. A request that completes while
 * it is being submitted (a driver that answers from memory: a qcow2 hole, an error found before
 * any I/O) calls its handler on the submitting thread; a handler that submits the next request
 * then nests one level deeper each time, and a long chain would overflow the stack. As the JDK's
 * asynchronous channels do (sun.nio.ch.Invoker, {@code maxCompletionHandlersOnStack}), at most
 * {@link #MAX_NESTED} handlers run nested on one thread; a deeper one is handed to the engine.
 */
final class HandlerNesting {

    /** Handlers that may run nested on one thread before the next one is handed off. */
    static final int MAX_NESTED = 16;

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private HandlerNesting() {
    }

    /** Enters a handler on the calling thread, unless {@link #MAX_NESTED} already run there. */
    static boolean tryEnter() {
        int[] d = DEPTH.get();
        if (d[0] >= MAX_NESTED) {
            return false;
        }
        d[0]++;
        return true;
    }

    /** Enters a handler on the calling thread whatever the depth (nowhere else to run it). */
    static void enter() {
        DEPTH.get()[0]++;
    }

    /** Leaves a handler entered with {@link #tryEnter} or {@link #enter}. */
    static void exit() {
        DEPTH.get()[0]--;
    }

    /** {@return the handlers running nested on the calling thread now} */
    static int depth() {
        return DEPTH.get()[0];
    }
}
