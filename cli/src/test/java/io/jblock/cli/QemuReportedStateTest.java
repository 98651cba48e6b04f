package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header and snapshot-table facts qemu-img reports beside the format-specific data: the
 * dirty flag ({@code dirty-flag}, "cleanly shut down: no") and a snapshot's instruction count
 * (ICOUNT), present or not.
 */
class QemuReportedStateTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    /** Sets the dirty bit (incompatible feature bit 0, header bytes 72 to 79), as a crash with lazy refcounts leaves it. */
    private static void setDirtyBit(String img) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, 72);
            b.putLong(0, b.getLong(0) | 1);
            ch.write(b.rewind(), 72);
        }
    }

    @Test
    void dirtyFlagAsQemuImg() throws IOException {
        String img = dir.resolve("d.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", img, "4M");
        // negative control: a clean image reports false and no "cleanly shut down" line
        assertEquals(false, Json.object(CliRun.run("info", "--output=json", img).out()).get("dirty-flag"));
        assertFalse(CliRun.run("info", img).out().contains("cleanly shut down"));

        setDirtyBit(img);
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img));
        CliRun r = CliRun.run("info", "--output=json", img);
        assertEquals(0, r.status(), r.toString());
        assertEquals(true, q.get("dirty-flag"));
        assertEquals(q.get("dirty-flag"), Json.object(r.out()).get("dirty-flag"), r.out());
        assertEquals(List.copyOf(q.keySet()), List.copyOf(Json.object(r.out()).keySet()), "top-level keys and order");

        String human = QemuTools.ok("qemu-img", "info", img);
        CliRun h = CliRun.run("info", img);
        assertTrue(human.contains("\ncleanly shut down: no\n"), human);
        assertEquals(human, h.out());
    }

    @Test
    void rawDirtyFlagAsQemuImg() {
        String img = dir.resolve("d.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "1M");
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "-f", "raw", "--output=json", img));
        Map<String, Object> j = Json.object(CliRun.run("info", "-f", "raw", "--output=json", img).out());
        assertEquals(q.get("dirty-flag"), j.get("dirty-flag"));
        assertTrue(j.containsKey("dirty-flag"));
    }

    /**
     * Rewrites the only snapshot entry with 16 bytes of extra data (as QEMU before 5.2 wrote
     * it), dropping the icount field; the shorter entry fits where the old one was.
     */
    private static void dropIcount(String img) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(img), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(72);
            ch.read(h, 0);
            assertEquals(1, h.getInt(60), "one snapshot");
            long table = h.getLong(64);
            ByteBuffer e = ByteBuffer.allocate(4096);
            ch.read(e, table);
            int idLen = e.getShort(12) & 0xffff;
            int nameLen = e.getShort(14) & 0xffff;
            int extra = e.getInt(36);
            assertEquals(24, extra, "QEMU 7.2 writes 24 bytes of extra data");
            int oldLen = (40 + extra + idLen + nameLen + 7) & ~7;
            ByteBuffer n = ByteBuffer.allocate(oldLen);
            n.put(e.array(), 0, 36).putInt(16).put(e.array(), 40, 16).put(e.array(), 40 + extra, idLen + nameLen);
            ch.write(n.rewind(), table);
        }
    }

    @Test
    void snapshotWithoutIcountAsQemuImg() throws IOException {
        String img = dir.resolve("s.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "4M");
        QemuTools.ok("qemu-img", "snapshot", "-c", "old", img);
        dropIcount(img);
        QemuTools.ok("qemu-img", "check", img);

        String q = QemuTools.ok("qemu-img", "snapshot", "-l", img);
        CliRun r = CliRun.run("snapshot", "-l", img);
        assertEquals(0, r.status(), r.toString());
        assertTrue(q.lines().skip(2).allMatch(l -> l.endsWith("00:00:00.000           ")), "blank ICOUNT:\n" + q);
        assertEquals(q, r.out());

        List<?> qs = (List<?>) Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img)).get("snapshots");
        List<?> js = (List<?>) Json.object(CliRun.run("info", "--output=json", img).out()).get("snapshots");
        assertFalse(((Map<?, ?>) qs.get(0)).containsKey("icount"));
        assertEquals(qs, js);
    }
}
