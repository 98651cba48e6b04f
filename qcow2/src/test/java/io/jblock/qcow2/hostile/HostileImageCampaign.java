package io.jblock.qcow2.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@link MutantRunner} worker JVMs over a range of seeds: starts one with a small heap,
 * reads its report, and when it dies (a hang or memory bound its watchdog caught, an
 * OutOfMemoryError, a JVM crash) records the mutant it was working on as a defect and starts the
 * next worker after it. Its own guard kills a worker whose report stops moving for twice the
 * time bound (a watchdog that could not run).
 */
final class HostileImageCampaign {

    /** What a range of mutants did. */
    record Summary(long mutants, Map<String, Long> outcomes, List<String> defects, long slowestMillis,
                   long slowestSeed, int workers) {
    }

    private HostileImageCampaign() {
    }

    static Summary run(Path corpus, Path work, long first, long count, long timeoutMs, int rssMiB, int heapMiB,
                       int rwEvery) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Map<String, Long> outcomes = new TreeMap<>();
        List<String> defects = new ArrayList<>();
        long mutants = 0;
        long slowest = -1;
        long slowestSeed = -1;
        int workers = 0;
        long next = first;
        long end = first + count;
        while (next < end) {
            workers++;
            Path report = work.resolve("report-" + workers + ".txt");
            Path log = work.resolve("worker-" + workers + ".log");
            List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx" + heapMiB + "m", "-XX:+UseSerialGC",
                    "-Xss1m", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + work.resolve("hs_err_%p.log"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    MutantRunner.class.getName(), corpus.toString(), work.toString(), report.toString(),
                    Long.toString(next), Long.toString(end - next), Long.toString(timeoutMs), Integer.toString(rssMiB),
                    Integer.toString(rwEvery)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            long lastSize = -1;
            long lastMove = System.nanoTime();
            boolean killed = false;
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                long size = Files.exists(report) ? Files.size(report) : 0;
                if (size != lastSize) {
                    lastSize = size;
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > TimeUnit.MILLISECONDS.toNanos(2 * timeoutMs + 30_000)) {
                    p.destroyForcibly().waitFor();
                    killed = true;
                    break;
                }
            }
            long begun = -1;
            long lastDone = next - 1;
            List<String> lines = Files.exists(report) ? Files.readAllLines(report, StandardCharsets.UTF_8) : List.of();
            StringBuilder current = null;
            for (String line : lines) {
                if (line.startsWith("  ")) {
                    if (current != null) {
                        current.append('\n').append(line);
                    }
                    continue;
                }
                if (current != null) {
                    defects.add(current.toString());
                    current = null;
                }
                String[] f = line.split(" ", 4);
                switch (f[0]) {
                    case "B" -> begun = Long.parseLong(f[1]);
                    case "E" -> {
                        lastDone = Long.parseLong(f[1]);
                        begun = -1;
                        mutants++;
                        long ms = Long.parseLong(f[2]);
                        if (ms > slowest) {
                            slowest = ms;
                            slowestSeed = lastDone;
                        }
                        for (String o : f[3].split(" ")) {
                            outcomes.merge(o.startsWith("scratch:") ? "scratch-error" : o, 1L, Long::sum);
                        }
                    }
                    case "F", "H", "M" -> current = new StringBuilder(line);
                    default -> { }
                }
            }
            if (current != null) {
                defects.add(current.toString());
            }
            int exit = p.exitValue();
            if (begun >= 0) {
                // the worker died on this mutant: H and M lines said why; otherwise it crashed
                mutants++;
                String last = defects.isEmpty() ? "" : defects.get(defects.size() - 1);
                boolean explained = last.startsWith("H " + begun + " ") || last.startsWith("M " + begun + " ")
                        || last.startsWith("F " + begun + " ");
                if (!explained) {
                    defects.add("C " + begun + " worker " + (killed ? "killed: no progress" : "died with exit " + exit)
                            + "; see " + log + (exit == 134 ? " and " + work + "/hs_err_*.log" : ""));
                }
                next = begun + 1;
            } else if (exit != 0 || lastDone + 1 < end) {
                if (lastDone + 1 == next) {
                    defects.add("C " + next + " worker died before its first mutant (exit " + exit + "); see " + log);
                    next++;
                } else {
                    next = lastDone + 1;
                }
            } else {
                next = end;
            }
        }
        return new Summary(mutants, outcomes, defects, slowest, slowestSeed, workers);
    }

    /**
     * Runs a campaign outside JUnit (for long runs from a copy of the test class path): arguments
     * work directory, first seed, count; prints the summary and every defect.
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path corpus = work.resolve("corpus");
        HostileCorpus.build(corpus);
        Summary s = run(corpus, work.resolve("work"), Long.parseLong(args[1]), Long.parseLong(args[2]), 30_000, 600, 128,
                8);
        System.out.println("mutants " + s.mutants() + ", workers " + s.workers() + ", slowest " + s.slowestMillis()
                + " ms (seed " + s.slowestSeed() + "), defects " + s.defects().size());
        s.outcomes().forEach((k, v) -> System.out.println("  " + k + " " + v));
        s.defects().forEach(System.out::println);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
