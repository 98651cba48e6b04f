package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback when the kernel refuses io_uring, made real: a child JVM installs a seccomp filter
 * that fails {@code io_uring_setup} (EPERM, as {@code kernel.io_uring_disabled=2} or a container
 * profile does; ENOSYS, as a kernel without io_uring does) and opens file nodes with
 * {@code aio=io_uring} and {@code aio=native}: they work on the thread engine, and the log has
 * exactly one line about it. The same child without the filter is the negative control: rings,
 * and no such line. The global sysctl is never touched (this machine is shared).
 */
class IoUringFallbackTest {

    @TempDir
    Path dir;

    private record Run(List<String> stdout, List<String> stderr, int exit) {
        long fallbackLines() {
            return stderr.stream().filter(l -> l.contains("io_uring is not available")).count();
        }
    }

    private Run child(String errno) throws IOException, InterruptedException {
        Path img = FileNodes.patterned(dir.resolve("img-" + errno), 1 << 16);
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), IoUringFallbackChild.class.getName(), errno,
                img.toString()));
        Path out = dir.resolve("out-" + errno);
        Path err = dir.resolve("err-" + errno);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child did not finish");
        return new Run(Files.readAllLines(out), Files.readAllLines(err), p.exitValue());
    }

    @Test
    void withIoUringRefusedBySeccompNodesUseThreadsAndSaySoOnce() throws Exception {
        for (int errno : new int[] {Errno.EPERM, Errno.ENOSYS}) {
            Run r = child(Integer.toString(errno));
            assertEquals(0, r.exit(), "child failed: " + r);
            assertEquals(List.of("ring=false", "ring=false", "ring=false", "ok"), r.stdout(), r.toString());
            assertEquals(1, r.fallbackLines(), "exactly one log line about the fallback: " + r.stderr());
            String line = r.stderr().stream().filter(l -> l.contains("io_uring is not available")).findFirst()
                    .orElseThrow();
            assertTrue(line.contains("WARN") && line.contains("io_uring_setup: "
                    + (errno == Errno.EPERM ? "EPERM" : "ENOSYS")) && line.contains("using aio=threads instead"), line);
            assertTrue(r.stderr().stream().anyMatch(l -> l.contains("aio=native is served by io_uring")), r.toString());
        }
    }

    @Test
    void withoutTheFilterTheSameChildGetsRingsAndLogsNoFallback() throws Exception {
        Run r = child("none");
        assertEquals(0, r.exit(), "child failed: " + r);
        assertEquals(List.of("ring=true", "ring=true", "ring=true", "ok"), r.stdout(), r.toString());
        assertEquals(0, r.fallbackLines(), r.toString());
    }
}
