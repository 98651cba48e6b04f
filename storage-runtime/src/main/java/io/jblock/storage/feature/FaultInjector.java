package io.jblock.storage.feature;

import io.jblock.storage.spi.DebugEvent;

/**
 * Run-time control of a fault-injection filter node ({@code blkdebug}), for tests and the
 * fault-injection harness: add and remove rules while the graph is open, simulate a full disk,
 * and read what the node saw. Reached with {@code node.driverFeature(FaultInjector.class)} on the
 * blkdebug node (for a qcow2 image over blkdebug: {@code qcow2.child("file")}).
 *
 * <p>Thread safety: every method may be called at any time from any thread, also while requests
 * are in flight; a rule change applies to requests that check the rules after it returns.
 * Rule and disk-full changes are refused with an {@link IllegalStateException} once the node is
 * closed; the counters stay readable after close.
 */
public interface FaultInjector {

    /**
     * Adds rules written as blkdebug options, as if they had been given at open:
     * {@code inject-error.0.event=none,inject-error.0.iotype=write,inject-error.0.x-after=3}.
     * Indices start at 0 in each call. Rules on event {@code none} are active at once.
     *
     * @param options the rules, as blkdebug's comma-separated {@code key=value} open options
     * @throws IllegalArgumentException when the options are malformed (the message says which)
     */
    void addRules(String options);

    /** Removes every rule (configured and added), leaves the state number as it is. */
    void clearRules();

    /**
     * Simulates a full disk (jblock extension): while on, every write and write-zeroes (without
     * MAY_UNMAP) that touches space the image child has not allocated fails with ENOSPC; writes
     * over allocated space, reads, discards, truncation and flushes work. Turning it off is the
     * space coming back.
     *
     * @param full whether the disk is full from now on
     */
    void setDiskFull(boolean full);

    /**
     * {@return whether the disk is full now}
     */
    boolean diskFull();

    /**
     * {@return the errors injected so far (by rules and by the full disk)}
     */
    long injectedErrors();

    /**
     * Requests of one kind that reached the node so far, injected or not: {@code read},
     * {@code write}, {@code write-zeroes}, {@code discard}, {@code flush} or
     * {@code block-status} (blkdebug's iotype names).
     *
     * @param ioType one of blkdebug's iotype names
     * @return how many requests of that kind reached the node
     * @throws IllegalArgumentException for another name
     */
    long requests(String ioType);

    /**
     * {@return how often {@code event} was announced to the node}
     *
     * @param event a qcow2 (or raw) event, QEMU's BlkdebugEvent names
     */
    long events(DebugEvent event);

    /**
     * Writes, write-zeroes and discards that completed on the image child since the last flush
     * of the child that succeeded (0 right after a successful flush when nothing ran during it):
     * a format node above that reports a flush as successful must leave this at 0.
     *
     * @return the writes not yet covered by a successful flush of the image child
     */
    long unflushedWrites();
}
