package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A qemu-io process that keeps an image open, and QEMU's locks as /proc/locks shows them. One-shot
 * runs of QEMU's tools are {@link io.jblock.storage.testing.QemuTools}'.
 */
final class QemuIo {
    private QemuIo() {
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
