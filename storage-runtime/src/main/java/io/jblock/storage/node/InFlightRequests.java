package io.jblock.storage.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts requests inside a node so that close can wait for them (QEMU's drain) and so that
 * inactivation can wait for in-flight writes. Entering is lock-free; only the last request to
 * leave while someone waits takes the lock.
 */
final class InFlightRequests {

    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean closed;
    private final AtomicInteger waiters = new AtomicInteger();

    /** Enters a request; false (and nothing counted) once {@link #closeAndDrain()} began. */
    boolean enter() {
        count.incrementAndGet();
        if (closed) {
            exit();
            return false;
        }
        return true;
    }

    /** Leaves a request entered with {@link #enter()}. */
    void exit() {
        if (count.decrementAndGet() == 0 && (waiters.get() > 0 || closed)) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Refuses new requests, then waits until every entered request has left. */
    void closeAndDrain() {
        closed = true;
        awaitIdle();
    }

    /**
     * Refuses new requests if none is inside now (true); otherwise changes nothing (false). A
     * request entering at the same moment may be refused even when this returns false.
     */
    boolean closeIfIdle() {
        closed = true;
        if (count.get() == 0) {
            return true;
        }
        closed = false;
        return false;
    }

    /** Waits until no request is inside (new ones may still enter). */
    void awaitIdle() {
        waiters.incrementAndGet();
        lock.lock();
        try {
            while (count.get() > 0) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }

    /** Requests inside now. */
    int count() {
        return count.get();
    }
}
