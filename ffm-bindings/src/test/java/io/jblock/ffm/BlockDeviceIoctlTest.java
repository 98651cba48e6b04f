package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The block-device ioctls on a real block device: a loop device over a file under target/.
 * Needs root and losetup (skipped with the reason otherwise); the device is detached afterwards.
 */
class BlockDeviceIoctlTest {

    @Test
    void sizeSectorSizesAndDiscardOnALoopDevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to attach a loop device");
        Path dir = TestFiles.newDirectory("loop");
        Path backing = dir.resolve("backing.img");
        int bfd = PosixIO.openFd(backing.toString(), Libc.O_RDWR() | Libc.O_CREAT(), 0600);
        long size = 8L << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = AlignedMemory.allocate(arena, size, 4096);
            TestFiles.fillPattern(data, 9);
            PosixIO.pwriteFd(bfd, data, 0, backing.toString());
            PosixIO.fsyncFd(bfd, backing.toString());
        } finally {
            PosixIO.closeFd(bfd, backing.toString());
        }
        String dev = run(List.of("losetup", "--find", "--show", backing.toString()));
        assumeTrue(dev != null && dev.startsWith("/dev/loop"), "losetup could not attach a loop device: " + dev);
        try {
            int fd = PosixIO.openFd(dev, Libc.O_RDWR() | Libc.O_DIRECT(), 0);
            try {
                assertTrue(PosixIO.fstatFd(fd, dev).isBlockDevice());
                assertEquals(size, PosixIO.ioctlBlkGetSize64(fd, dev));
                int logical = PosixIO.ioctlBlkSszGet(fd, dev);
                int physical = PosixIO.ioctlBlkPbszGet(fd, dev);
                assertTrue(logical >= 512 && Integer.bitCount(logical) == 1, "logical sector size " + logical);
                assertTrue(physical >= logical && Integer.bitCount(physical) == 1, "physical sector size " + physical);

                PosixIO.ioctlBlkDiscard(fd, 1 << 20, 1 << 20, dev);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment back = AlignedMemory.allocate(arena, 1 << 20, 4096);
                    PosixIO.preadFd(fd, back, 1 << 20, dev);
                    // A loop device over a file discards by punching a hole: the range reads as zeros.
                    assertTrue(TestFiles.allZero(back), "discarded range does not read as zeros");
                    PosixIO.preadFd(fd, back, 0, dev);
                    assertTrue(!TestFiles.allZero(back), "negative control: the first MiB still has data");
                }
            } finally {
                PosixIO.closeFd(fd, dev);
            }
        } finally {
            run(List.of("losetup", "-d", dev));
        }
    }

    /** Runs a command; its trimmed output, or null when it cannot run or fails. */
    private static String run(List<String> cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
