package io.jblock.storage.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A qemu-io process that keeps an image open, and QEMU's locks as /proc/locks shows them. One-shot
 * runs of QEMU's tools are {@link QemuTools}'. Shared with other modules' tests (test-jar).
 */
public final class QemuIo {
    /** QEMU's lock byte for "write permission held" (file-posix RAW_LOCK_PERM_BASE + BLK_PERM_WRITE bit). */
    public static final long WRITE_PERM_BYTE = 101;

    private QemuIo() {
    }

    /**
     * A qemu-io process holding {@code image} open read-write (interactive, stdin kept open);
     * constructed once its locks are visible in /proc/locks. Closing it ends qemu-io.
     */
    public static final class Holder implements AutoCloseable {
        private final Process process;
        private final OutputStream stdin;
        private final Path log;

        public Holder(Path image, Path log) throws IOException, InterruptedException {
            this(image, "raw", log);
        }

        /** Holds {@code image} of {@code format} read-write; qemu-io's output goes to {@code log}. */
        public Holder(Path image, String format, Path log) throws IOException, InterruptedException {
            this.log = log;
            this.process = new ProcessBuilder("qemu-io", "-f", format, image.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            this.stdin = process.getOutputStream();
            long inode = (long) Files.getAttribute(image, "unix:ino");
            // a bounded wait for the other process to reach a state, not a timing assertion
            for (int i = 0; i < 1500 && !lockedBy(inode, WRITE_PERM_BYTE); i++) {
                if (!process.isAlive()) {
                    fail("qemu-io exited early: " + Files.readString(log));
                }
                Thread.sleep(10);
            }
            if (!lockedBy(inode, WRITE_PERM_BYTE)) {
                close();
                fail("qemu-io never locked byte 101 of the image: " + Files.readString(log));
            }
        }

        /** Sends one command line to the interactive qemu-io. */
        public void command(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        public String output() throws IOException {
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
    public static boolean lockedBy(long inode, long offset) throws IOException {
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
