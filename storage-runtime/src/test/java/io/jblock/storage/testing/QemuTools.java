package io.jblock.storage.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * QEMU's tools (qemu-img, qemu-io) as the reference that interop tests compare with, shared by
 * every module's tests. {@link #require} skips a test with a reason when a tool is missing,
 * unless {@code JBLOCK_REQUIRE_QEMU=1} (CI), where the test fails instead. Every run has stdin
 * closed and is bounded in time: a tool that does not finish is destroyed and the test fails.
 */
public final class QemuTools {
    /** How long one tool run may take before it is destroyed. */
    public static final long TIMEOUT_SECONDS = 60;

    private QemuTools() {
    }

    /**
     * The outcome of one tool run.
     *
     * @param exitCode the tool's exit status
     * @param stdout   what it printed on stdout
     * @param stderr   what it printed on stderr
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout followed by stderr, for messages and for searching the whole output. */
        public String output() {
            return stdout + stderr;
        }

        /** Whether the tool exited with status 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Skips (or, with JBLOCK_REQUIRE_QEMU=1, fails) the test unless qemu-img and qemu-io are on the PATH. */
    public static void require() {
        require("qemu-img", "qemu-io");
    }

    /** Skips (or, with JBLOCK_REQUIRE_QEMU=1, fails) the test unless every tool is on the PATH. */
    public static void require(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String what = String.join("/", missing);
        if ("1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
            fail(what + " not installed but JBLOCK_REQUIRE_QEMU=1 (apt-get install qemu-utils)");
        }
        Assumptions.abort(what + " not installed (apt-get install qemu-utils)");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} and waits at most {@link #TIMEOUT_SECONDS}; a tool named without a
     * path (qemu-img) is {@link #require}d first. A non-zero exit is a result, not a failure.
     * A run that fails with {@link #PBKDF_CALIBRATION_FAILURE} is repeated (at most
     * {@link #CALIBRATION_ATTEMPTS} runs in all): QEMU's PBKDF2 benchmark, run by every LUKS key
     * slot it creates, gives up when its first measurement rounds to 0 ms of thread CPU time,
     * which happens now and then on a fast or loaded machine and says nothing about the test.
     */
    public static Result run(String... command) {
        if (!command[0].contains("/")) {
            require(command[0]);
        }
        Result r = runOnce(command);
        for (int attempt = 1; attempt < CALIBRATION_ATTEMPTS && !r.ok()
                && r.output().contains(PBKDF_CALIBRATION_FAILURE); attempt++) {
            r = runOnce(command);
        }
        return r;
    }

    /** What QEMU's crypto/pbkdf.c prints when its iteration benchmark measured no CPU time. */
    public static final String PBKDF_CALIBRATION_FAILURE = "Unable to get accurate CPU usage";

    /** How many times {@link #run} tries a command that failed its PBKDF2 calibration. */
    public static final int CALIBRATION_ATTEMPTS = 8;

    private static Result runOnce(String... command) {
        Path out = null;
        Path err = null;
        try {
            // files rather than pipes: no reader threads, and a chatty tool never blocks on a full pipe
            out = Files.createTempFile("qemu-tool", ".out");
            err = Files.createTempFile("qemu-tool", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file does not change any test's outcome
            }
        }
    }

    /** Runs a tool that must exit 0 (else the test fails, showing its output); returns its stdout. */
    public static String ok(String... command) {
        Result r = run(command);
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.stdout();
    }

    /** {@code qemu-img ARGS...}, which must succeed; returns its stdout. */
    public static String img(String... args) {
        List<String> c = new ArrayList<>(List.of("qemu-img"));
        c.addAll(List.of(args));
        return ok(c.toArray(String[]::new));
    }

    /**
     * {@code qemu-io -f FORMAT -c CMD... IMAGE}: fails the test on a non-zero exit, or when
     * qemu-io reports an error or a failed pattern verification.
     */
    public static String io(Path image, String format, String... commands) {
        List<String> c = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String s : commands) {
            c.add("-c");
            c.add(s);
        }
        c.add(image.toString());
        Result r = run(c.toArray(String[]::new));
        String out = r.output();
        if (r.exitCode() != 0 || out.contains("error") || out.contains("failed")) {
            fail(String.join(" ", c) + " (exit " + r.exitCode() + ") reported:\n" + out);
        }
        return r.stdout();
    }

    /** {@code qemu-img check IMAGE}: fails unless it exits 0 with no errors and no leaks; returns its stdout. */
    public static String checkClean(Path image) {
        Result r = run("qemu-img", "check", image.toString());
        if (r.exitCode() != 0 || !r.stdout().contains("No errors were found") || r.output().contains("leaked")) {
            fail("qemu-img check " + image + " (exit " + r.exitCode() + "):\n" + r.output());
        }
        return r.stdout();
    }

    /** The image's guest content: {@code qemu-img convert -O raw} into {@code tmpDir}, read, deleted. */
    public static byte[] toRaw(Path image, Path tmpDir) throws IOException {
        Path raw = tmpDir.resolve(image.getFileName() + ".raw");
        img("convert", "-O", "raw", image.toString(), raw.toString());
        byte[] b = Files.readAllBytes(raw);
        Files.delete(raw);
        return b;
    }
}
