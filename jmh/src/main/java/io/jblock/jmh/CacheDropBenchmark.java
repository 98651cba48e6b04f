package io.jblock.jmh;

import io.jblock.ffm.PageCacheResidency;
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
import java.util.concurrent.TimeUnit;

/**
 * Page-cache invalidation costs on a fully cached file ({@code @Param sizeMiB}, default 256):
 * <ul>
 * <li>{@code residencyMincore} / {@code residencyCachestat}: one residency check of the whole
 *     file (what {@code check-cache-dropped} runs, the same {@link PageCacheResidency} code), by mincore over 128 MiB PROT_NONE mapping
 *     windows vs one cachestat call (microseconds per check);</li>
 * <li>{@code dropFdatasyncDontneed}: the drop itself, fdatasync + posix_fadvise(DONTNEED) over
 *     the whole file, the file re-read into the cache before each drop (outside the timing).
 *     Milliseconds per drop; per GiB is this times 1024 / sizeMiB.</li>
 * </ul>
 * {@link CacheDropComparison} does the same interleaved, also at 1 GiB, and checks that the drop
 * left nothing resident.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class CacheDropBenchmark {

    @Param({"256"})
    public int sizeMiB;

    CachedFile file;

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = new CachedFile(BenchFile.nameForSize((long) sizeMiB << 20), (long) sizeMiB << 20);
        file.recache();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        file.close();
    }

    /** Re-reads the file into the page cache before each drop. */
    @State(Scope.Thread)
    public static class Recached {
        @Setup(Level.Invocation)
        public void recache(CacheDropBenchmark b) throws IOException {
            b.file.recache();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long residencyMincore() throws IOException {
        return PageCacheResidency.MINCORE.residentBytes(file.fd, 0, file.size, null);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long residencyCachestat() throws IOException {
        return PageCacheResidency.CACHESTAT.residentBytes(file.fd, 0, file.size, null);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void dropFdatasyncDontneed(Recached r) throws IOException {
        file.drop();
    }
}
