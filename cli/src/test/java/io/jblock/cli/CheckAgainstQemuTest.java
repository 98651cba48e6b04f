package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jblock check} exit codes and counts agree with {@code qemu-img check} on damaged images. */
class CheckAgainstQemuTest {
    /** In a fresh 64 MiB qcow2 (64 KiB clusters) the first refcount block is at 0x20000. */
    private static final long REFCOUNT_BLOCK = 0x20000;

    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    private String fresh(String name) {
        String img = dir.resolve(name).toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "64M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x33 0 128k", img);
        return img;
    }

    private static void setRefcount(String img, long cluster, int value) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(2).putShort(0, (short) value), REFCOUNT_BLOCK + 2 * cluster);
        }
    }

    private static void assertSameExit(int expected, String img, String... extra) {
        QemuTools.Result q = QemuTools.run(cmd("qemu-img", img, extra));
        CliRun j = CliRun.run(cmd(null, img, extra));
        assertEquals(expected, q.exitCode(), "qemu-img: " + q);
        assertEquals(q.exitCode(), j.status(), "jblock vs qemu-img\n" + j + "\nqemu: " + q.stdout() + q.stderr());
    }

    private static String[] cmd(String tool, String img, String... extra) {
        java.util.List<String> c = new java.util.ArrayList<>();
        if (tool != null) {
            c.add(tool);
        }
        c.add("check");
        c.addAll(java.util.List.of(extra));
        c.add(img);
        return c.toArray(String[]::new);
    }

    @Test
    void cleanImage() {
        String img = fresh("clean.qcow2");
        assertSameExit(0, img);
        CliRun j = CliRun.run("check", img);
        assertTrue(j.out().startsWith("No errors were found on the image.\n"), j.out());
        assertEquals(QemuTools.ok("qemu-img", "check", img), j.out(), "same summary as qemu-img");
    }

    @Test
    void leakedCluster() throws IOException {
        String img = fresh("leak.qcow2");
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.WRITE)) {
            ch.truncate(Math.max(ch.size(), 1 << 20));
            ch.write(ByteBuffer.allocate(1), (1 << 20) - 1);
        }
        setRefcount(img, 12, 1);
        assertSameExit(3, img);
        Map<String, Object> q = Json.object(QemuTools.run("qemu-img", "check", "--output=json", img).stdout());
        CliRun j = CliRun.run("check", "--output=json", img);
        assertEquals(3, j.status());
        Map<String, Object> jm = Json.object(j.out());
        assertEquals(q.get("leaks"), jm.get("leaks"));
        assertEquals(q.get("corruptions"), jm.get("corruptions"));
        // repair, then both tools find the image clean
        CliRun fix = CliRun.run("check", "-r", "leaks", img);
        assertEquals(0, fix.status(), fix.toString());
        assertTrue(fix.out().contains("1 leaked clusters"), fix.out());
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
    }

    @Test
    void refcountTooLowIsACorruption() throws IOException {
        String img = fresh("corrupt.qcow2");
        setRefcount(img, 3, 0); // the L1 table's cluster
        assertSameExit(2, img);
        CliRun j = CliRun.run("check", img);
        assertTrue(j.out().contains("errors were found on the image."), j.out());
        assertTrue(j.err().contains("ERROR cluster 3 refcount=0 reference=1"), j.err());
    }

    @Test
    void notAQcow2ImageCannotBeChecked() throws IOException {
        Path bad = dir.resolve("bad.qcow2");
        Files.writeString(bad, "garbage, not a header");
        assertSameExit(1, bad.toString(), "-f", "qcow2");
    }

    @Test
    void rawHasNoCheckAs63() throws IOException {
        String img = dir.resolve("r.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "1M");
        assertSameExit(63, img, "-f", "raw");
        assertTrue(CliRun.run("check", "-f", "raw", img).err().contains("does not support checks"));
    }
}
