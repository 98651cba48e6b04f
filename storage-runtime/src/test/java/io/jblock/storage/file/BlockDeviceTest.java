package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real block device of this machine, opened read-only (nothing is ever written to it): size
 * by BLKGETSIZE64 and sector sizes by BLKSSZGET/BLKPBSZGET, checked against sysfs. An
 * unconfigured loop or zram device (size 0) still answers the sector size ioctls.
 */
class BlockDeviceTest {

    /** Block devices in sysfs order, those with a medium first. */
    private static List<Path> devices() throws IOException {
        List<Path> withMedium = new ArrayList<>();
        List<Path> empty = new ArrayList<>();
        Path sys = Path.of("/sys/block");
        if (Files.isDirectory(sys)) {
            try (DirectoryStream<Path> all = Files.newDirectoryStream(sys)) {
                for (Path d : all) {
                    (sysfsNumber(d, "size") > 0 ? withMedium : empty).add(d);
                }
            }
        }
        withMedium.addAll(empty);
        return withMedium;
    }

    private static long sysfsNumber(Path sysDevice, String name) throws IOException {
        return Long.parseLong(Files.readString(sysDevice.resolve(name)).trim());
    }

    @Test
    void sizeAndSectorSizesComeFromTheBlockLayer() throws IOException {
        Path sys = null;
        FileDriver opened = null;
        List<String> refused = new ArrayList<>();
        for (Path d : devices()) {
            Path dev = Path.of("/dev", d.getFileName().toString());
            try {
                opened = FileNodes.open(dev, CacheMode.WRITEBACK.settings(), true, false, "locking", "off");
                sys = d;
                break;
            } catch (BlockIOException e) {
                // containers often deny device access (device cgroup) even to root
                if (e.errno() != Errno.EPERM && e.errno() != Errno.EACCES && e.errno() != Errno.ENOENT
                        && e.errno() != Errno.ENXIO) {
                    throw e;
                }
                refused.add(dev + ": " + Errno.name(e.errno()));
            }
        }
        assumeTrue(opened != null, "no block device may be opened here " + refused);
        Path dev = Path.of("/dev", sys.getFileName().toString());
        try (FileDriver node = opened) {
            long size = sysfsNumber(sys, "size") * 512;
            assertEquals(size, node.size(), dev + ": BLKGETSIZE64 vs sysfs size");
            FileAlignment sectors = AlignmentProbe.fromBlockDevice(node.fd(), dev.toString());
            assertEquals(sysfsNumber(sys, "queue/logical_block_size"), sectors.requestAlignment(), dev.toString());
            assertEquals(sysfsNumber(sys, "queue/physical_block_size"), sectors.physicalBlockSize(), dev.toString());
            assertEquals(1, node.limits().requestAlignment(), "buffered: no alignment even on a device");

            if (size > 0) {
                BlockStatus s = node.blockStatus(0, Math.min(size, 1 << 20));
                assertTrue(s.data(), "a device is data throughout: " + s);
            }
            BlockIOException grow = assertThrows(BlockIOException.class,
                    () -> node.truncate(size + 4096, Preallocation.OFF));
            assertTrue(grow.getMessage().contains("Cannot grow device files"), grow.getMessage());
            BlockIOException prealloc = assertThrows(BlockIOException.class,
                    () -> node.truncate(size, Preallocation.FALLOC));
            assertTrue(prealloc.getMessage().contains("unsupported for this non-regular file"), prealloc.getMessage());
        }
    }
}
