package io.jblock.qcow2.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.crash.CrashReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long form of the crash-state replay (issue 9): workloads of every family in turn, each
 * with its own seed, until {@code jblock.crash.states} states are checked. Run it with
 * {@code scripts/crash-replay.sh --states 10000 --seed N [--families plain|snapshot-lazy|all]}.
 *
 * <p>Properties: {@code jblock.crash.states} (total, required), {@code jblock.crash.seed} (first
 * workload seed, default 1; workload k uses seed + k), {@code jblock.crash.states-per-workload}
 * (default 50), {@code jblock.crash.minutes} (a time box: no new workload after that many minutes;
 * default none), {@code jblock.crash.families}: {@code all} (default), {@code plain}
 * ({@link CrashWorkloads#PLAIN}) or {@code snapshot-lazy} ({@link CrashWorkloads#SNAPSHOT_AND_LAZY}). The report (per family: workloads, states,
 * bad states; then every bad state with its workload, seed, state and problems) goes to stdout
 * and to {@code target/crash-replay-report.txt}. Fails if any state is bad.
 */
@EnabledIfSystemProperty(named = "jblock.crash.states", matches = "\\d+")
class CrashReplayLongTest {
    @TempDir
    Path dir;

    @Test
    void crashStatesOfManyWorkloads() throws IOException {
        int total = Integer.getInteger("jblock.crash.states");
        long seed = Long.getLong("jblock.crash.seed", 1);
        int perWorkload = Integer.getInteger("jblock.crash.states-per-workload", 50);
        List<CrashWorkloads.Family> families = CrashWorkloads.named(System.getProperty("jblock.crash.families", "all"));
        Map<String, int[]> perFamily = new LinkedHashMap<>(); // workloads, states, bad states
        List<String> badReports = new ArrayList<>();
        long started = System.nanoTime();
        long minutes = Long.getLong("jblock.crash.minutes", 0);
        long deadline = minutes > 0 ? started + java.util.concurrent.TimeUnit.MINUTES.toNanos(minutes) : Long.MAX_VALUE;
        int checked = 0;
        int bad = 0;
        for (int k = 0; checked < total && System.nanoTime() - deadline < 0; k++) {
            CrashWorkloads.Family f = families.get(k % families.size());
            CrashWorkload w = f.at(seed + k);
            int states = w.clusterSize() >= (1 << 20) ? Math.max(1, perWorkload / 2) : perWorkload;
            CrashHarness.Outcome o = CrashHarness.run(w, Math.min(states, total - checked), dir);
            CrashReplay.Result r = o.result();
            int[] c = perFamily.computeIfAbsent(f.name(), x -> new int[3]);
            c[0]++;
            c[1] += r.checked();
            c[2] += r.bad().size();
            checked += r.checked();
            bad += r.bad().size();
            for (CrashReplay.BadState b : r.bad()) {
                badReports.add(w + ", " + o.entries() + " log entries\n  " + b.toString().replace("\n", "\n  "));
            }
            System.out.printf("[%d s] workload %d: %s%n", (System.nanoTime() - started) / 1_000_000_000, k, o);
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format("crash replay: %d states checked, %d bad, in %d s (seed %d, %d states per workload, "
                + "load average before/after in the script's output)%n",
                checked, bad, (System.nanoTime() - started) / 1_000_000_000, seed, perWorkload));
        perFamily.forEach((name, c) -> report.append(String.format("  %-40s %4d workloads %6d states %5d bad%n",
                name, c[0], c[1], c[2])));
        for (String b : badReports) {
            report.append(b).append('\n');
        }
        System.out.println(report);
        Path out = Path.of("target", "crash-replay-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertEquals(0, bad, "bad crash states (see target/crash-replay-report.txt):\n" + report);
    }
}
