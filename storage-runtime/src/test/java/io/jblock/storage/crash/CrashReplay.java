package io.jblock.storage.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the planned crash states of one logged run, one after the other, and checks each with
 * a format's {@link StateCheck}. A check that throws counts as a bad state with the exception as
 * its problem (an image that cannot be opened is a finding, not a harness failure).
 */
public final class CrashReplay {

    /** Checks one rebuilt state; returns its problems, empty when it is good ({@code expected} is null without a model). */
    public interface StateCheck {
        List<String> check(Path state, CrashState crash, GuestModel.Expectation expected) throws IOException;
    }

    /** A state that failed its check. */
    public record BadState(CrashState state, List<String> problems) {
        @Override
        public String toString() {
            return state + ":\n    " + String.join("\n    ", problems);
        }
    }

    /** What a replay found. */
    public record Result(int checked, List<BadState> bad) {
        /** One line per bad state (at most {@code limit}) with its first problems. */
        public String summary(int limit) {
            StringBuilder sb = new StringBuilder(checked + " states checked, " + bad.size() + " bad");
            for (int i = 0; i < Math.min(limit, bad.size()); i++) {
                sb.append("\n  ").append(bad.get(i));
            }
            return sb.toString();
        }
    }

    private CrashReplay() {
    }

    /**
     * @param entries the log's entries, or a tampered copy (negative controls)
     * @param model   the guest's requests, or null when only the format's consistency is checked
     * @param workDir where the durable image and the state being checked live
     */
    public static Result run(WriteLogFile log, List<WriteLogFile.Entry> entries, Path base, GuestModel model,
                             List<CrashState> plan, Path workDir, StateCheck check) throws IOException {
        List<BadState> bad = new ArrayList<>();
        Path state = workDir.resolve("state.img");
        try (CrashStateBuilder builder = new CrashStateBuilder(log, entries, base, workDir)) {
            for (CrashState s : plan) {
                builder.build(s, state);
                GuestModel.Expectation expected = model == null ? null : model.at(s.prefix());
                List<String> problems;
                try {
                    problems = check.check(state, s, expected);
                } catch (IOException | RuntimeException e) {
                    problems = List.of("check failed: " + e);
                }
                if (!problems.isEmpty()) {
                    List<String> withContext = new ArrayList<>(problems);
                    if (expected != null) {
                        withContext.add("expected: " + expected);
                    }
                    bad.add(new BadState(s, withContext));
                }
            }
        } finally {
            Files.deleteIfExists(state);
        }
        return new Result(plan.size(), bad);
    }
}
