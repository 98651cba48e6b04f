package io.jblock.jmh;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The JDK's own direct I/O as the peer of {@code jblock bench -d 1}: random block-sized reads
 * with {@code FileChannel.open(..., ExtendedOpenOption.DIRECT).read(buffer, position)} into an
 * aligned direct buffer, one at a time, offsets from {@link RandomBlocks}, as
 * {@code DirectReadBenchmark.fileChannelDirect} does. Prints one JSON line with the same keys as
 * {@code jblock bench --output=json}: requests, seconds, ops-per-second, user-cpu-seconds,
 * system-cpu-seconds (of the whole process during the measured run).
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.jblock.jmh.FileChannelRandomRead FILE COUNT [BLOCK [WARMUP [SEED]]]
 * </pre>
 */
public final class FileChannelRandomRead {

    private FileChannelRandomRead() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        long warmup = args.length > 3 ? Long.parseLong(args[3]) : 0;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(block + 4096).alignedSlice(4096).limit(block).slice();
            long size = ch.size();
            RandomBlocks warm = new RandomBlocks(size, block, seed + 1);
            long sink = 0;
            for (long i = 0; i < warmup; i++) {
                sink += read(ch, buf, warm.next());
            }
            RandomBlocks offsets = new RandomBlocks(size, block, seed);
            long[] cpu0 = cpuTicks();
            long t0 = System.nanoTime();
            for (long i = 0; i < count; i++) {
                sink += read(ch, buf, offsets.next());
            }
            long nanos = System.nanoTime() - t0;
            long[] cpu1 = cpuTicks();
            double seconds = nanos / 1e9;
            System.out.printf(Locale.ROOT, "{\"requests\": %d, \"seconds\": %.6f, \"ops-per-second\": %.1f, "
                            + "\"user-cpu-seconds\": %.3f, \"system-cpu-seconds\": %.3f, \"bytes-read\": %d}%n",
                    count, seconds, count / seconds, (cpu1[0] - cpu0[0]) / 100.0, (cpu1[1] - cpu0[1]) / 100.0, sink);
        }
    }

    private static int read(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        buf.clear();
        int n = ch.read(buf, position);
        if (n != buf.capacity()) {
            throw new IOException("short read at " + position + ": " + n);
        }
        return n;
    }

    /** utime and stime of this process in clock ticks (USER_HZ = 100). */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
