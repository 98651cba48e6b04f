package io.jblock.storage.node;

import io.jblock.ffm.uring.IoUring;
import java.util.ArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-flight modifying requests of one node by byte range, QEMU's tracked and "serialising"
 * requests. A read-modify-write cycle takes its padded (aligned) range <em>exclusively</em>: it
 * waits for every overlapping request that was admitted and every overlapping request that comes
 * later waits for it, so no other write can land between its read and its write. Plain aligned
 * writes take their range <em>shared</em>: they only wait for admitted overlapping exclusive
 * ranges.
 *
 * <p>As QEMU's bdrv_wait_serialising_requests: a request waits only for conflicting requests that
 * were admitted (are running), never for ones that are themselves waiting, and a waiting request
 * that wakes checks again against every admitted one, earlier or later. So a request that is held
 * up (a blkdebug breakpoint, a slow read) delays only the requests that overlap it, not the
 * requests that overlap those waiting for it, and nothing deadlocks: admitted requests never wait
 * here again. (A stream of overlapping writes could keep a waiter waiting, as in QEMU.)
 *
 * <p>Waiting is uninterruptible: a request that was started is finished, as a disk would. An asynchronous write registers
 * without waiting ({@link #tryAcquire}) and holds its range until its completion; an io_uring
 * thread, which is what completes those, is therefore refused a wait here (IllegalStateException)
 * rather than left waiting for itself.
 */
final class RangeLocks {

    /** A registered range; release it exactly once. Reusable once released (asynchronous requests keep one). */
    static final class Range {
        long start;
        long end;
        boolean exclusive;
        /** Registered but not admitted yet; guarded by the lock. */
        boolean waiting;
        /** Taken from {@link RangeLocks}'s own spares by {@link #acquire(long, long, boolean)}; returned on release. */
        private boolean spare;

        Range() {
        }

        private Range(long start, long end, boolean exclusive) {
            this.start = start;
            this.end = end;
            this.exclusive = exclusive;
        }

        boolean conflictsWith(Range o) {
            return (exclusive || o.exclusive) && start < o.end && o.start < end;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Registered ranges in registration order. */
    private final ArrayList<Range> registered = new ArrayList<>();
    /** Released range objects of {@link #acquire(long, long, boolean)}, reused: no allocation per write. */
    private final Range[] spares = new Range[64];
    private int spareCount; // guarded by lock

    /** Registers {@code [start, end)} and waits until no earlier conflicting range remains. */
    Range acquire(long start, long end, boolean exclusive) {
        Range r = null;
        lock.lock();
        try {
            if (spareCount > 0) {
                r = spares[--spareCount];
                spares[spareCount] = null;
            }
        } finally {
            lock.unlock();
        }
        if (r == null) {
            r = new Range(start, end, exclusive);
            r.spare = true;
        }
        return acquire(r, start, end, exclusive);
    }

    /** As {@link #acquire(long, long, boolean)}, registering the caller's (released) {@code r}. */
    Range acquire(Range r, long start, long end, boolean exclusive) {
        r.start = start;
        r.end = end;
        r.exclusive = exclusive;
        lock.lock();
        try {
            registered.add(r);
            if (conflictsWithAdmitted(r) && IoUring.onRingThread()) {
                registered.remove(r);
                throw new IllegalStateException(RequestThreads.why("a write that must wait for an overlapping "
                        + "request in flight (read-modify-write ordering)"));
            }
            r.waiting = true;
            try {
                while (conflictsWithAdmitted(r)) {
                    released.awaitUninterruptibly();
                }
            } finally {
                r.waiting = false;
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers the caller's {@code r} as {@code [start, end)}, shared, only if no admitted range
     * conflicts with it (then it need not wait); false, and nothing
     * registered, otherwise. Allocates nothing.
     */
    boolean tryAcquireShared(Range r, long start, long end) {
        r.start = start;
        r.end = end;
        r.exclusive = false;
        lock.lock();
        try {
            r.waiting = false;
            if (conflictsWithAdmitted(r)) {
                return false;
            }
            registered.add(r);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a registered range other than {@code r} that is not waiting itself conflicts with {@code r}. */
    private boolean conflictsWithAdmitted(Range r) {
        for (Range e : registered) {
            if (e != r && !e.waiting && e.conflictsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a range registered by {@link #acquire}. */
    void release(Range r) {
        lock.lock();
        try {
            if (!registered.remove(r)) {
                throw new IllegalStateException("range released twice");
            }
            if (r.spare && spareCount < spares.length) {
                spares[spareCount++] = r;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Number of registered ranges (for tests). */
    int size() {
        lock.lock();
        try {
            return registered.size();
        } finally {
            lock.unlock();
        }
    }
}
