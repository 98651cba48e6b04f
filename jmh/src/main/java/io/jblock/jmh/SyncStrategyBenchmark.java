package io.jblock.jmh;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
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
 * How to make a 4 KiB write durable (the choice the file driver documents in
 * {@code FileOpenFlags}): three ways, straight on {@code PosixIO} with raw descriptors, on a
 * 64 MiB file whose blocks are all allocated and written (overwrites; no write allocates), one
 * thread, random 4 KiB-aligned offsets, 4096-aligned buffer:
 * <ul>
 * <li>{@code oDsyncPwrite}: descriptor opened with O_DSYNC, plain pwrite (what writethrough and
 *     directsync use);</li>
 * <li>{@code pwritev2RwfDsync}: pwritev2 with RWF_DSYNC on a plain descriptor (what FUA writes in
 *     writeback mode use);</li>
 * <li>{@code pwriteThenFdatasync}: pwrite, then fdatasync (two system calls).</li>
 * </ul>
 * {@code @Param direct}: each with and without O_DIRECT.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SyncStrategyBenchmark {

    static final long FILE_SIZE = 64L << 20;
    static final int BLOCK = 4096;

    @Param({"false", "true"})
    public boolean direct;

    Path path;
    int dsyncFd;
    int plainFd;
    Arena arena;
    MemorySegment buffer;
    RandomBlocks offsets;

    @Setup(Level.Trial)
    public void open() throws IOException {
        path = BenchFile.prepare(direct ? "jblock-bench-64m-direct.img" : "jblock-bench-64m.img", FILE_SIZE);
        int base = Libc.O_WRONLY() | (direct ? Libc.O_DIRECT() : 0);
        dsyncFd = PosixIO.openFd(path.toString(), base | Libc.O_DSYNC(), 0);
        plainFd = PosixIO.openFd(path.toString(), base, 0);
        arena = Arena.ofConfined();
        buffer = AlignedMemory.allocate(arena, BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
        buffer.fill((byte) 0x3C);
        offsets = new RandomBlocks(FILE_SIZE, BLOCK, 0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        PosixIO.closeFd(dsyncFd, path.toString());
        PosixIO.closeFd(plainFd, path.toString());
        arena.close();
    }

    @Benchmark
    public void oDsyncPwrite() throws IOException {
        PosixIO.pwriteFd(dsyncFd, buffer, offsets.next(), null);
    }

    @Benchmark
    public void pwritev2RwfDsync() throws IOException {
        PosixIO.pwritev2Fd(plainFd, buffer, offsets.next(), Libc.RWF_DSYNC(), null);
    }

    @Benchmark
    public void pwriteThenFdatasync() throws IOException {
        PosixIO.pwriteFd(plainFd, buffer, offsets.next(), null);
        PosixIO.fdatasyncFd(plainFd, null);
    }
}
