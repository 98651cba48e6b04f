package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.CompletionHandler;
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
 * The aligned 4 KiB request path of a qcow2 node over a file node, one thread, random
 * 4 KiB-aligned offsets: reads of allocated clusters (page-cache hits with
 * {@code cache=writeback}), of holes (unallocated clusters: no I/O at all), of compressed
 * clusters (a 4 KiB piece of a decompressed cluster), and in-place writes of allocated clusters.
 * Each in the synchronous form and the completion-handler form ({@code handler*}: on
 * {@code aio=io_uring} a read of allocated clusters and an in-place write go to the file node's
 * ring). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the benchmark thread's bytes
 * per request ({@link Qcow2AllocationCheck} counts every thread's and covers allocating writes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Qcow2PathBenchmark {

    @Param({"allocated", "hole", "compressed"})
    public String kind;

    @Param({"writeback"})
    public String cache;

    @Param({"io_uring", "threads"})
    public String aio;

    BlockNode node;
    Arena arena;
    MemorySegment buffer;
    RandomBlocks offsets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        node = Qcow2PathImages.open(Qcow2PathImages.image(kind), cache, ",file.aio=" + aio);
        arena = Arena.ofShared();
        buffer = AlignedMemory.allocate(arena, 4096, AlignedMemory.DEFAULT_ALIGNMENT);
        buffer.fill((byte) 0x77);
        offsets = new RandomBlocks(Qcow2PathImages.size(kind), 4096, 3);
        waiter = new Waiter();
    }

    Waiter waiter;

    /** Unparks the benchmark thread when a request completes. */
    static final class Waiter implements CompletionHandler<Void, Waiter> {
        final Thread thread = Thread.currentThread();
        volatile boolean done;
        volatile Throwable failure;

        @Override
        public void completed(Void result, Waiter w) {
            done = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void failed(Throwable e, Waiter w) {
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

    @TearDown(Level.Trial)
    public void close() throws IOException {
        node.close();
        arena.close();
    }

    @Benchmark
    public byte read4k() throws IOException {
        node.read(offsets.next(), buffer);
        return buffer.get(ValueLayout.JAVA_BYTE, 0);
    }

    @Benchmark
    public byte handlerRead4k() throws IOException {
        Waiter w = waiter;
        w.done = false;
        node.readAsync(offsets.next(), buffer, w, w);
        w.await();
        return buffer.get(ValueLayout.JAVA_BYTE, 0);
    }

    /** In-place overwrites through the completion-handler form (as {@link #write4k}). */
    @Benchmark
    public void handlerWrite4k() throws IOException {
        Waiter w = waiter;
        w.done = false;
        node.writeAsync(offsets.next(), buffer, RequestFlags.NONE, w, w);
        w.await();
    }

    /** In-place overwrites (only meaningful, and only run by the README's command, for {@code allocated}). */
    @Benchmark
    public void write4k() throws IOException {
        node.write(offsets.next(), buffer, RequestFlags.NONE);
    }
}
