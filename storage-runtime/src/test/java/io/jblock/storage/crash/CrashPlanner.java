package io.jblock.storage.crash;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the crash states of one log: right after every flush entry (sampled evenly when there
 * are more flushes than half the budget; these states catch most ordering faults, e.g. a refcount
 * block flushed before the L2 table it depends on), the final state (everything applied), and random
 * states in between: a random number of completed entries, and a random subset of those not yet
 * covered by a flush, with one of several strategies (each entry with probability 1/2, 1/10 or
 * 9/10; none; all; a prefix in log order; all but one; only one), so that both "later write
 * reached the disk, earlier did not" and plain prefixes come up. FUA entries are always applied:
 * they were stable when they completed. Seeded: the same log, budget and seed give the same plan.
 */
public final class CrashPlanner {
    private static final String[] STRATEGIES = {"half", "half", "half", "tenth", "nine-tenths", "none", "all",
        "log-prefix", "all-but-one", "only-one"};

    private CrashPlanner() {
    }

    /** At most {@code budget} distinct states (fewer when the log has fewer), sorted by {@code durableEnd}. */
    public static List<CrashState> plan(List<WriteLogFile.Entry> entries, int budget, long seed) {
        Random rnd = new Random(seed);
        int n = entries.size();
        List<Integer> flushes = new ArrayList<>();
        for (WriteLogFile.Entry e : entries) {
            if (e.kind() == WriteLogFile.Kind.FLUSH) {
                flushes.add(e.index());
            }
        }
        int[] durableEndAt = new int[n + 1]; // for each prefix length: one past the last flush before it
        for (int p = 1; p <= n; p++) {
            durableEndAt[p] = entries.get(p - 1).kind() == WriteLogFile.Kind.FLUSH ? p : durableEndAt[p - 1];
        }
        List<CrashState> out = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        // the final state: everything reached the disk
        add(out, seen, "final", n, durableEndAt[n], all(entries, durableEndAt[n], n), "all");
        int flushBudget = Math.min(flushes.size(), Math.max(1, budget / 2));
        for (int k = 0; k < flushBudget && out.size() < budget; k++) {
            int f = flushes.get((int) ((long) k * flushes.size() / flushBudget));
            add(out, seen, "flush", f + 1, f + 1, new BitSet(), "");
        }
        int attempts = 0;
        while (out.size() < budget && n > 0 && attempts++ < budget * 20) {
            int prefix = 1 + rnd.nextInt(n);
            int durableEnd = durableEndAt[prefix];
            String strategy = STRATEGIES[rnd.nextInt(STRATEGIES.length)];
            BitSet applied = choose(entries, durableEnd, prefix, strategy, rnd);
            add(out, seen, "between", prefix, durableEnd, applied, strategy);
        }
        out.sort(Comparator.comparingInt(CrashState::durableEnd).thenComparingInt(CrashState::prefix));
        List<CrashState> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            CrashState s = out.get(i);
            numbered.add(new CrashState(i, s.kind(), s.prefix(), s.durableEnd(), s.applied(), s.strategy()));
        }
        return numbered;
    }

    private record Key(int prefix, int durableEnd, BitSet applied) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.prefix == prefix && k.durableEnd == durableEnd && k.applied.equals(applied);
        }

        @Override
        public int hashCode() {
            return Objects.hash(prefix, durableEnd, applied);
        }
    }

    private static void add(List<CrashState> out, Set<Key> seen, String kind, int prefix, int durableEnd,
                            BitSet applied, String strategy) {
        if (seen.add(new Key(prefix, durableEnd, applied))) {
            out.add(new CrashState(-1, kind, prefix, durableEnd, applied, strategy));
        }
    }

    private static BitSet all(List<WriteLogFile.Entry> entries, int from, int to) {
        BitSet b = new BitSet();
        for (int i = from; i < to; i++) {
            if (entries.get(i).modifies()) {
                b.set(i);
            }
        }
        return b;
    }

    private static BitSet choose(List<WriteLogFile.Entry> entries, int from, int to, String strategy, Random rnd) {
        List<Integer> optional = new ArrayList<>();
        BitSet b = new BitSet();
        for (int i = from; i < to; i++) {
            WriteLogFile.Entry e = entries.get(i);
            if (!e.modifies()) {
                continue;
            }
            if (e.fua()) {
                b.set(i);
            } else {
                optional.add(i);
            }
        }
        int m = optional.size();
        switch (strategy) {
            case "half" -> optional.forEach(i -> { if (rnd.nextBoolean()) b.set(i); });
            case "tenth" -> optional.forEach(i -> { if (rnd.nextInt(10) == 0) b.set(i); });
            case "nine-tenths" -> optional.forEach(i -> { if (rnd.nextInt(10) != 0) b.set(i); });
            case "none" -> { }
            case "all" -> optional.forEach(b::set);
            case "log-prefix" -> {
                int cut = m == 0 ? 0 : rnd.nextInt(m + 1);
                optional.subList(0, cut).forEach(b::set);
            }
            case "all-but-one" -> {
                int skip = m == 0 ? -1 : rnd.nextInt(m);
                for (int k = 0; k < m; k++) {
                    if (k != skip) {
                        b.set(optional.get(k));
                    }
                }
            }
            case "only-one" -> {
                if (m > 0) {
                    b.set(optional.get(rnd.nextInt(m)));
                }
            }
            default -> throw new IllegalArgumentException(strategy);
        }
        return b;
    }
}
