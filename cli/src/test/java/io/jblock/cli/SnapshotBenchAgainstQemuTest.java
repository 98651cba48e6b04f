package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snapshot -l and bench against qemu-img. */
class SnapshotBenchAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @Test
    void snapshotListMatchesQemuImg() {
        String img = dir.resolve("s.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "4M");
        CliRun none = CliRun.run("snapshot", "-l", img);
        assertEquals(0, none.status(), none.toString());
        assertEquals("", none.out());
        QemuTools.ok("qemu-img", "snapshot", "-c", "first", img);
        QemuTools.ok("qemu-img", "snapshot", "-c", "second-one", img);
        // longer than the TAG column: qemu-img 7.2 still puts a space after it
        QemuTools.ok("qemu-img", "snapshot", "-c", "a-tag-longer-than-sixteen", img);
        String q = QemuTools.ok("qemu-img", "snapshot", "-l", img);
        CliRun r = CliRun.run("snapshot", "-l", img);
        assertEquals(0, r.status(), r.toString());
        // every column, ICOUNT included (qemu-img snapshot -c records 0)
        assertEquals(q, r.out());
        assertTrue(q.lines().skip(2).allMatch(l -> l.endsWith("          0")), q);
    }

    @Test
    void benchPrintsQemuImgBenchLines() {
        String img = dir.resolve("b.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "4M");
        String[] args = {"-c", "500", "-d", "4", "-s", "8k", "-S", "16k", "-o", "64k", "-f", "raw"};
        String q = QemuTools.ok(cat("qemu-img", "bench", args, img));
        CliRun r = CliRun.run(cat(null, "bench", args, img));
        assertEquals(0, r.status(), r.toString());
        assertEquals(q.lines().findFirst(), r.out().lines().findFirst());
        assertTrue(r.out().matches("(?s).*\nRun completed in \\d+\\.\\d{3} seconds\\.\n"), r.out());
    }

    @Test
    void benchWritesThePatternOnODirect() {
        String img = dir.resolve("w.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "4M");
        CliRun r = CliRun.run("bench", "-w", "-c", "256", "-d", "8", "-t", "none", "--pattern=0x6b",
                "--flush-interval=64", "-f", "qcow2", img);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("Sending flush every 64 requests\n"), r.out());
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "read -P 0x6b 0 1M", "-c", "read -P 0 1M 4k", img);
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
    }

    @Test
    void benchJsonHasRatesAndPercentiles() {
        String img = dir.resolve("j.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "4M");
        CliRun r = CliRun.run("bench", "--output=json", "--random", "-n", "-c", "1000", "-d", "16", "-f", "raw", img);
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> j = Json.object(r.out());
        assertEquals(1000L, j.get("requests"));
        assertEquals("none", j.get("cache"));
        assertEquals("random", j.get("offsets"));
        assertTrue(((Number) j.get("ops-per-second")).doubleValue() > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> lat = (Map<String, Object>) j.get("latency-us");
        double p50 = ((Number) lat.get("p50")).doubleValue();
        double p99 = ((Number) lat.get("p99")).doubleValue();
        double max = ((Number) lat.get("max")).doubleValue();
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, lat.toString());
    }

    private static String[] cat(String tool, String sub, String[] args, String img) {
        java.util.List<String> l = new java.util.ArrayList<>();
        if (tool != null) {
            l.add(tool);
        }
        l.add(sub);
        l.addAll(java.util.List.of(args));
        l.add(img);
        return l.toArray(String[]::new);
    }
}
