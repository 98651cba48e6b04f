package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.ffm.memory.BufferPool;
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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * {@code BufferPool.acquire} + {@code release} of one buffer. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} should be ~0 B/op (the pool allocates nothing after warm-up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BufferPoolBenchmark {

    @Param({"4096", "65536"})
    public int size;

    BufferPool pool;

    @Setup(Level.Trial)
    public void createPool() {
        pool = new BufferPool("bench", AlignedMemory.DEFAULT_ALIGNMENT, 1 << 20, 64);
    }

    @TearDown(Level.Trial)
    public void closePool() {
        pool.close();
    }

    @Benchmark
    public byte acquireRelease() {
        MemorySegment s = pool.acquire(size);
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        byte b = s.get(ValueLayout.JAVA_BYTE, s.byteSize() - 1);
        pool.release(s);
        return b;
    }
}
