package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * qemu-img and qemu-io as a third process: image setup, lock probes, the final check. Skips the
 * test when they are missing, unless {@code JBLOCK_REQUIRE_QEMU=1} (CI), then fails. Every run
 * is bounded in time.
 */
final class QemuTools {
    private static final long TIMEOUT_SECONDS = 60;

    private QemuTools() {
    }

    record Result(int exit, String output) {
    }

    static void require() {
        if (Files.isExecutable(Path.of("/usr/bin/qemu-img")) && Files.isExecutable(Path.of("/usr/bin/qemu-io"))) {
            return;
        }
        if ("1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
            fail("qemu-img/qemu-io missing but JBLOCK_REQUIRE_QEMU=1");
        }
        Assumptions.abort("qemu-img/qemu-io not installed (apt-get install qemu-utils)");
    }

    static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            // the output of these commands is small: it fits the pipe, so reading after exit is safe
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0], e);
        }
    }

    static String ok(String... command) throws IOException {
        Result r = run(command);
        if (r.exit() != 0) {
            fail(String.join(" ", command) + " exited with " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** qemu-io on a qcow2 image; fails on a non-zero exit or an error in its output. */
    static void io(Path image, List<String> commands) throws IOException {
        String[] cmd = new String[4 + 2 * commands.size()];
        int i = 0;
        cmd[i++] = "qemu-io";
        cmd[i++] = "-f";
        cmd[i++] = "qcow2";
        for (String c : commands) {
            cmd[i++] = "-c";
            cmd[i++] = c;
        }
        cmd[i] = image.toString();
        String out = ok(cmd);
        if (out.contains("error") || out.contains("failed") || out.contains("Pattern verification")) {
            fail("qemu-io reported: " + out);
        }
    }

    /**
     * Whether another process holds QEMU's write permission on the image: {@code qemu-img info}
     * wants nobody else to write, so it fails with QEMU's lock message exactly then.
     */
    static boolean someoneHoldsWriteLock(Path image) throws IOException {
        Result r = run("qemu-img", "info", image.toString());
        if (r.exit() == 0) {
            return false;
        }
        if (r.output().contains("Failed to get shared \"write\" lock")) {
            return true;
        }
        fail("qemu-img info " + image + " failed for another reason:\n" + r.output());
        return false;
    }

    /** qemu-img check: exit 0, no errors, no leaks. */
    static String checkClean(Path image) throws IOException {
        Result r = run("qemu-img", "check", image.toString());
        if (r.exit() != 0 || !r.output().contains("No errors were found") || r.output().contains("leaked")) {
            fail("qemu-img check " + image + " (exit " + r.exit() + "):\n" + r.output());
        }
        return r.output();
    }
}
