package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internal snapshots (create, apply, delete) and shrinking, done by jblock on one copy and by
 * qemu-img on another: qemu-img check, map and snapshot list must see the same images, and
 * qemu-io the data each snapshot holds.
 */
class SnapshotShrinkAgainstQemuTest {
    @TempDir
    Path dir;

    private Parity p;

    @BeforeEach
    void setUp() {
        QemuTools.require();
        p = new Parity(dir);
        p.setUp("create", "-q", "-f", "qcow2", "@/s.qcow2", "64M");
        p.io("s.qcow2", "qcow2", "write -P 1 0 1M", "write -P 2 10M 64k");
    }

    /** The listing without its date column (the two sides took their snapshots at different times). */
    private String listing(String view) {
        return view.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", "DATE");
    }

    /** info's JSON without the snapshots' creation times. */
    private static String withoutDates(String json) {
        return json.replaceAll("\"date-n?sec\": \\d+", "\"date\": 0");
    }

    @Test
    void createApplyDeleteLeaveTheImageQemuLeaves() {
        p.run("snapshot", "-c", "one", "@/s.qcow2").same();
        p.sameView("check", "@/s.qcow2");
        p.io("s.qcow2", "qcow2", "write -P 3 0 512k", "write -P 4 20M 64k");
        p.run("snapshot", "-c", "two", "@/s.qcow2").same();
        assertEquals(listing(p.qemuView("snapshot", "-l", "@/s.qcow2")),
                listing(p.jblockView("snapshot", "-l", "@/s.qcow2")));
        p.run("snapshot", "-a", "one", "@/s.qcow2").same();
        p.sameView("check", "@/s.qcow2");
        p.sameView("map", "--output=json", "@/s.qcow2");
        QemuTools.io(p.jblockDir.resolve("s.qcow2"), "qcow2", "read -P 1 0 1M", "read -P 2 10M 64k", "read -P 0 20M 64k");
        p.run("snapshot", "-d", "one", "@/s.qcow2").same();
        p.sameView("check", "@/s.qcow2");
        p.run("snapshot", "-a", "2", "@/s.qcow2").same(); // by ID
        QemuTools.io(p.jblockDir.resolve("s.qcow2"), "qcow2", "read -P 3 0 512k", "read -P 1 512k 512k",
                "read -P 4 20M 64k");
        p.run("snapshot", "-d", "two", "@/s.qcow2").same();
        p.sameView("check", "@/s.qcow2");
        p.sameView("map", "--output=json", "@/s.qcow2");
        p.run("snapshot", "-l", "@/s.qcow2").same();
    }

    @Test
    void missingSnapshotsAndMixedActionsFailAsInQemu() {
        p.run("snapshot", "-a", "nope", "@/s.qcow2").same();
        p.run("snapshot", "-d", "nope", "@/s.qcow2").same();
        p.run("snapshot", "-c", "x", "-d", "x", "@/s.qcow2").same();
        p.run("snapshot", "-l").same();
    }

    @Test
    void applyingASnapshotOfAnotherSizeResizesTheDisk() {
        p.run("snapshot", "-c", "small", "@/s.qcow2").same();
        p.run("resize", "@/s.qcow2", "128M").same();
        p.io("s.qcow2", "qcow2", "write -P 5 100M 64k");
        p.run("snapshot", "-a", "small", "@/s.qcow2").same();
        assertEquals(withoutDates(p.qemuView("info", "--output=json", "@/s.qcow2")),
                withoutDates(p.jblockView("info", "--output=json", "@/s.qcow2")));
        p.sameView("check", "@/s.qcow2");
    }

    @Test
    void shrinkFreesWhatLiesBeyondAndCutsTheFile() throws Exception {
        p.setUp("create", "-q", "-f", "qcow2", "@/k.qcow2", "1G");
        p.io("k.qcow2", "qcow2", "write -P 1 0 1M", "write -P 2 600M 2M", "write -P 3 1000M 1M");
        p.run("resize", "@/k.qcow2", "700M").same(); // refused without --shrink
        p.run("resize", "--shrink", "@/k.qcow2", "700M").same();
        p.sameView("check", "@/k.qcow2");
        p.sameView("map", "--output=json", "@/k.qcow2");
        assertEquals(Files.size(p.qemuDir.resolve("k.qcow2")), Files.size(p.jblockDir.resolve("k.qcow2")));
        p.run("resize", "--shrink", "@/k.qcow2", "-100M").same();
        p.run("resize", "--shrink", "@/k.qcow2", "100M").same();
        p.sameView("check", "@/k.qcow2");
        p.sameView("info", "--output=json", "@/k.qcow2");
        assertEquals(Files.size(p.qemuDir.resolve("k.qcow2")), Files.size(p.jblockDir.resolve("k.qcow2")));
        QemuTools.io(p.jblockDir.resolve("k.qcow2"), "qcow2", "read -P 1 0 1M");
        // negative control: what lay past the new end is gone
        String past = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "read -P 2 600M 2M",
                p.jblockDir.resolve("k.qcow2").toString()).output();
        assertTrue(past.contains("read failed"), past);
        assertTrue(Files.size(p.jblockDir.resolve("k.qcow2")) < 2 << 20);
    }
}
