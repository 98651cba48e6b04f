package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-cluster write path (one allocation, one data write and one L2 update per run) keeps
 * the ordering rules, proven on crash states as in {@link CrashOrderingTest}: runs of new
 * clusters with copy-on-write heads and tails (from zeroes, from a backing file), runs mixing
 * clusters written in place with new ones, runs across L2 tables, and clusters freed and reused.
 *
 * <p>The one relaxation these states check: data written into new clusters that lie past
 * everything written since open (inside a file size a flush made stable) and replace clusters
 * that read as zeroes needs no flush before its L2 entry (QEMU flushes only for copy-on-write).
 * A reused cluster holds old data, so there the flush stays: a state with the entry but without
 * the data would show another cluster's old bytes.
 */
class WriteRunCrashTest {
    private static final int CS = 1024;
    private static final int STATES = Integer.getInteger("jblock.crashStates", 40);

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @Test
    void runsOfNewAndReusedClustersSurviveEveryCrashState() throws IOException {
        crashStates("lazy_refcounts=off", false, false);
    }

    /** With lazy refcounts nothing else flushes before an L2 entry: the data rule alone keeps the guest's bytes. */
    @Test
    void runsWithLazyRefcountsSurviveEveryCrashState() throws IOException {
        crashStates("lazy_refcounts=on", true, false);
    }

    /** Heads and tails copied from a backing file, which new clusters do not read like. */
    @Test
    void runsOverABackingFileSurviveEveryCrashState() throws IOException {
        crashStates("lazy_refcounts=on", true, true);
    }

    private void crashStates(String options, boolean lazy, boolean withBacking) throws IOException {
        Path img = tmp.resolve("runs.qcow2");
        byte[] initial = new byte[1 << 20];
        if (withBacking) {
            Path backing = tmp.resolve("base.raw");
            byte[] b = new byte[1 << 20];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (0x40 + i / 4096);
            }
            Files.write(backing, b);
            initial = b;
            // 1 KiB clusters: an L2 table maps 128 KiB, so runs cross tables
            QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1k," + options, "-b",
                    backing.toString(), "-F", "raw", img.toString(), "1M");
        } else {
            QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1k," + options, img.toString(), "1M");
        }
        byte[] base = Files.readAllBytes(img);
        RecordingNode rec = new RecordingNode(new ChannelNode(img, false));
        CrashStates.Guest g;
        try (DriverBackedNode n = TestImages.open(rec, img, false, false, Map.of())) {
            g = new CrashStates.Guest(n, rec, CS, initial);
            g.write(0, 10 * CS, 0x21);                 // a run of new clusters, whole
            g.write(20 * CS + 100, 5000, 0x22);        // new clusters, head and tail partial
            g.flush();
            g.write(5 * CS, 8 * CS, 0x23);             // in place, then new clusters
            g.write(40 * CS + 7, 3 * CS, 0x24);        // three new clusters, both ends partial
            g.flush();
            g.discard(0, 4 * CS);                      // frees clusters...
            g.write(200 * CS + 300, 3000, 0x25);       // ...reused, partially written
            g.write(300 * CS, 2 * CS, 0x26);           // ...reused, whole clusters
            g.write(127 * CS + 512, 3 * CS, 0x27);     // across the L2 tables of 0 and 128 KiB
            g.flush();
            g.discard(20 * CS, 8 * CS);
            g.write(400 * CS, 4 * CS, 0x28);           // reuses what was freed, whole
            g.write(500 * CS + 10, 100, 0x29);
            g.write(600 * CS, 64 * CS, 0x2a);          // a long run: half an L2 table
            g.flush();
        }
        CrashStates states = new CrashStates(base, rec.snapshot());
        List<CrashStates.State> all = states.enumerate(11, STATES);
        Path state = tmp.resolve("state.qcow2");
        for (CrashStates.State s : all) {
            states.write(s, state);
            String what = "crash state '" + s.name() + "' (" + options + (withBacking ? ", backing" : "") + ")";
            checkConsistent(state, lazy, what);
            g.assertDurable(s, QemuTools.toRaw(state, tmp), what);
        }
        assertTrue(all.size() >= 20 && states.flushCount() >= 4, all.size() + " states");
        // and the image as it was left reads as the guest wrote it
        assertArrayEquals(g.shadow(), QemuTools.toRaw(img, tmp), "the image reads as the guest wrote it");
        QemuTools.checkClean(img);
    }

    private static void checkConsistent(Path image, boolean repairFirst, String what) {
        QemuTools.Result r = repairFirst
                ? QemuTools.run("qemu-img", "check", "-r", "all", image.toString())
                : QemuTools.run("qemu-img", "check", image.toString());
        boolean ok = repairFirst ? r.exitCode() == 0 : (r.exitCode() == 0 || r.exitCode() == 3);
        if (!ok || (!repairFirst && r.output().contains("ERROR"))) {
            fail(what + ": qemu-img check" + (repairFirst ? " -r all" : "") + " exited with " + r.exitCode()
                    + ":\n" + r.output());
        }
    }
}
