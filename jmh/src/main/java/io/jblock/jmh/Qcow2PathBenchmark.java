package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
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
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the benchmark thread's bytes per
 * request ({@link Qcow2AllocationCheck} counts every thread's and covers allocating writes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Qcow2PathBenchmark {

    @Param({"allocated", "hole", "compressed"})
    public String kind;

    @Param({"writeback"})
    public String cache;

    BlockNode node;
    Arena arena;
    MemorySegment buffer;
    RandomBlocks offsets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        node = Qcow2PathImages.open(Qcow2PathImages.image(kind), cache, "");
        arena = Arena.ofShared();
        buffer = AlignedMemory.allocate(arena, 4096, AlignedMemory.DEFAULT_ALIGNMENT);
        buffer.fill((byte) 0x77);
        offsets = new RandomBlocks(Qcow2PathImages.size(kind), 4096, 3);
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

    /** In-place overwrites (only meaningful, and only run by the README's command, for {@code allocated}). */
    @Benchmark
    public void write4k() throws IOException {
        node.write(offsets.next(), buffer, RequestFlags.NONE);
    }
}
