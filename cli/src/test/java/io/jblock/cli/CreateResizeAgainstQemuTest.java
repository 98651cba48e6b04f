package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images made and resized by jblock are what qemu-img says they should be. */
class CreateResizeAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> info) {
        return (Map<String, Object>) ((Map<String, Object>) info.get("format-specific")).get("data");
    }

    @Test
    void createQcow2WithOptions() {
        String img = dir.resolve("c.qcow2").toString();
        CliRun r = CliRun.run("create", "-f", "qcow2", "-o", "cluster_size=4k,lazy_refcounts=on", img, "100M");
        assertEquals(0, r.status(), r.toString());
        String qi = dir.resolve("q.qcow2").toString();
        String qemu = QemuTools.img("create", "-f", "qcow2", "-o", "cluster_size=4k,lazy_refcounts=on", qi, "100M");
        assertEquals(qemu.replace(qi, img), r.out());
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img));
        assertEquals(104857600L, q.get("virtual-size"));
        assertEquals(4096L, q.get("cluster-size"));
        assertEquals(true, data(q).get("lazy-refcounts"));
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
    }

    @Test
    void createRawAndQuiet() throws Exception {
        String img = dir.resolve("c.raw").toString();
        CliRun r = CliRun.run("create", "-q", "-f", "raw", img, "3M");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.out());
        assertEquals(3L << 20, Files.size(Path.of(img)));
    }

    @Test
    void createOverlayTakesTheBackingSize() {
        String base = dir.resolve("b.qcow2").toString();
        String top = dir.resolve("t.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", base, "5M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x7 0 64k", base);
        CliRun r = CliRun.run("create", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "--output=json", top));
        assertEquals(5L << 20, q.get("virtual-size"));
        assertEquals(base, q.get("backing-filename"));
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "read -P 0x7 0 64k", top);
    }

    @Test
    void createRefusesABadSizeAndMissingSize() {
        assertEquals(1, CliRun.run("create", "-f", "raw", dir.resolve("x").toString()).status());
        assertEquals(1, CliRun.run("create", "-f", "raw", dir.resolve("x").toString(), "1Q").status());
    }

    @Test
    void resizeGrowsAndShrinksOnlyWhenAsked() {
        String img = dir.resolve("r.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "4M");
        CliRun grow = CliRun.run("resize", "-f", "qcow2", img, "+2M");
        assertEquals(0, grow.status(), grow.toString());
        assertEquals("Image resized.\n", grow.out());
        assertEquals(6L << 20, Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img)).get("virtual-size"));
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
        String raw = dir.resolve("r.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw, "4M");
        CliRun refused = CliRun.run("resize", "-f", "raw", raw, "1M");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("Use the --shrink option"), refused.err());
        assertEquals(0, CliRun.run("resize", "-f", "raw", "--shrink", raw, "1M").status());
        assertEquals(1L << 20, Json.object(QemuTools.ok("qemu-img", "info", "-f", "raw", "--output=json", raw)).get("virtual-size"));
    }
}
