package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cost of each QEMU cache mode per 4 KiB write: a {@code raw} node over the {@code file}
 * driver, {@code cache=MODE}, random 4 KiB-aligned writes from a 4096-aligned buffer into a
 * 64 MiB file whose blocks are all allocated and written (so no write allocates), one thread.
 * writeback and unsafe only dirty the page cache (the kernel writes back in the background; no
 * flush is timed); writethrough and directsync open the file O_DSYNC, so each write waits for
 * the device; none and directsync bypass the page cache with O_DIRECT.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheModeWriteBenchmark {

    static final long FILE_SIZE = 64L << 20;
    static final int BLOCK = 4096;
    static final String[] MODES = {"writeback", "none", "writethrough", "directsync", "unsafe"};

    @Param({"writeback", "none", "writethrough", "directsync", "unsafe"})
    public String mode;

    BlockNode node;
    Arena arena;
    MemorySegment buffer;
    RandomBlocks offsets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path path = BenchFile.prepare("jblock-bench-64m.img", FILE_SIZE);
        node = openRaw(path, mode);
        arena = Arena.ofConfined();
        buffer = AlignedMemory.allocate(arena, BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
        buffer.fill((byte) 0x5A);
        offsets = new RandomBlocks(FILE_SIZE, BLOCK, 0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        node.close();
        arena.close();
    }

    /** A raw node over the file driver with QEMU's {@code cache=MODE} shorthand. */
    static BlockNode openRaw(Path path, String mode) throws IOException {
        return BlockGraph.open("driver=raw,file.driver=file,file.filename=" + path + ",cache=" + mode,
                OpenOptions.DEFAULT);
    }

    @Benchmark
    public void write4k() throws IOException {
        node.write(offsets.next(), buffer);
    }
}
