package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockNode;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * qcow2 against raw on the same 256 MiB of data ({@link Qcow2Images}): random 4 KiB-aligned
 * reads and writes of 4 KiB, one thread, 4096-aligned buffer, through {@code BlockGraph} nodes
 * ({@code driver=FORMAT,file.driver=file,cache=MODE}). The qcow2 image is fully allocated, so
 * this is the cost of the cluster mapping (L2 lookups through the driver's cache) on top of
 * the same file I/O, not of allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Qcow2VsRawBenchmark {

    static final int BLOCK = 4096;

    /**
     * {@code raw}: the raw file; {@code qcow2}: the qcow2 image; {@code qcow2file}: the control,
     * the raw driver over the qcow2 file's data extent (the same file bytes as {@code qcow2},
     * without the cluster mapping), which separates the qcow2 driver's own cost from the
     * kernel's cost of the other file (see {@link Qcow2Images#open}).
     */
    @Param({"raw", "qcow2", "qcow2file"})
    public String format;

    @Param({"writeback", "none"})
    public String cache;

    BlockNode node;
    Arena arena;
    MemorySegment buffer;
    RandomBlocks offsets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Qcow2Images images = Qcow2Images.prepare();
        images.cacheBoth();
        node = images.open(format, cache);
        arena = Arena.ofConfined();
        buffer = AlignedMemory.allocate(arena, BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
        buffer.fill((byte) 0x77);
        offsets = new RandomBlocks(Qcow2Images.SIZE, BLOCK, 0);
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
    public void write4k() throws IOException {
        node.write(offsets.next(), buffer);
    }
}
