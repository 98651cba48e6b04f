package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata write ordering proven by crash states: every write and flush that reaches the image
 * file is recorded, the files a power cut could leave are rebuilt ({@link CrashStates}), and each
 * must pass {@code qemu-img check} (leaks allowed; with lazy refcounts after the repair QEMU runs
 * on open) and hold what the guest flushed.
 */
class CrashOrderingTest {
    private static final int CS = 4096;
    /**
     * Crash states checked per workload: every flush point, the rest sampled. The short form
     * keeps CI quick; {@code -Djblock.crashStates=2000} checks them all (the long form).
     */
    private static final int STATES = Integer.getInteger("jblock.crashStates", 40);

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /**
     * Issue 9, defect 1: overwriting, zeroing and discarding clusters shared with an internal
     * snapshot lowers their refcount; the lowered refcount must not reach the disk before the L2
     * entry that stops pointing at the cluster. Otherwise a crash leaves
     * {@code ERROR cluster N refcount=1 reference=2}, and writing on frees and reuses a cluster
     * the snapshot still reads.
     */
    @Test
    void clustersSharedWithASnapshotSurviveEveryCrashState() throws IOException {
        Path img = tmp.resolve("snap.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", img.toString(), "1M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 512k");
        QemuTools.img("snapshot", "-c", "snap", img.toString());
        byte[] snapshot = snapshotContent(img, "snap");
        byte[] base = Files.readAllBytes(img);
        RecordingNode rec = new RecordingNode(new ChannelNode(img, false));
        CrashStates.Guest g;
        try (DriverBackedNode n = TestImages.open(rec, img, false, false, Map.of())) {
            g = new CrashStates.Guest(n, rec, CS, snapshot);
            g.write(CS + 100, 1000, 0x21);           // COW of a shared cluster (and of the shared L2 table)
            g.writeZeroes(2 * CS, 2 * CS, true);       // shared clusters become zero clusters
            g.discard(4 * CS, 2 * CS);                 // shared clusters discarded
            g.write(6 * CS, CS, 0x22);                 // whole shared cluster overwritten
            g.flush();
            g.write(10 * CS, 2 * CS, 0x23);
            g.discard(12 * CS, 2 * CS);
            g.writeZeroes(14 * CS, CS, true);
            g.write(600 << 10, 40 << 10, 0x31);        // new clusters
            g.flush();
            g.discard(600 << 10, 20 << 10);            // frees clusters of our own...
            g.write(700 << 10, 40 << 10, 0x32);        // ...which are reused here
            g.write(100 << 10, 8 << 10, 0x24);
            g.writeZeroes(120 << 10, 16 << 10, true);
            g.flush();
            g.discard(200 << 10, 64 << 10);
            g.write(800 << 10, 64 << 10, 0x33);
            g.write(300 << 10, 3000, 0x25);
            g.flush();
        }
        CrashStates states = new CrashStates(base, rec.snapshot());
        List<CrashStates.State> all = states.enumerate(1, STATES);
        Path state = tmp.resolve("state.qcow2");
        for (CrashStates.State s : all) {
            states.write(s, state);
            String what = "crash state '" + s.name() + "'";
            checkConsistent(state, false, what);
            g.assertDurable(s, QemuTools.toRaw(state, tmp), what);
            // writing on reuses every cluster a wrong refcount lets go: the snapshot must not change
            QemuTools.io(state, "qcow2", writeOn());
            assertSame(snapshot, snapshotContent(state, "snap"), what + ", snapshot after writing on");
        }
        assertTrue(all.size() >= 20 && states.flushCount() >= 4, all.size() + " states");
        System.out.println("shared-snapshot workload: " + all.size() + " crash states checked, "
                + states.flushCount() + " flushes");
    }

    /**
     * Issue 9, defect 5: with lazy_refcounts=on only the refcounts may lag behind; copy-on-write
     * data must still be stable before the L2 entry that points at it, and a new L2 table before
     * the L1 entry, as QEMU's perform_cow and l2_allocate order them.
     */
    @Test
    void lazyRefcountsStillOrderDataL2AndL1() throws IOException {
        crashStatesOfCopyOnWrite("lazy_refcounts=on", true);
    }

    /** The same workload without lazy refcounts (every ordering rule applies). */
    @Test
    void copyOnWriteFromBackingAndSnapshotSurvivesEveryCrashState() throws IOException {
        crashStatesOfCopyOnWrite("lazy_refcounts=off", false);
    }

    private void crashStatesOfCopyOnWrite(String options, boolean lazy) throws IOException {
        Path backing = tmp.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", backing.toString(), "1M");
        QemuTools.io(backing, "qcow2", "write -P 0x5a 0 1M");
        Path img = tmp.resolve("top.qcow2");
        // 1 KiB clusters: an L2 table maps 128 KiB, so the workload allocates and copies several
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1k," + options, "-b", backing.toString(),
                "-F", "qcow2", img.toString(), "1M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 256k");
        QemuTools.img("snapshot", "-c", "snap", img.toString());
        byte[] snapshot = snapshotContent(img, "snap");
        byte[] base = Files.readAllBytes(img);
        RecordingNode rec = new RecordingNode(new ChannelNode(img, false));
        CrashStates.Guest g;
        int cs = 1024;
        try (DriverBackedNode n = TestImages.open(rec, img, false, false, Map.of())) {
            g = new CrashStates.Guest(n, rec, cs, snapshot);
            g.write(300, 200, 0x21);                  // COW from a snapshot cluster, L2 table copied
            g.write(300 << 10, 100, 0x22);            // COW from the backing file, new L2 table
            g.flush();
            g.write(140 << 10, 700, 0x23);            // another shared L2 table copied
            g.write(700 << 10, 3000, 0x24);           // new L2 table, COW at both ends
            g.write(900 << 10, 10, 0x25);
            g.flush();
            g.write(150 << 10, 50, 0x26);
            g.write(520 << 10, 2000, 0x27);
            g.write(20 << 10, 1, 0x28);
            g.flush();
        }
        CrashStates states = new CrashStates(base, rec.snapshot());
        List<CrashStates.State> all = states.enumerate(5, STATES);
        Path state = tmp.resolve("state.qcow2");
        for (CrashStates.State s : all) {
            states.write(s, state);
            String what = "crash state '" + s.name() + "' (" + options + ")";
            checkConsistent(state, lazy, what);
            g.assertDurable(s, QemuTools.toRaw(state, tmp), what);
            assertSame(snapshot, snapshotContent(state, "snap"), what + ", snapshot");
        }
        assertTrue(all.size() >= 20 && states.flushCount() >= 4, all.size() + " states");
        System.out.println(options + " copy-on-write workload: " + all.size() + " crash states checked, "
                + states.flushCount() + " flushes");
    }

    /**
     * {@code qemu-img check} finds no corruption (leaks are fine: a crash may leave clusters
     * counted but unused). With lazy refcounts the image is repaired first, as QEMU does when it
     * opens an image with the dirty bit set.
     */
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

    /** Overwrites everything, then writes single clusters, which reuse any cluster freed on the way. */
    private static String[] writeOn() {
        List<String> c = new java.util.ArrayList<>(List.of("write -P 0x77 0 512k"));
        for (int i = 0; i < 32; i++) {
            c.add("write -P 0x78 " + ((512 << 10) + i * 2 * CS) + " " + CS);
        }
        return c.toArray(String[]::new);
    }

    private byte[] snapshotContent(Path image, String name) throws IOException {
        Path raw = tmp.resolve(name + ".raw");
        QemuTools.img("convert", "-O", "raw", "-l", "snapshot.name=" + name, image.toString(), raw.toString());
        byte[] b = Files.readAllBytes(raw);
        Files.delete(raw);
        return b;
    }

    private static void assertSame(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            int i = Arrays.mismatch(expected, actual);
            fail(what + ": differs from the snapshot taken before the workload, first at byte " + i);
        }
    }
}
