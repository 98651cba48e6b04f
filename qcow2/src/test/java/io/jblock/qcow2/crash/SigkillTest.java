package io.jblock.qcow2.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.crash.GuestModel;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 harness part 3: a child JVM writes a qcow2 image with {@code cache=directsync}
 * ({@link SigkillWriter}) and is killed with SIGKILL at a random moment, again and again on the
 * same image. After each kill: {@code qemu-img check} finds no corruption (leaks are allowed),
 * every acknowledged request's data is there and nothing else is (the request in flight may or
 * may not have happened; {@link GuestModel}), read by jblock and compared by
 * {@code qemu-img compare}; then the next writer continues on the image.
 *
 * <p>Kill moments: right after a random number of acknowledgements, a random time after the
 * writer is ready, or a random time after the JVM starts (often while it opens the image). CI runs
 * {@code jblock.sigkill.kills} (10) kills; {@code scripts/sigkill.sh --kills 300} the long form.
 */
class SigkillTest {
    static final int KILLS = Integer.getInteger("jblock.sigkill.kills", 10);
    static final long SEED = Long.getLong("jblock.sigkill.seed", 1);
    /** Time box of a long run: no new kill once this many minutes have passed (0: none). */
    static final long MINUTES = Long.getLong("jblock.sigkill.minutes", 0);
    private static final long SIZE = 16L << 20;
    /** Bounded waits for the child (a cold JVM on a busy machine), not timing assertions. */
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path dir;

    /** What one writer did before it was killed. */
    private record Round(int acked, boolean ready, String how, String stderr) {
    }

    @Test
    void everyAcknowledgedRequestSurvivesSigkill() throws Exception {
        QemuTools.require();
        Random r = new Random(SEED);
        int[] clusterSizes = {65536, 4096, 512, 1 << 20};
        int cs = clusterSizes[Math.floorMod(SEED, clusterSizes.length)];
        Path img = dir.resolve("sigkill.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=" + cs, img.toString(), Long.toString(SIZE));
        GuestModel model = new GuestModel(SEED, new byte[(int) SIZE], SIZE, null, false);
        int seq = 0;
        int acks = 0;
        int beforeReady = 0;
        int leakyStates = 0;
        long deadline = MINUTES > 0 ? System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES) : Long.MAX_VALUE;
        int kills = 0;
        for (int kill = 0; kill < KILLS && System.nanoTime() - deadline < 0; kill++) {
            kills++;
            Round round = killOne(img, seq, cs, r);
            for (int s = seq; s <= seq + round.acked(); s++) {
                SigkillPlan.Request q = SigkillPlan.request(SEED, s, SIZE, cs);
                boolean acked = s < seq + round.acked();
                model.record(new GuestModel.Op(s, q.modelType(), q.offset(), q.length(), acked, 2L * s,
                        acked ? 2L * s + 2 : Long.MAX_VALUE, acked ? q.kind().name() : q.kind().name() + " in flight"));
            }
            seq += round.acked() + 1;
            acks += round.acked();
            beforeReady += round.ready() ? 0 : 1;
            String where = "kill " + (kill + 1) + " of " + KILLS + " (" + round.how() + ", " + round.acked()
                    + " requests acknowledged, up to request " + (seq - 1) + ", seed " + SEED + ", cluster " + cs + ")";
            QemuTools.Result check = QemuTools.run("qemu-img", "check", img.toString());
            if (check.exitCode() != 0 && check.exitCode() != 3) {
                fail(where + ": qemu-img check exit " + check.exitCode() + ":\n" + check.output()
                        + "\nwriter's stderr:\n" + round.stderr());
            }
            leakyStates += check.exitCode() == 3 ? 1 : 0;
            byte[] content;
            try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img,
                    OpenOptions.READ_ONLY)) {
                assertEquals(SIZE, n.size(), where);
                content = Qcow2StateCheck.readAll(n, SIZE);
            }
            // the request in flight started at 2 * (seq - 1); every one before it was acknowledged
            List<String> problems = new ArrayList<>(model.at(2L * (seq - 1) + 1).check(content, SIZE, 5));
            Path expected = dir.resolve("expected.raw");
            Qcow2StateCheck.writeSparse(content, expected);
            QemuTools.Result cmp = QemuTools.run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", img.toString(),
                    expected.toString());
            if (cmp.exitCode() != 0) {
                problems.add("qemu-img compare with what jblock read: exit " + cmp.exitCode() + ": " + cmp.output());
            }
            if (!problems.isEmpty()) {
                fail(where + ":\n  " + String.join("\n  ", problems) + "\nwriter's stderr:\n" + round.stderr());
            }
        }
        System.out.println("sigkill: " + kills + " kills (" + beforeReady + " before the writer was ready), " + acks
                + " acknowledged requests, " + seq + " issued, " + leakyStates + " states with leaks only; seed "
                + SEED + ", cluster " + cs);
        assertTrue(acks > kills, "the writers acknowledged almost nothing (" + acks + "): the test tested little");
    }

    /**
     * Starts a writer from request {@code seq} on, kills it at a random moment, returns what it
     * acknowledged. The writer's stdout goes to a file, not a pipe: what it printed before the kill
     * is all in the file afterwards (a pipe's unread bytes were seen to get lost when the process died).
     */
    private Round killOne(Path img, int seq, int cs, Random r) throws IOException, InterruptedException {
        Path stdout = dir.resolve("writer.out");
        Path stderr = dir.resolve("writer.err");
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot find this JVM's java binary"));
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SigkillWriter.class.getName(), img.toString(), Long.toString(SEED), Integer.toString(seq),
                Integer.toString(cs))
                .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
        p.getOutputStream().close();
        String how;
        int mode = r.nextInt(10);
        try {
            if (mode == 0) {
                long ms = r.nextInt(1500);
                how = "killed " + ms + " ms after start";
                Thread.sleep(ms);
            } else {
                awaitLines(p, stdout, stderr, 1);
                if (mode < 6) {
                    int target = r.nextInt(60);
                    how = "killed after " + target + " acknowledgements";
                    awaitLines(p, stdout, stderr, 1 + target);
                    if (r.nextBoolean()) {
                        Thread.sleep(0, r.nextInt(999_999)); // a little later: maybe inside the next request
                    }
                } else {
                    long ms = r.nextInt(300);
                    how = "killed " + ms + " ms after ready";
                    Thread.sleep(ms);
                }
            }
        } finally {
            p.destroyForcibly(); // SIGKILL
        }
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("the killed writer did not exit");
        }
        List<String> seen = completeLines(stdout);
        boolean ready = !seen.isEmpty() && seen.get(0).equals("ready");
        int acked = 0;
        for (String line : seen.subList(ready ? 1 : 0, seen.size())) {
            if (!line.equals("ack " + (seq + acked))) {
                fail("unexpected line from the writer: '" + line + "' (expected ack " + (seq + acked) + ")");
            }
            acked++;
        }
        String err = Files.exists(stderr) ? Files.readString(stderr) : "";
        if (p.exitValue() != 137) {
            fail("the writer exited with " + p.exitValue() + " before it was killed; stderr:\n" + err);
        }
        // the writer repeats each acknowledgement on stderr after stdout: the parent must have all of them
        long repeated = err.lines().filter(l -> l.startsWith("acked ")).count();
        if (repeated > acked) {
            fail("the parent read " + acked + " acknowledgements but the writer printed at least " + repeated);
        }
        return new Round(acked, ready, how, err);
    }

    /** Waits (bounded) until the writer's stdout has {@code n} complete lines; fails if it dies first. */
    private static void awaitLines(Process p, Path stdout, Path stderr, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (completeLines(stdout).size() < n) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("the writer " + (p.isAlive() ? "took too long" : "died") + " before printing " + n + " lines; "
                        + "stdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
            }
            Thread.sleep(1);
        }
    }

    /** The lines of {@code file} that end with a newline (a kill may cut the last one). */
    private static List<String> completeLines(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        int end = s.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(s.substring(0, end).split("\n"));
    }
}
