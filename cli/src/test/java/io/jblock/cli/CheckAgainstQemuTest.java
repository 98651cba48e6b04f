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

    /**
     * qemu-iotests 214: compressed cluster descriptors whose size fields were enlarged now reach
     * into the clusters after them. Both tools read the data, count the references the same
     * way, and report and repair them with the same lines: first every mismatch ("ERROR
     * cluster"), then the repairs ("Repairing cluster", "Repairing OFLAG_COPIED data cluster").
     */
    @Test
    void enlargedCompressedDescriptorsAreReportedAndRepairedAsQemuDoes() throws IOException {
        String img = dir.resolve("c.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=2M,compression_type=zlib", img, "8M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -c -P 0x11 0 2M", "-c", "write -c -P 0x11 2M 2M", img);
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.WRITE)) {
            // the L2 table is at 8 MiB: set the sector counts of both descriptors to the maximum
            ch.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xfe}), 0x800000);
            ch.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xfe}), 0x800008);
        }
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x22 4M 4M", img);
        CliRun read = CliRun.run("io", "-f", "qcow2", "-c", "read -P 0x11 0 4M", img);
        assertTrue(read.out().contains("read 4194304/4194304 bytes at offset 0"), read.toString());
        String copy = dir.resolve("q.qcow2").toString();
        Files.copy(Path.of(img), Path.of(copy));

        CliRun check = CliRun.run("check", img);
        QemuTools.Result qcheck = QemuTools.run("qemu-img", "check", copy);
        assertEquals(qcheck.exitCode(), check.status());
        assertEquals(qcheck.stderr(), check.err());
        assertTrue(check.err().contains("ERROR cluster 6 refcount=1 reference=3"), check.err());

        CliRun fix = CliRun.run("check", "-r", "all", img);
        QemuTools.Result qfix = QemuTools.run("qemu-img", "check", "-r", "all", copy);
        assertEquals(qfix.exitCode(), fix.status(), fix.toString());
        assertEquals(qfix.stderr(), fix.err(), "the same lines, in the same order");
        assertEquals(qfix.stdout(), fix.out());
        assertTrue(fix.err().contains("Repairing OFLAG_COPIED data cluster: l2_entry=8000000000c00000 refcount=3"),
                fix.err());
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
    }

    /**
     * A compressed cluster that does not decompress fails the read with EIO, as in QEMU, and
     * does not mark the image corrupt: it opens read-write again afterwards (qemu-iotests 214).
     */
    @Test
    void aCompressedClusterThatDoesNotDecompressFailsTheReadOnly() throws IOException {
        String img = dir.resolve("d.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=2M,compression_type=zlib", img, "8M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -c -P 0x11 0 2M", img);
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x40, 0x06}), 0x800000); // a sector count too small
        }
        CliRun read = CliRun.run("io", "-f", "qcow2", "-c", "read -P 0x11 0 2M", img);
        assertTrue(read.out().contains("read failed: Input/output error"), read.toString());
        QemuTools.Result q = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "read -P 0x11 0 2M", img);
        assertTrue(q.stdout().contains("read failed: Input/output error"), "qemu-io fails the same read: " + q);
        assertTrue(QemuTools.ok("qemu-img", "info", img).contains("corrupt: false"), "not marked corrupt");
        CliRun write = CliRun.run("io", "-f", "qcow2", "-c", "write -P 0x22 2M 64k", img);
        assertTrue(write.out().contains("wrote 65536/65536"), write.toString());
    }
}
