package io.jblock.qcow2.hostile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile-image campaign's worker, run in its own small JVM (small -Xmx) by
 * {@link HostileImageCampaign}: for each seed it builds the mutant of one base image of the
 * corpus, writes it to a scratch file and runs {@link MutantExercise} on it, reporting one line
 * per mutant to the report file, flushed before the next starts:
 * <pre>
 * B seed                          begun
 * E seed millis outcome           ended: ok, or step:ExceptionClass
 * F seed kind base | mutation     a defect (kind: unchecked, error, growth), stack lines follow
 * H seed step millis              hung: no end within the time bound; the JVM exits
 * M seed rss                      the process outgrew the memory bound; the JVM exits
 * </pre>
 * A watchdog thread enforces the time bound per mutant and the resident-memory bound.
 *
 * <p>Arguments: corpus directory, scratch directory, report file, first seed, count, time bound
 * in ms, resident memory bound in MiB, 1 in how many mutants also gets the read-write pass.
 */
public final class MutantRunner {

    /** How much disk space a read-write pass of three small writes and a discard may add. */
    private static final long GROWTH_BOUND = 256L << 20;

    private static volatile long currentSeed = -1;
    private static volatile String currentMutant = "";
    private static volatile long startedNanos;
    private static Writer report;

    private MutantRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        Path reportFile = Path.of(args[2]);
        long first = Long.parseLong(args[3]);
        long count = Long.parseLong(args[4]);
        long timeoutMs = Long.parseLong(args[5]);
        long rssLimit = Long.parseLong(args[6]) << 20;
        int rwEvery = Integer.parseInt(args[7]);
        List<HostileCorpus.Base> bases = HostileCorpus.load(corpus);
        List<Qcow2Layout> layouts = new ArrayList<>();
        for (HostileCorpus.Base b : bases) {
            layouts.add(new Qcow2Layout(Files.readAllBytes(b.image())));
        }
        report = Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Thread main = Thread.currentThread();
        Thread dog = new Thread(() -> watch(main, timeoutMs, rssLimit), "mutant-watchdog");
        dog.setDaemon(true);
        dog.start();
        Path ro = scratch.resolve("mutant-ro.qcow2");
        Path rw = scratch.resolve("mutant-rw.qcow2");
        for (long seed = first; seed < first + count; seed++) {
            int bi = (int) Math.floorMod(seed, (long) bases.size());
            HostileCorpus.Base base = bases.get(bi);
            Mutator.Mutant m = Mutator.mutate(layouts.get(bi), seed);
            line("B " + seed);
            startedNanos = System.nanoTime();
            currentMutant = base.name() + " | " + m.description();
            currentSeed = seed;
            String outcome;
            try {
                Files.write(ro, m.bytes());
                outcome = MutantExercise.readOnly(ro, base.backing());
                if (rwEvery > 0 && seed % rwEvery == 0) {
                    Files.write(rw, m.bytes());
                    String rwOutcome = MutantExercise.readWrite(rw, base.backing(), seed);
                    // The bound is on the disk space used, not the apparent size: refcounts that a
                    // mutation made count clusters as used send allocation past them, and the file
                    // grows sparse (qemu-io's writes on seed 91344 make it 1,208,025,088 bytes too).
                    long grown = Files.size(rw) - m.bytes().length;
                    if (grown > GROWTH_BOUND && (grown = allocatedBytes(rw) - m.bytes().length) > GROWTH_BOUND) {
                        failure(seed, "growth", base, m, new IllegalStateException("the read-write pass grew the "
                                + "file's allocated space by " + grown + " bytes"));
                    }
                    outcome += " " + rwOutcome;
                }
            } catch (IOException e) {
                outcome = "scratch:" + e; // writing the scratch file failed: not the mutant's doing
            } catch (VirtualMachineError e) {
                failure(seed, "error", base, m, e);
                report.close();
                Runtime.getRuntime().halt(5); // after OutOfMemoryError or StackOverflowError start afresh
                return;
            } catch (Throwable e) {
                failure(seed, e instanceof Error ? "error" : "unchecked", base, m, e);
                outcome = "defect";
            }
            currentSeed = -1;
            line("E " + seed + " " + (System.nanoTime() - startedNanos) / 1_000_000 + " " + outcome);
        }
        report.close();
        System.exit(0);
    }

    private static synchronized void line(String s) throws IOException {
        report.write(s);
        report.write('\n');
        report.flush();
    }

    private static void failure(long seed, String kind, HostileCorpus.Base base, Mutator.Mutant m, Throwable e)
            throws IOException {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        StringBuilder sb = new StringBuilder("F " + seed + " " + kind + " " + base.name() + " | " + m.description()
                + " | in step " + MutantExercise.step);
        for (String l : sw.toString().split("\n")) {
            sb.append("\n  ").append(l);
        }
        line(sb.toString());
    }

    private static void watch(Thread main, long timeoutMs, long rssLimit) {
        while (true) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            long seed = currentSeed;
            if (seed < 0) {
                continue;
            }
            long ms = (System.nanoTime() - startedNanos) / 1_000_000;
            long rss = residentBytes();
            try {
                if (ms > timeoutMs) {
                    StringBuilder sb = new StringBuilder("H " + seed + " " + MutantExercise.step + " " + ms + " "
                            + currentMutant);
                    for (StackTraceElement el : main.getStackTrace()) {
                        sb.append("\n  at ").append(el);
                    }
                    line(sb.toString());
                    Runtime.getRuntime().halt(3);
                }
                if (rss > rssLimit) {
                    line("M " + seed + " " + rss + " in step " + MutantExercise.step + " " + currentMutant);
                    Runtime.getRuntime().halt(4);
                }
            } catch (IOException e) {
                Runtime.getRuntime().halt(6);
            }
        }
    }

    /** Resident set size from /proc/self/statm (pages of 4 KiB on x86-64 and aarch64 Linux). */
    private static long residentBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The disk space a file uses ({@code stat}'s blocks times block size): sparse ranges do not count. */
    static long allocatedBytes(Path file) throws IOException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stat " + file + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running stat " + file, e);
        }
        String[] f = out.split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }
}
