package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jblock bench -i io_uring|threads|native} (qemu-img bench's option) on raw and qcow2:
 * what the bench wrote is checked with qemu-io and qemu-img check; depth 1 uses the synchronous
 * forms on the bench thread.
 */
class BenchAioTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @Test
    void everyAioModeWritesWhatQemuIoReadsBackOnRawAndQcow2() {
        int pattern = 0x20;
        for (String format : new String[] {"raw", "qcow2"}) {
            for (String aio : new String[] {"io_uring", "threads", "native"}) {
                pattern++;
                String img = dir.resolve(aio + "." + format).toString();
                QemuTools.ok("qemu-img", "create", "-q", "-f", format, img, "8M");
                CliRun r = CliRun.run("bench", "-w", "-i", aio, "-c", "2048", "-d", "16", "-t", "none",
                        "--pattern=" + pattern, "--flush-interval=512", "--output=json", "-f", format, img);
                assertEquals(0, r.status(), r.toString());
                Map<String, Object> j = Json.object(r.out());
                assertEquals(2048L, j.get("requests"));
                assertEquals(3L, j.get("flushes"));
                assertEquals(aio, j.get("aio"));
                assertTrue(((Number) j.get("user-cpu-seconds")).doubleValue() >= 0, r.out());
                // qemu-img bench wraps before the last request-sized block: offsets 0 .. 8M - 8K
                QemuTools.ok("qemu-io", "-f", format, "-c", "read -P " + pattern + " 0 8384512", img);
                if (format.equals("qcow2")) {
                    assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
                }
                CliRun read = CliRun.run("bench", "-i", aio, "-c", "1000", "-d", "32", "--random", "-n",
                        "-f", format, img);
                assertEquals(0, read.status(), read.toString());
                assertTrue(read.out().contains("Run completed in "), read.out());
            }
        }
    }

    @Test
    void anUnknownAioModeIsRefused() {
        String img = dir.resolve("x.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", img, "1M");
        CliRun r = CliRun.run("bench", "-i", "posix", "-c", "1", img);
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("Invalid aio option: posix (expected threads, native or io_uring)"), r.err());
    }

    @Test
    void depthOneRunsTheSynchronousFormsOnTheBenchThread() throws IOException {
        try (MemoryNode node = new MemoryNode(1 << 20, false, false)) {
            BenchRun.Result r = new BenchRun(node, new BenchRun.Config(300, 1, 4096, 0, 4096, false, 0, 100, true,
                    true, 1)).run(null);
            assertEquals(300, r.requests());
            assertEquals(300, node.readOffsets.size());
            assertEquals(0, node.maxInFlight.get(), "no asynchronous request at depth 1");
            assertEquals(2, r.flushes(), "after 100 and 200 requests");
        }
    }
}
