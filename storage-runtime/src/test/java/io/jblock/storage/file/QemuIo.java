package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs QEMU's qemu-io against an image: one-shot commands, or a process that keeps the image open. */
final class QemuIo {
    private QemuIo() {
    }

    /** Skips the test when qemu-io is missing, unless JBLOCK_REQUIRE_QEMU=1 (then fails). */
    static void require() {
        require("qemu-io");
    }

    /** Skips the test when the QEMU tool is missing, unless JBLOCK_REQUIRE_QEMU=1 (then fails). */
    static void require(String tool) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                present = true;
                break;
            }
        }
        if (!present && "1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
            fail(tool + " is not installed but JBLOCK_REQUIRE_QEMU=1 (apt-get install qemu-utils)");
        }
        assumeTrue(present, tool + " is not installed (apt-get install qemu-utils)");
    }

    /** The outcome of one qemu-io run: exit status and stdout+stderr. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** {@code qemu-io ARGS... }, waiting at most 60 s. */
    static Result run(String... args) throws IOException, InterruptedException {
        return runTool("qemu-io", args);
    }

    /** {@code TOOL ARGS... } with stdin closed, waiting at most 60 s. */
    static Result runTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(tool + " " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * A qemu-io process holding {@code image} open read-write (interactive, stdin kept open);
     * constructed once its locks are visible in /proc/locks. Closing it ends qemu-io.
     */
    static final class Holder implements AutoCloseable {
        private final Process process;
        private final OutputStream stdin;
        private final Path log;

        Holder(Path image, Path log) throws IOException, InterruptedException {
            this.log = log;
            this.process = new ProcessBuilder("qemu-io", "-f", "raw", image.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            this.stdin = process.getOutputStream();
            long inode = (long) Files.getAttribute(image, "unix:ino");
            // a bounded wait for the other process to reach a state, not a timing assertion
            for (int i = 0; i < 1500 && !lockedBy(inode, QemuPermission.WRITE.permByte()); i++) {
                if (!process.isAlive()) {
                    fail("qemu-io exited early: " + Files.readString(log));
                }
                Thread.sleep(10);
            }
            if (!lockedBy(inode, QemuPermission.WRITE.permByte())) {
                close();
                fail("qemu-io never locked byte 101 of the image: " + Files.readString(log));
            }
        }

        /** Sends one command line to the interactive qemu-io. */
        void command(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        String output() throws IOException {
            return Files.readString(log);
        }

        /** Ends qemu-io by closing its stdin (EOF quits it), and waits for it to exit. */
        @Override
        public void close() throws IOException {
            stdin.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether some OFD lock in /proc/locks covers {@code offset} of the file with this inode. */
    static boolean lockedBy(long inode, long offset) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] t = line.trim().split("\\s+");
            // "1: OFDLCK ADVISORY  READ -1 fe:00:2146752 100 101"
            if (t.length < 8 || !t[1].equals("OFDLCK")) {
                continue;
            }
            String[] dev = t[5].split(":");
            if (dev.length != 3 || Long.parseLong(dev[2]) != inode) {
                continue;
            }
            long start = Long.parseLong(t[6]);
            long end = t[7].equals("EOF") ? Long.MAX_VALUE : Long.parseLong(t[7]);
            if (start <= offset && offset <= end) {
                return true;
            }
        }
        return false;
    }
}
