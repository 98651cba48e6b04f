package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;

/**
 * qemu-img bench's engine: {@code count} requests of {@code size} bytes, {@code depth} of them in
 * flight at once through the node's asynchronous API, at offsets that advance by {@code step}
 * from {@code offset} and wrap before the end of the image (or random aligned offsets), with an
 * optional flush every {@code flushInterval} requests after draining the requests in flight.
 * Each of the {@code depth} buffers lives in one arena for the whole run, so requests reuse
 * memory and no buffer is freed while the I/O that uses it is in flight.
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
     */
    public record Result(long requests, long bytes, long flushes, long nanos, LatencyHistogram latencies) {
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
        LatencyHistogram lat = new LatencyHistogram();
        int depth = cfg.depth();
        // Per-slot state and one completion callback per slot, made before the run: the issue and
        // completion path allocates nothing of its own (the node's futures aside). A slot is in the
        // queue at most once, so a queue of depth never blocks the completing thread.
        long[] startNanos = new long[depth];
        Throwable[] errors = new Throwable[depth];
        ArrayBlockingQueue<Integer> done = new ArrayBlockingQueue<>(depth);
        List<BiConsumer<Void, Throwable>> onDone = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            Integer slot = i;
            onDone.add((v, e) -> {
                errors[slot] = e; // published to the bench thread by the queue
                done.add(slot);
            });
        }
        long flushes = 0;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] bufs = new MemorySegment[depth];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = arena.allocate(cfg.size(), 4096);
                if (cfg.write()) {
                    bufs[i].fill((byte) cfg.pattern());
                }
            }
            long issued = 0;
            long completed = 0;
            int inFlight = 0;
            Throwable failure = null;
            int[] freeSlots = new int[depth];
            int free = 0;
            for (int i = depth - 1; i >= 0; i--) {
                freeSlots[free++] = i;
            }
            long t0 = System.nanoTime();
            while (completed < cfg.count() && failure == null) {
                boolean flushDue = cfg.flushInterval() > 0 && issued > 0 && issued % cfg.flushInterval() == 0
                        && issued / cfg.flushInterval() > flushes;
                boolean mayIssue = issued < cfg.count() && free > 0 && !(flushDue && cfg.drain() && inFlight > 0);
                if (flushDue && (!cfg.drain() || inFlight == 0)) {
                    node.flush();
                    flushes++;
                    continue;
                }
                if (mayIssue) {
                    int slot = freeSlots[--free];
                    long off = next();
                    startNanos[slot] = System.nanoTime();
                    CompletableFuture<Void> f;
                    try {
                        f = cfg.write()
                                ? node.writeAsync(off, bufs[slot], RequestFlags.NONE)
                                : node.readAsync(off, bufs[slot]);
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    f.whenComplete(onDone.get(slot));
                    issued++;
                    inFlight++;
                    continue;
                }
                int slot = take(done);
                inFlight--;
                completed++;
                freeSlots[free++] = slot;
                lat.record(System.nanoTime() - startNanos[slot]);
                if (errors[slot] != null) {
                    failure = errors[slot];
                }
                if (bar != null) {
                    bar.update(completed);
                }
            }
            // Never free the buffers while requests still use them.
            while (inFlight > 0) {
                take(done);
                inFlight--;
            }
            long nanos = System.nanoTime() - t0;
            if (failure != null) {
                throw asIOException(failure);
            }
            return new Result(completed, completed * cfg.size(), flushes, nanos, lat);
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

    private static <T> T take(BlockingQueue<T> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("bench interrupted");
        }
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
