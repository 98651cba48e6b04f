package io.jblock.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several variants of one operation in alternating rounds within one JVM, so that the load
 * of a shared machine drifts over all of them alike (JMH runs them one after another, and there
 * the drift is larger than the differences). Each round runs every variant {@code opsPerRound}
 * times; the order rotates from round to round so no variant always goes first. The first
 * warm-up rounds are not counted. Reports wall time and this thread's CPU time
 * per operation. Not thread-safe: one thread runs everything.
 */
final class InterleavedRounds {

    /** One operation of a variant; {@code i} counts the operations of this variant. */
    @FunctionalInterface
    interface Op {
        void run(long i) throws IOException;
    }

    private record Variant(String name, Op op) {
    }

    /** Per-variant totals after {@link #run}. */
    record Result(String name, long ops, long wallNanos, long cpuNanos) {
        double wallPerOp(double unitNanos) {
            return wallNanos / (double) ops / unitNanos;
        }

        double cpuPerOp(double unitNanos) {
            return cpuNanos / (double) ops / unitNanos;
        }
    }

    private final List<Variant> variants = new ArrayList<>();

    InterleavedRounds add(String name, Op op) {
        variants.add(new Variant(name, op));
        return this;
    }

    /**
     * Runs {@code rounds} counted rounds after warm-up rounds that give every variant at least
     * {@code warmupOps} operations (and at least two rounds): CPU-bound paths need some ten
     * thousand calls before the JIT has compiled them, and with fewer the slower-to-compile
     * variant looks slower than it is.
     */
    List<Result> run(int warmupOps, int rounds, int opsPerRound) throws IOException {
        int warmupRounds = Math.max(2, (warmupOps + opsPerRound - 1) / opsPerRound);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int k = variants.size();
        long[] wall = new long[k];
        long[] cpu = new long[k];
        long[] count = new long[k];
        for (int r = -warmupRounds; r < rounds; r++) {
            for (int j = 0; j < k; j++) {
                int v = Math.floorMod(r + j, k);
                Variant variant = variants.get(v);
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < opsPerRound; i++) {
                    variant.op().run(count[v] + i);
                }
                long w1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                if (r >= 0) {
                    wall[v] += w1 - w0;
                    cpu[v] += c1 - c0;
                }
                count[v] += opsPerRound;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            results.add(new Result(variants.get(v).name(), (long) rounds * opsPerRound, wall[v], cpu[v]));
        }
        return results;
    }

    /**
     * Prints one line per variant: wall and thread-CPU time per operation in {@code unit}, and
     * the ratio of wall times to variant {@code baseline}.
     */
    static void print(List<Result> results, int baseline, String unit, double unitNanos) {
        Result base = results.get(baseline);
        for (Result r : results) {
            System.out.printf("  %-28s wall %10.2f %s/op   thread CPU %10.2f %s/op   wall ratio to %s %6.3f%n",
                    r.name(), r.wallPerOp(unitNanos), unit, r.cpuPerOp(unitNanos), unit, base.name(),
                    (double) r.wallNanos() / base.wallNanos());
        }
    }
}
