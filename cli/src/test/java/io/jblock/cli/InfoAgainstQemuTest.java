package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jblock info} agrees with {@code qemu-img info} on the fields both print. */
class InfoAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lazy_refcounts=on,cluster_size=4096", "compat=0.10", "refcount_bits=1,cluster_size=2M"})
    void qcow2JsonAgrees(String options) {
        String img = dir.resolve("a.qcow2").toString();
        if (options.isEmpty()) {
            QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "64M");
        } else {
            QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", options, img, "64M");
        }
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 1M 192k", img);
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img));
        CliRun r = CliRun.run("info", "--output=json", img);
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> j = Json.object(r.out());
        for (String key : List.of("virtual-size", "filename", "format", "cluster-size", "actual-size", "format-specific")) {
            assertEquals(q.get(key), j.get(key), key + "\njblock: " + r.out() + "\nqemu-img: " + q);
        }
    }

    @Test
    void rawJsonAgrees() {
        String img = dir.resolve("a.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "10M");
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x22 0 64k", img);
        Map<String, Object> q = Json.object(QemuTools.ok("qemu-img", "info", "-f", "raw", "--output=json", img));
        CliRun r = CliRun.run("info", "-f", "raw", "--output=json", img);
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> j = Json.object(r.out());
        for (String key : List.of("virtual-size", "filename", "format", "actual-size")) {
            assertEquals(q.get(key), j.get(key), key);
        }
        assertTrue(!j.containsKey("format-specific"), "raw has no format-specific data");
    }

    @Test
    void humanOutputMatchesQemuImgLineForLine() {
        String img = dir.resolve("h.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "1G");
        String q = QemuTools.ok("qemu-img", "info", img);
        CliRun r = CliRun.run("info", img);
        assertEquals(0, r.status(), r.toString());
        // qemu-img 7.2 prints the same lines; the probe found qcow2 without -f
        assertEquals(q, r.out());
    }

    @Test
    void probesQcow2AndRaw() {
        String q = dir.resolve("p.qcow2").toString();
        String raw = dir.resolve("p.img").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", q, "1M");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw, "1M");
        assertEquals("qcow2", Json.object(CliRun.run("info", "--output=json", q).out()).get("format"));
        assertEquals("raw", Json.object(CliRun.run("info", "--output=json", raw).out()).get("format"));
    }

    @Test
    void backingChain() {
        String base = dir.resolve("base.qcow2").toString();
        String top = dir.resolve("top.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", base, "8M");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
        CliRun r = CliRun.run("info", "--backing-chain", "--output=json", top);
        assertEquals(0, r.status(), r.toString());
        List<?> chain = (List<?>) Json.parse(r.out());
        assertEquals(2, chain.size());
        Map<?, ?> first = (Map<?, ?>) chain.get(0);
        assertEquals(base, first.get("full-backing-filename"));
        assertEquals("qcow2", first.get("backing-filename-format"));
        assertEquals(8L << 20, first.get("virtual-size"));
    }

    @Test
    void snapshotsAgreeIcountIncluded() {
        String img = dir.resolve("s.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "4M");
        QemuTools.ok("qemu-img", "snapshot", "-c", "one", img);
        QemuTools.ok("qemu-img", "snapshot", "-c", "two", img);
        List<?> q = (List<?>) Json.object(QemuTools.ok("qemu-img", "info", "--output=json", img)).get("snapshots");
        CliRun r = CliRun.run("info", "--output=json", img);
        assertEquals(0, r.status(), r.toString());
        List<?> j = (List<?>) Json.object(r.out()).get("snapshots");
        assertEquals(2, q.size());
        assertEquals(q.size(), j.size(), r.out());
        for (int i = 0; i < q.size(); i++) {
            assertEquals(0L, ((Map<?, ?>) q.get(i)).get("icount"), "qemu-img snapshot -c records icount 0");
            assertEquals(q.get(i), j.get(i));
        }
    }
}
