package io.jblock.jmh;

import io.jblock.ffm.PageCacheResidency;
import java.io.IOException;

/**
 * Interleaved cross-check of {@link CacheDropBenchmark}, at 256 MiB and 1 GiB by default. Each
 * round: re-read the file into the page cache; time the two residency checks on the cached file
 * (mincore windows vs cachestat, alternating which goes first); time the drop (fdatasync +
 * DONTNEED); time both checks again on the dropped file, and record what stayed resident
 * (a drop that left pages behind would show here; the checks must agree). Prints microseconds
 * per check, milliseconds per drop and per GiB.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * io.jblock.jmh.CacheDropComparison [rounds] [checksPerRound] [sizeMiB...]}
 */
public final class CacheDropComparison {
    /** Index m of the result arrays: [0] mincore, [1] cachestat. */
    private static final PageCacheResidency[] MEASURES = {PageCacheResidency.MINCORE, PageCacheResidency.CACHESTAT};

    private CacheDropComparison() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int checks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long[] sizesMiB = args.length > 2 ? new long[args.length - 2] : new long[] {256, 1024};
        for (int i = 2; i < args.length; i++) {
            sizesMiB[i - 2] = Long.parseLong(args[i]);
        }
        for (long mib : sizesMiB) {
            long size = mib << 20;
            try (CachedFile file = new CachedFile(BenchFile.nameForSize(size), size)) {
                run(file, rounds, checks);
            }
        }
    }

    private static void run(CachedFile file, int rounds, int checks) throws IOException {
        long size = file.size;
        String path = file.path.toString();
        // [0] mincore, [1] cachestat; per state: cached, dropped
        long[] cachedNs = new long[2];
        long[] droppedNs = new long[2];
        long dropNs = 0;
        long recacheNs = 0;
        long[] minCachedBytes = {Long.MAX_VALUE, Long.MAX_VALUE};
        long[] maxDroppedBytes = new long[2];
        for (int r = -1; r < rounds; r++) { // round -1 warms up and is not counted
            long t0 = System.nanoTime();
            file.recache();
            long t1 = System.nanoTime();
            long[][] cached = timeChecks(file, checks, r);
            long t2 = System.nanoTime();
            file.drop();
            long t3 = System.nanoTime();
            long[][] dropped = timeChecks(file, checks, r);
            if (r < 0) {
                continue;
            }
            recacheNs += t1 - t0;
            dropNs += t3 - t2;
            for (int m = 0; m < 2; m++) {
                cachedNs[m] += cached[0][m];
                droppedNs[m] += dropped[0][m];
                minCachedBytes[m] = Math.min(minCachedBytes[m], cached[1][m]);
                maxDroppedBytes[m] = Math.max(maxDroppedBytes[m], dropped[1][m]);
            }
        }
        double gib = size / (double) (1L << 30);
        double n = (double) rounds * checks;
        System.out.printf("%s: %d MiB, rounds=%d checksPerRound=%d (re-read into cache: %.0f MiB/s)%n",
                path, size >> 20, rounds, checks, (size >> 20) * rounds / (recacheNs / 1e9));
        System.out.printf("  residency, file cached : mincore %9.1f us/check  cachestat %9.1f us/check  ratio mincore/cachestat %7.2f%n",
                cachedNs[0] / n / 1e3, cachedNs[1] / n / 1e3, (double) cachedNs[0] / cachedNs[1]);
        System.out.printf("  residency, file dropped: mincore %9.1f us/check  cachestat %9.1f us/check  ratio mincore/cachestat %7.2f%n",
                droppedNs[0] / n / 1e3, droppedNs[1] / n / 1e3, (double) droppedNs[0] / droppedNs[1]);
        System.out.printf("  drop (fdatasync + fadvise DONTNEED): %.2f ms per drop, %.2f ms per GiB cached%n",
                dropNs / (double) rounds / 1e6, dropNs / (double) rounds / 1e6 / gib);
        System.out.printf("  resident when cached (min over rounds): mincore %d, cachestat %d of %d bytes;"
                        + " after drop (max): mincore %d, cachestat %d bytes%n",
                minCachedBytes[0], minCachedBytes[1], size, maxDroppedBytes[0], maxDroppedBytes[1]);
    }

    /** {@code [0][m]}: nanoseconds for {@code checks} checks by method m; {@code [1][m]}: last result. */
    private static long[][] timeChecks(CachedFile file, int checks, int round) throws IOException {
        long[][] out = new long[2][2];
        for (int k = 0; k < 2; k++) {
            int m = (round & 1) == 0 ? k : 1 - k; // alternate which method goes first
            long bytes = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < checks; i++) {
                bytes = MEASURES[m].residentBytes(file.fd, 0, file.size, null);
            }
            out[0][m] = System.nanoTime() - t0;
            out[1][m] = bytes;
        }
        return out;
    }
}
