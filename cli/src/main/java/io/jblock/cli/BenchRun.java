package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * qemu-img bench's engine: {@code count} requests of {@code size} bytes, {@code depth} of them in
 * flight at once, at offsets that advance by {@code step} from {@code offset} and wrap before the
 * end of the image (or random aligned offsets), with an optional flush every
 * {@code flushInterval} requests after draining the requests in flight.
 *
 * <p>At depth 1 each request is the synchronous form on the calling thread: one request at a
 * time needs no other thread, and handing it to one would only add two thread switches per
 * request (fio's psync does the same). At larger depths requests go through the node's
 * asynchronous completion-handler form, and each completion issues the next request itself, on
 * the thread that completed it (the file node's io_uring thread, or an engine worker), so no
 * request waits for the bench thread; that thread only waits for the end. Each of the
 * {@code depth} buffers lives in one arena for the whole run, so requests reuse memory and no
 * buffer is freed while the I/O that uses it is in flight; the per-request path allocates
 * nothing of its own.
 */
public final class BenchRun {
    /** Buffers in flight are bounded: depth x size may not exceed this. */
    public static final long MAX_BUFFER_BYTES = 1L << 30;

    /**
     * What to run.
     *
     * @param count         requests to send
     * @param depth         requests in flight at once
     * @param size          bytes per request
     * @param offset        first offset
     * @param step          distance between consecutive offsets
     * @param write         write instead of read
     * @param pattern       byte written by write requests
     * @param flushInterval flush after this many requests (0: never)
     * @param drain         wait for requests in flight before each flush
     * @param random        random offsets aligned to {@code alignment}, instead of stepping
     * @param seed          seed of the random offsets
     */
    public record Config(long count, int depth, int size, long offset, long step, boolean write, int pattern,
                         long flushInterval, boolean drain, boolean random, long seed) {
        /** Checks the values (depth x size is bounded by {@link #MAX_BUFFER_BYTES}). */
        public Config {
            if (count < 0 || depth < 1 || size < 1 || offset < 0 || step < 0 || flushInterval < 0) {
                throw new IllegalArgumentException("bench: count, offset, step and flush interval must not be "
                        + "negative, depth and size must be positive");
            }
            if ((long) depth * size > MAX_BUFFER_BYTES) {
                throw new IllegalArgumentException("bench: depth " + depth + " x request size " + size
                        + " needs more than " + (MAX_BUFFER_BYTES >> 20) + " MiB of buffers");
            }
        }
    }

    /**
     * What a run did.
     *
     * @param requests  requests completed
     * @param bytes     bytes transferred
     * @param flushes   flushes completed
     * @param nanos     wall time of the run
     * @param latencies per-request latencies
     * @param cpu       the process's CPU time during the run, whole and without the JVM's
     *                  compiler and GC threads; null where /proc could not be read
     */
    public record Result(long requests, long bytes, long flushes, long nanos, LatencyHistogram latencies,
                         ThreadCpu.Split cpu) {
        /** {@return the wall time in seconds} */
        public double seconds() {
            return nanos / 1e9;
        }

        /** {@return requests per second} */
        public double opsPerSecond() {
            return requests / Math.max(seconds(), 1e-9);
        }

        /** {@return megabytes (10^6 bytes) per second} */
        public double megabytesPerSecond() {
            return bytes / Math.max(seconds(), 1e-9) / 1e6;
        }
    }

    private final BlockNode node;
    private final Config cfg;
    private final long imageSize;
    private final SplittableRandom random;
    /** Random offsets: multiples of this from {@code offset}, {@code randomSlots} of them. */
    private final long randomAlign;
    private final long randomSlots;
    private long nextOffset;

    /**
     * A run of {@code cfg} on {@code node}; nothing is sent before {@link #run}.
     *
     * @param node the image
     * @param cfg  what to run
     * @throws IOException when the image's size cannot be read
     */
    public BenchRun(BlockNode node, Config cfg) throws IOException {
        this.node = node;
        this.cfg = cfg;
        this.imageSize = node.size();
        if (imageSize < cfg.size()) {
            throw new IllegalArgumentException("bench: request size " + cfg.size()
                    + " is larger than the image (" + imageSize + " bytes)");
        }
        if (cfg.offset() > imageSize - cfg.size()) {
            throw new IllegalArgumentException("bench: offset " + cfg.offset() + " plus request size "
                    + cfg.size() + " is past the end of the image (" + imageSize + " bytes)");
        }
        this.random = new SplittableRandom(cfg.seed());
        this.randomAlign = Math.max(512, Long.highestOneBit(cfg.size()));
        this.randomSlots = (imageSize - cfg.offset() - cfg.size()) / randomAlign + 1;
        this.nextOffset = cfg.offset();
    }

    /**
     * Runs the benchmark; an I/O error of any request ends it with that error.
     *
     * @param bar where progress is shown
     * @return what the run did
     * @throws IOException the first request's failure
     */
    public Result run(ProgressBar bar) throws IOException {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] bufs = new MemorySegment[cfg.depth()];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = arena.allocate(cfg.size(), 4096);
                if (cfg.write()) {
                    bufs[i].fill((byte) cfg.pattern());
                }
            }
            ThreadCpu.Sample cpu0 = ThreadCpu.sample();
            Result r = cfg.depth() == 1 ? runSynchronously(bufs[0], bar) : new Pipeline(bufs).run(bar);
            ThreadCpu.Sample cpu1 = ThreadCpu.sample();
            if (cpu0 != null && cpu1 != null) {
                r = new Result(r.requests(), r.bytes(), r.flushes(), r.nanos(), r.latencies(),
                        ThreadCpu.between(cpu0, cpu1));
            }
            return r;
        }
    }

    /** Depth 1: the synchronous forms, one request after the other, on this thread. */
    private Result runSynchronously(MemorySegment buf, ProgressBar bar) throws IOException {
        LatencyHistogram lat = new LatencyHistogram();
        long flushes = 0;
        long t0 = System.nanoTime();
        for (long done = 0; done < cfg.count(); ) {
            long off = next();
            long start = System.nanoTime();
            if (cfg.write()) {
                node.write(off, buf, RequestFlags.NONE);
            } else {
                node.read(off, buf);
            }
            lat.record(System.nanoTime() - start);
            done++;
            if (cfg.flushInterval() > 0 && done % cfg.flushInterval() == 0 && done < cfg.count()) {
                node.flush();
                flushes++;
            }
            if (bar != null && (done & 1023) == 0) {
                bar.update(done);
            }
        }
        long nanos = System.nanoTime() - t0;
        return new Result(cfg.count(), cfg.count() * cfg.size(), flushes, nanos, lat, null);
    }

    /**
     * Depth > 1: {@code depth} slots, each with its buffer and its handler. A completion records
     * its latency and, under one lock, decides what comes next (another request on its slot, a
     * flush once the requests in flight drained, or the end); requests are issued outside the lock.
     */
    private final class Pipeline {
        private static final int FLUSH = -2;

        private final MemorySegment[] bufs;
        private final long[] startNanos;
        private final int[] freeSlots;
        private final Slot[] slots;
        private final LatencyHistogram lat = new LatencyHistogram();
        private final FlushDone flushDone = new FlushDone();
        // guarded by this
        private int free;
        private long issued;
        private long completed;
        private int inFlight;
        private long flushesStarted;
        private long flushes;
        private boolean flushing;
        private Throwable failure;
        private long endNanos;
        private boolean finished;

        Pipeline(MemorySegment[] bufs) {
            this.bufs = bufs;
            int depth = bufs.length;
            this.startNanos = new long[depth];
            this.freeSlots = new int[depth];
            this.slots = new Slot[depth];
            for (int i = 0; i < depth; i++) {
                slots[i] = new Slot(i);
                freeSlots[free++] = depth - 1 - i;
            }
        }

        Result run(ProgressBar bar) throws IOException {
            long t0 = System.nanoTime();
            pump();
            boolean interrupted = false;
            synchronized (this) {
                checkFinished(System.nanoTime()); // nothing to do at all (count 0)
                while (!finished) {
                    try {
                        wait(200);
                    } catch (InterruptedException e) {
                        interrupted = true; // requests are in flight: their buffers must outlive them
                    }
                    if (bar != null) {
                        bar.update(completed);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw asIOException(failure);
            }
            return new Result(completed, completed * cfg.size(), flushes, endNanos - t0, lat, null);
        }

        /**
         * Whether this thread is inside {@link #pump}'s loop. A request that completes while it
         * is being issued (a qcow2 hole, answered from memory) calls its handler on the issuing
         * thread; that handler's {@code pump} then returns at once and the loop below, which
         * looks for a free slot after every request, issues the next one. So such completions do
         * not nest (as qemu-img bench's completions run from the event loop, not inside the
         * submission), and the node never has to hand a handler off to bound the nesting.
         */
        private final ThreadLocal<boolean[]> pumping = ThreadLocal.withInitial(() -> new boolean[1]);

        /** Issues what may be issued now. Any thread; never under the lock. */
        void pump() {
            boolean[] inLoop = pumping.get();
            if (inLoop[0]) {
                return; // completed inline: the loop that issued the request goes on
            }
            inLoop[0] = true;
            try {
                issueWhilePossible();
            } finally {
                inLoop[0] = false;
            }
        }

        private void issueWhilePossible() {
            while (true) {
                int slot;
                long off = 0;
                synchronized (this) {
                    slot = nextAction();
                    if (slot >= 0) {
                        off = next();
                        startNanos[slot] = System.nanoTime();
                    }
                }
                if (slot == -1) {
                    return;
                }
                if (slot == FLUSH) {
                    node.flushAsync(null, flushDone);
                } else if (cfg.write()) {
                    node.writeAsync(off, bufs[slot], RequestFlags.NONE, null, slots[slot]);
                } else {
                    node.readAsync(off, bufs[slot], null, slots[slot]);
                }
            }
        }

        /** Under the lock: a slot to issue on, {@link #FLUSH}, or -1 (nothing now). */
        private int nextAction() {
            if (failure != null || issued >= cfg.count() || free == 0) {
                return -1;
            }
            long interval = cfg.flushInterval();
            if (interval > 0 && issued > 0 && issued % interval == 0 && issued / interval > flushesStarted) {
                if (flushing || (cfg.drain() && inFlight > 0)) {
                    return -1; // the last completion of the batch starts the flush
                }
                flushesStarted++;
                flushing = true;
                return FLUSH;
            }
            if (flushing && cfg.drain()) {
                return -1;
            }
            issued++;
            inFlight++;
            return freeSlots[--free];
        }

        void completed(int slot, Throwable e) {
            long now = System.nanoTime();
            synchronized (this) {
                lat.record(now - startNanos[slot]);
                completed++;
                inFlight--;
                freeSlots[free++] = slot;
                if (e != null && failure == null) {
                    failure = e;
                }
                checkFinished(now);
            }
            pump();
        }

        void flushed(Throwable e) {
            synchronized (this) {
                flushing = false;
                flushes++;
                if (e != null && failure == null) {
                    failure = e;
                }
                checkFinished(System.nanoTime());
            }
            pump();
        }

        /** Under the lock: the run ends when nothing is in flight and nothing more will be issued. */
        private void checkFinished(long now) {
            boolean more = failure == null && completed < cfg.count();
            if (!more && inFlight == 0 && !flushing && !finished) {
                finished = true;
                endNanos = now;
                notifyAll();
            }
        }

        private final class Slot implements CompletionHandler<Void, Void> {
            private final int index;

            Slot(int index) {
                this.index = index;
            }

            @Override
            public void completed(Void result, Void attachment) {
                Pipeline.this.completed(index, null);
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                Pipeline.this.completed(index, e);
            }
        }

        private final class FlushDone implements CompletionHandler<Void, Void> {
            @Override
            public void completed(Void result, Void attachment) {
                flushed(null);
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                flushed(e);
            }
        }
    }

    /** The offset of the next request. */
    long next() {
        long off = nextOffset;
        if (cfg.random()) {
            return cfg.offset() + random.nextLong(randomSlots) * randomAlign;
        }
        // as qemu-img bench: advance by step, wrap so that a request never passes the end
        long n = nextOffset + cfg.step();
        nextOffset = imageSize <= cfg.size() ? 0 : n % (imageSize - cfg.size());
        return off;
    }

    private static IOException asIOException(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IOException io) {
            return io;
        }
        return new IOException(Main.oneLine(c), c);
    }
}
