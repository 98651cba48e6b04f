package io.jblock.storage.feature;

/**
 * Breakpoints on debug events of a {@code blkdebug} node, as QEMU's qemu-io commands
 * {@code break}, {@code wait_break}, {@code resume} and {@code remove_break} use them
 * (block/blkdebug.c: suspend rules): a request whose thread announces the event of a breakpoint
 * to the node stops there, tagged with the breakpoint's tag, until {@link #resume} (or
 * {@link #removeBreakpoint}) lets it go on. A breakpoint is used up by the first request that
 * reaches it; all breakpoints of one event trigger together. Reached with
 * {@code node.driverFeature(DebugBreakpoints.class)} on the blkdebug node.
 *
 * <p>The request waits on its own thread, uninterruptibly (a started request is finished): the
 * thread that would resume it must be another one. A request suspended when the node is closed
 * keeps the close waiting; resume it first.
 *
 * <p>Thread-safe: every method may be called from any thread while requests run.
 */
public interface DebugBreakpoints {

    /**
     * Told of suspensions and resumptions, on the thread of the request, while the node's
     * breakpoint lock is held: it must not call back into this interface and should return
     * quickly (print a line, wake a waiter).
     */
    interface Listener {
        /**
         * A request reached a breakpoint tagged {@code tag} and is about to stop.
         *
         * @param tag the breakpoint's tag
         * @return true to stop the request, false to let it go on (the breakpoint is used up either way)
         */
        boolean suspending(String tag);

        /**
         * A request stopped with {@code tag} is about to go on (called on the resuming thread).
         *
         * @param tag the tag it stopped with
         */
        void resuming(String tag);
    }

    /**
     * Sets the listener; replaces the one before. Without a listener every request that reaches
     * a breakpoint stops.
     *
     * @param listener the listener, or null for none
     */
    void setListener(Listener listener);

    /**
     * Adds a breakpoint (QEMU's blkdebug_debug_breakpoint).
     *
     * @param event a debug event by QEMU's name ({@code write_aio}, {@code pwritev_rmw_head}, ...)
     * @param tag   the tag of the request that stops there
     * @return false when there is no such event (QEMU: ENOENT)
     */
    boolean addBreakpoint(String event, String tag);

    /**
     * Removes every breakpoint tagged {@code tag} and resumes every request stopped with it
     * (QEMU's blkdebug_debug_remove_breakpoint).
     *
     * @param tag the tag
     * @return false when there was neither a breakpoint nor a stopped request with that tag
     */
    boolean removeBreakpoint(String tag);

    /**
     * Resumes the request stopped most recently with {@code tag} (QEMU's blkdebug_debug_resume).
     *
     * @param tag the tag
     * @return false when no request is stopped with that tag (QEMU: ENOENT)
     */
    boolean resume(String tag);

    /**
     * {@return whether a request is stopped with {@code tag} now}
     *
     * @param tag the tag
     */
    boolean isSuspended(String tag);

    /** {@return the threads that are stopped at breakpoints now} */
    int suspendedRequests();

    /**
     * Resumes every stopped request, newest first.
     *
     * @return the tags of the requests it resumed, in that order (empty when none was stopped)
     */
    java.util.List<String> resumeAll();
}
