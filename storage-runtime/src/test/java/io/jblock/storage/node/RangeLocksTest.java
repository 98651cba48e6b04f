package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RangeLocks admits as QEMU's bdrv_wait_serialising_requests: a request waits for conflicting
 * requests that run, never for ones that wait themselves. The timeout only guards against a hang.
 */
@Timeout(60)
class RangeLocksTest {

    /** Starts a thread that acquires [start, end) exclusively and holds it until released by the test. */
    private static Thread acquireInThread(RangeLocks locks, long start, long end, RangeLocks.Range[] got) {
        Thread t = new Thread(() -> got[0] = locks.acquire(start, end, true));
        t.start();
        return t;
    }

    private static void awaitWaiting(Thread t, RangeLocks locks, int registered) {
        while (locks.size() < registered || t.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // a state, not a time: the thread is registered and parked
        }
    }

    @Test
    void requestOverlappingOnlyAWaiterIsAdmitted() throws InterruptedException {
        RangeLocks locks = new RangeLocks();
        RangeLocks.Range a = locks.acquire(0, 4096, true);
        RangeLocks.Range[] b = new RangeLocks.Range[1];
        Thread tb = acquireInThread(locks, 0, 8192, b); // overlaps a: waits
        awaitWaiting(tb, locks, 2);
        // overlaps only b, which is waiting: admitted at once (this thread would hang otherwise)
        RangeLocks.Range c = locks.acquire(4096, 8192, true);
        assertEquals(3, locks.size());
        locks.release(a);
        // b now conflicts with c, which runs: it keeps waiting until c is released
        assertTrue(tb.isAlive());
        assertEquals(null, b[0]);
        locks.release(c);
        tb.join();
        locks.release(b[0]);
        assertEquals(0, locks.size());
    }

    @Test
    void requestOverlappingARunningOneWaits() throws InterruptedException {
        RangeLocks locks = new RangeLocks();
        RangeLocks.Range a = locks.acquire(0, 4096, true);
        RangeLocks.Range[] b = new RangeLocks.Range[1];
        Thread tb = acquireInThread(locks, 2048, 6144, b);
        awaitWaiting(tb, locks, 2);
        assertEquals(null, b[0]); // still waiting for a
        RangeLocks.Range shared = new RangeLocks.Range();
        assertTrue(!locks.tryAcquireShared(shared, 0, 512)); // overlaps a, which runs
        assertTrue(locks.tryAcquireShared(shared, 5000, 6000)); // overlaps only the waiter b
        locks.release(a);
        locks.release(shared);
        tb.join();
        locks.release(b[0]);
        assertEquals(0, locks.size());
    }
}
