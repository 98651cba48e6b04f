package io.jblock.storage.ramfile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one thread per channel (QEMU's multifd threads) until all return: channel 0 on the
 * calling thread (so it can touch RAM confined to it), the others on new platform threads. The first
 * failure stops the others at their next chunk and is rethrown, later ones suppressed. Returns
 * only when every thread has ended, so no channel still uses a buffer or descriptor afterwards.
 */
final class ParallelChannels {
    private ParallelChannels() {
    }

    interface ChannelWork {
        /** Runs channel {@code channel}; should return soon after {@code stop} becomes true. */
        void run(int channel, AtomicBoolean stop) throws IOException;
    }

    static void run(String threadName, int channels, ChannelWork work) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[channels - 1];
        for (int i = 1; i < channels; i++) {
            int channel = i;
            threads[i - 1] = Thread.ofPlatform().name(threadName + "-" + i).unstarted(() -> {
                try {
                    work.run(channel, stop);
                } catch (Throwable t) {
                    stop.set(true);
                    if (!failure.compareAndSet(null, t)) {
                        failure.get().addSuppressed(t);
                    }
                }
            });
        }
        int started = 0;
        try {
            for (Thread t : threads) {
                t.start();
                started++;
            }
            work.run(0, stop);
        } catch (Throwable t) {
            stop.set(true);
            if (!failure.compareAndSet(null, t)) {
                failure.get().addSuppressed(t);
            }
        } finally {
            boolean interrupted = joinAll(threads, started, stop);
            if (interrupted) {
                Thread.currentThread().interrupt();
                if (failure.get() == null) {
                    failure.set(new InterruptedIOException("interrupted while " + threadName + " ran"));
                }
            }
        }
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        } else if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        } else if (t != null) {
            throw new IOException(t);
        }
    }

    private static boolean joinAll(Thread[] threads, int started, AtomicBoolean stop) {
        boolean interrupted = false;
        for (int i = 0; i < started; i++) {
            while (true) {
                try {
                    threads[i].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true);   // wind the channels down, but still wait: they hold our buffers
                }
            }
        }
        return interrupted;
    }
}
