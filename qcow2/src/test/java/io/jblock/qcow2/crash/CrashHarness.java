package io.jblock.qcow2.crash;

import io.jblock.storage.crash.CrashPlanner;
import io.jblock.storage.crash.CrashReplay;
import io.jblock.storage.crash.CrashState;
import io.jblock.storage.crash.CrashStateBuilder;
import io.jblock.storage.crash.WriteLogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Runs one {@link CrashWorkload} under the write log and checks its crash states with
 * {@link Qcow2StateCheck}. With {@code cache=unsafe} (flushes do nothing, nothing is promised)
 * only the image a clean close left is checked, against "every request durable".
 */
public final class CrashHarness {

    /**
     * What one workload gave.
     *
     * @param run    the logged run
     * @param result the states checked and the bad ones
     * @param entries log entries
     */
    public record Outcome(LoggedRun run, CrashReplay.Result result, int entries) {
        @Override
        public String toString() {
            return run.workload() + ": " + entries + " log entries, " + result.summary(2);
        }
    }

    private CrashHarness() {
    }

    /** Runs {@code w} in a fresh directory under {@code parent}, checks up to {@code states} states, cleans up. */
    public static Outcome run(CrashWorkload w, int states, Path parent) throws IOException {
        return run(w, states, parent, UnaryOperator.identity());
    }

    /** As above, replaying a tampered copy of the log's entries (negative controls). */
    public static Outcome run(CrashWorkload w, int states, Path parent,
                              UnaryOperator<List<WriteLogFile.Entry>> tamper) throws IOException {
        return run(w, states, parent, tamper, (run, result) -> { });
    }

    /** Looks at a run before its directory is deleted. */
    public interface RunInspector {
        void inspect(LoggedRun run, CrashReplay.Result result) throws IOException;
    }

    /** As {@link #run(CrashWorkload, int, Path)}, letting {@code inspector} look at the run's files first. */
    public static Outcome runKeeping(CrashWorkload w, int states, Path parent, RunInspector inspector)
            throws IOException {
        return run(w, states, parent, UnaryOperator.identity(), inspector);
    }

    private static Outcome run(CrashWorkload w, int states, Path parent, UnaryOperator<List<WriteLogFile.Entry>> tamper,
                               RunInspector inspector) throws IOException {
        Path dir = Files.createTempDirectory(parent, "crash-" + w.name() + "-");
        try {
            LoggedRun run = LoggedRun.run(w, dir);
            requireCompleteLog(run);
            try (WriteLogFile log = WriteLogFile.open(run.log())) {
                List<WriteLogFile.Entry> entries = tamper.apply(log.entries());
                Qcow2StateCheck check = new Qcow2StateCheck(run);
                CrashReplay.Result result;
                if (w.cache().settings().noFlush()) {
                    CrashState all = new CrashState(0, "final", entries.size(), 0, allModifying(entries), "all");
                    result = CrashReplay.run(log, entries, run.base(), run.model(), List.of(all), dir,
                            (state, crash, ignored) -> check.check(state, crash, run.model().afterCleanClose()));
                } else {
                    List<CrashState> plan = CrashPlanner.plan(entries, states, w.seed());
                    result = CrashReplay.run(log, entries, run.base(), run.model(), plan, dir, check);
                }
                inspector.inspect(run, result);
                return new Outcome(run, result, entries.size());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The whole log replayed over the base must give the image the run left, byte for byte: else
     * some write bypassed the filter or was logged wrongly, and no state built from it means much.
     */
    static void requireCompleteLog(LoggedRun run) throws IOException {
        Path replayed = run.dir().resolve("replayed.qcow2");
        CrashStateBuilder.replayAll(run.log(), run.base(), replayed);
        long at = Files.mismatch(replayed, run.image());
        Files.delete(replayed);
        if (at >= 0) {
            throw new AssertionError("the write log does not rebuild the image " + run.workload()
                    + " left: first difference at byte " + at);
        }
    }

    private static BitSet allModifying(List<WriteLogFile.Entry> entries) {
        BitSet b = new BitSet();
        for (WriteLogFile.Entry e : entries) {
            if (e.modifies()) {
                b.set(e.index());
            }
        }
        return b;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
