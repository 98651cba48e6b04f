package io.jblock.jmh;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Interleaved cross-check of {@link SyncStrategyBenchmark}: O_DSYNC pwrite, pwritev2(RWF_DSYNC)
 * and pwrite + fdatasync, buffered and O_DIRECT (six variants, each on its own 64 MiB file so
 * that no variant's page-cache state leaks into another's), alternating in rounds within one
 * JVM on the same random 4 KiB offsets. Prints microseconds per durable write and the ratio to
 * O_DSYNC buffered.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * io.jblock.jmh.SyncStrategyComparison [rounds] [writesPerRound]}
 */
public final class SyncStrategyComparison {

    /** Operations per variant before measuring; device-bound (each waits for a cache flush), so fewer. */
    private static final int WARMUP_OPS = 2_000;

    private SyncStrategyComparison() {
    }

    private enum Strategy { ODSYNC, RWF_DSYNC, FDATASYNC }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int[] fds = new int[6];
        String[] paths = new String[6];
        int opened = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = AlignedMemory.allocate(arena, SyncStrategyBenchmark.BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
            buffer.fill((byte) 0x3C);
            InterleavedRounds variants = new InterleavedRounds();
            for (boolean direct : new boolean[] {false, true}) {
                for (Strategy s : Strategy.values()) {
                    String name = "jblock-bench-64m-sync-" + s.name().toLowerCase() + (direct ? "-direct" : "") + ".img";
                    Path path = BenchFile.prepare(name, SyncStrategyBenchmark.FILE_SIZE);
                    int flags = Libc.O_WRONLY() | (direct ? Libc.O_DIRECT() : 0) | (s == Strategy.ODSYNC ? Libc.O_DSYNC() : 0);
                    int fd = PosixIO.openFd(path.toString(), flags, 0);
                    fds[opened] = fd;
                    paths[opened++] = path.toString();
                    RandomBlocks offsets = new RandomBlocks(SyncStrategyBenchmark.FILE_SIZE, SyncStrategyBenchmark.BLOCK, 0);
                    String label = (direct ? "O_DIRECT " : "buffered ") + switch (s) {
                        case ODSYNC -> "O_DSYNC pwrite";
                        case RWF_DSYNC -> "pwritev2 RWF_DSYNC";
                        case FDATASYNC -> "pwrite+fdatasync";
                    };
                    variants.add(label, switch (s) {
                        case ODSYNC -> i -> PosixIO.pwriteFd(fd, buffer, offsets.next(), null);
                        case RWF_DSYNC -> i -> PosixIO.pwritev2Fd(fd, buffer, offsets.next(), Libc.RWF_DSYNC(), null);
                        case FDATASYNC -> i -> {
                            PosixIO.pwriteFd(fd, buffer, offsets.next(), null);
                            PosixIO.fdatasyncFd(fd, null);
                        };
                    });
                }
            }
            System.out.printf("durable 4 KiB random overwrites, 64 MiB file per variant, rounds=%d writesPerRound=%d%n",
                    rounds, perRound);
            InterleavedRounds.print(variants.run(WARMUP_OPS, rounds, perRound), 0, "us", 1e3);
        } finally {
            for (int i = 0; i < opened; i++) {
                PosixIO.closeFd(fds[i], paths[i]);
            }
        }
    }
}
