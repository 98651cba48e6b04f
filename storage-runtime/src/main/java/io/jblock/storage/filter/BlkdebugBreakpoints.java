package io.jblock.storage.filter;

import io.jblock.storage.feature.DebugBreakpoints;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * blkdebug's suspend rules (QEMU block/blkdebug.c: ACTION_SUSPEND, suspended_reqs): breakpoints
 * per event, newest first, and the requests stopped at them, newest first. A thread that
 * announces an event with breakpoints uses them all up, stops once for each, and waits until
 * every one of its stops was resumed.
 *
 * <p>Thread-safe: one lock guards breakpoints and stops; stopped threads wait on it.
 */
final class BlkdebugBreakpoints {

    /** A thread stopped at breakpoints: how many of its stops are not resumed yet. */
    private static final class Waiter {
        int open;
    }

    /** One stop of one thread. */
    private static final class Stop {
        final String tag;
        final Waiter waiter;

        Stop(String tag, Waiter waiter) {
            this.tag = tag;
            this.waiter = waiter;
        }
    }

    private final Object lock = new Object();
    private final List<ArrayDeque<String>> byEvent = new ArrayList<>();
    private final ArrayDeque<Stop> stopped = new ArrayDeque<>();
    private int waitingThreads;
    private int armed; // breakpoints set; events return at once while there are none
    private DebugBreakpoints.Listener listener;

    BlkdebugBreakpoints() {
        for (int i = 0; i < BlkdebugRules.EVENTS; i++) {
            byEvent.add(new ArrayDeque<>());
        }
    }

    void setListener(DebugBreakpoints.Listener l) {
        synchronized (lock) {
            listener = l;
        }
    }

    boolean add(int event, String tag) {
        synchronized (lock) {
            byEvent.get(event).addFirst(tag);
            armed++;
            return true;
        }
    }

    boolean remove(String tag) {
        boolean found = false;
        synchronized (lock) {
            for (ArrayDeque<String> tags : byEvent) {
                for (Iterator<String> it = tags.iterator(); it.hasNext(); ) {
                    if (it.next().equals(tag)) {
                        it.remove();
                        armed--;
                        found = true;
                    }
                }
            }
            while (resumeOne(tag)) {
                found = true;
            }
        }
        return found;
    }

    boolean resume(String tag) {
        synchronized (lock) {
            return resumeOne(tag);
        }
    }

    List<String> resumeAll() {
        List<String> tags = new ArrayList<>();
        synchronized (lock) {
            while (!stopped.isEmpty()) {
                String t = stopped.peekFirst().tag;
                resumeOne(t);
                tags.add(t);
            }
        }
        return tags;
    }

    /** Resumes the newest stop with {@code tag}; the lock is held. */
    private boolean resumeOne(String tag) {
        for (Iterator<Stop> it = stopped.iterator(); it.hasNext(); ) {
            Stop s = it.next();
            if (s.tag.equals(tag)) {
                if (listener != null) {
                    listener.resuming(tag);
                }
                it.remove();
                if (--s.waiter.open == 0) {
                    waitingThreads--;
                }
                lock.notifyAll();
                return true;
            }
        }
        return false;
    }

    boolean isSuspended(String tag) {
        synchronized (lock) {
            for (Stop s : stopped) {
                if (s.tag.equals(tag)) {
                    return true;
                }
            }
            return false;
        }
    }

    int waitingThreads() {
        synchronized (lock) {
            return waitingThreads;
        }
    }

    /**
     * The calling thread announced event {@code index}: it uses up the event's breakpoints and
     * waits until each stop is resumed (uninterruptibly; an interrupt is kept for later).
     */
    void reached(int index) {
        synchronized (lock) {
            if (armed == 0) {
                return;
            }
            ArrayDeque<String> tags = byEvent.get(index);
            if (tags.isEmpty()) {
                return;
            }
            Waiter me = new Waiter();
            while (!tags.isEmpty()) {
                String tag = tags.pollFirst();
                armed--;
                if (listener == null || listener.suspending(tag)) {
                    stopped.addFirst(new Stop(tag, me));
                    if (me.open++ == 0) {
                        waitingThreads++;
                    }
                }
            }
            boolean interrupted = false;
            while (me.open > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
