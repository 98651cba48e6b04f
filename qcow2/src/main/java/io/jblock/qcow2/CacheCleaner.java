package io.jblock.qcow2;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for every qcow2 node's cache-clean-interval timer (QEMU's cache clean
 * timer): each tick drops cache entries left unused for a whole interval.
 */
final class CacheCleaner {
    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "qcow2-cache-cleaner");
            t.setDaemon(true);
            return t;
        });
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private CacheCleaner() {
    }

    static ScheduledFuture<?> schedule(Runnable task, long intervalSeconds) {
        return TIMER.scheduleWithFixedDelay(task, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }
}
