package io.jblock.jmh;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The aligned 4 KiB request path of a node, sync and async, one request at a time: the
 * synchronous form, the completion-handler form and the future form, on a file node or a raw
 * node over it, with {@code aio=io_uring} or {@code aio=threads}. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per request (the handler form on jblock's
 * nodes allocates none; the future form pays for its future). The 64 MiB file stays in the page
 * cache with {@code cache=writeback}, so the request path, not the disk, is what is measured;
 * {@code cache=none} adds O_DIRECT.
 *
 * <p>JMH's gc profiler counts the benchmark thread's allocations; {@link AsyncAllocationCheck}
 * counts every thread's (the ring thread and engine workers included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AsyncPathBenchmark {

    static final long FILE_SIZE = 64L << 20;

    @Param({"io_uring", "threads"})
    public String aio;

    @Param({"file", "raw"})
    public String format;

    @Param({"writeback"})
    public String cache;

    BlockNode node;

    static String options(Path file, String format, String aio, String cache) {
        return format.equals("file")
                ? "driver=file,filename=" + file + ",aio=" + aio + ",cache=" + cache
                : "driver=raw,file.driver=file,file.filename=" + file + ",file.aio=" + aio + ",cache=" + cache;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path file = BenchFile.prepare(BenchFile.nameForSize(FILE_SIZE), FILE_SIZE);
        node = BlockGraph.open(options(file, format, aio, cache));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        node.close();
    }

    /** One caller thread: its buffer, offsets, and a handler that unparks it. */
    @State(Scope.Thread)
    public static class Caller implements CompletionHandler<Void, Caller> {
        Arena arena;
        MemorySegment buffer;
        RandomBlocks offsets;
        Thread thread;
        volatile boolean done;
        volatile Throwable failure;

        @Setup(Level.Trial)
        public void allocate() {
            arena = Arena.ofShared();
            buffer = arena.allocate(4096, 4096);
            buffer.fill((byte) 0x5a);
            offsets = new RandomBlocks(FILE_SIZE, 4096, 7);
            thread = Thread.currentThread();
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }

        @Override
        public void completed(Void result, Caller c) {
            done = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void failed(Throwable e, Caller c) {
            failure = e;
            done = true;
            LockSupport.unpark(thread);
        }

        void await() throws IOException {
            while (!done) {
                LockSupport.park(this);
            }
            if (failure != null) {
                throw new IOException(failure);
            }
        }
    }

    @Benchmark
    public void syncRead(Caller c) throws IOException {
        node.read(c.offsets.next(), c.buffer);
    }

    @Benchmark
    public void handlerRead(Caller c) throws IOException {
        c.done = false;
        node.readAsync(c.offsets.next(), c.buffer, c, c);
        c.await();
    }

    @Benchmark
    public void futureRead(Caller c) {
        node.readAsync(c.offsets.next(), c.buffer).join();
    }

    @Benchmark
    public void handlerWrite(Caller c) throws IOException {
        c.done = false;
        node.writeAsync(c.offsets.next(), c.buffer, RequestFlags.NONE, c, c);
        c.await();
    }

    @Benchmark
    public void syncWrite(Caller c) throws IOException {
        node.write(c.offsets.next(), c.buffer, RequestFlags.NONE);
    }
}
