package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * QEMU's tools (qemu-img, qemu-io) as the reference the CLI is compared with. Tests call
 * {@link #require()}: without the tools they are skipped with a reason, unless
 * {@code JBLOCK_REQUIRE_QEMU=1}, where they fail.
 */
final class Qemu {
    private Qemu() {
    }

    /** Result of one tool run. */
    record Run(int status, String out, String err) {
    }

    static void require() {
        boolean present = onPath("qemu-img") && onPath("qemu-io");
        if (!present) {
            if ("1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
                fail("qemu-img/qemu-io not found but JBLOCK_REQUIRE_QEMU=1: apt-get install qemu-utils");
            }
            Assumptions.abort("qemu-img/qemu-io not installed (apt-get install qemu-utils)");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static Run run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).start();
            p.getOutputStream().close();
            var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
            var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", cmd));
            }
            return new Run(p.exitValue(), outF.join(), errF.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool that must succeed; returns its stdout. */
    static String ok(String... cmd) {
        Run r = run(cmd);
        if (r.status() != 0) {
            fail(String.join(" ", cmd) + " failed with " + r.status() + ": " + r.err() + r.out());
        }
        return r.out();
    }

    private static String slurp(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
