package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockNode;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two handles on one image in one JVM, as in a migration: the inactive destination caches
 * metadata, the source allocates new clusters and inactivates, the destination activates
 * (invalidate_cache) and must see the new data.
 */
class MigrationHandoffTest {
    @TempDir
    Path tmp;

    private static byte byteAt(BlockNode n, long off, Arena a) throws IOException {
        MemorySegment s = a.allocate(1);
        n.read(off, s);
        return s.get(ValueLayout.JAVA_BYTE, 0);
    }

    /** Returns what the destination reads at the new data after activation. */
    private byte[] handoff(Map<String, String> destOptions) throws IOException {
        Path img = tmp.resolve("m.qcow2");
        Files.deleteIfExists(img);
        TestImages.create(img, 8 << 20, Map.of("cluster_size", "65536", "lazy_refcounts", "on"));
        try (Arena a = Arena.ofConfined(); DriverBackedNode src = TestImages.open(img)) {
            src.write(0, a.allocate(4096).fill((byte) 1));
            src.flush();
            try (DriverBackedNode dst = TestImages.open(img, false, true, destOptions)) {
                return handoff(src, dst, a);
            }
        }
    }

    private byte[] handoff(DriverBackedNode src, DriverBackedNode dst, Arena a) throws IOException {
        {
            // The destination reads: caches L1, the L2 slice of cluster 0 and knows offset 6M is unallocated.
            assertEquals(1, byteAt(dst, 0, a));
            assertEquals(0, byteAt(dst, 65536, a));
            assertEquals(0, byteAt(dst, 6 << 20, a));
            assertThrows(NodeInactiveException.class, () -> dst.write(0, a.allocate(1)));
            // The source allocates a new data cluster in a cached L2 table and a new L2 table.
            src.write(65536, a.allocate(4096).fill((byte) 2));
            src.write(6 << 20, a.allocate(4096).fill((byte) 3));
            src.inactivate();
            assertThrows(NodeInactiveException.class, () -> src.write(0, a.allocate(1)));
            dst.activate();
            byte[] seen = {byteAt(dst, 65536, a), byteAt(dst, 6 << 20, a)};
            if (seen[0] == 2) {
                // the destination now owns the image and can write
                dst.write(7 << 20, a.allocate(100).fill((byte) 4));
            }
            return seen;
        }
    }

    @Test
    void destinationSeesSourceWritesAfterActivation() throws IOException {
        byte[] seen = handoff(Map.of());
        assertEquals(2, seen[0]);
        assertEquals(3, seen[1]);
        if (Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
            QemuTools.checkClean(tmp.resolve("m.qcow2"));
        }
    }

    @Test
    void negativeControlSkippingInvalidationReadsStaleZeroes() throws IOException {
        byte[] seen = handoff(Map.of("x-skip-invalidate", "on"));
        assertEquals(0, seen[0], "stale L2 slice");
        assertEquals(0, seen[1], "stale L1 table");
    }

    @Test
    void inactivateMarksTheImageClean() throws IOException {
        Path img = tmp.resolve("clean.qcow2");
        TestImages.create(img, 1 << 20, Map.of("lazy_refcounts", "on"));
        try (Arena a = Arena.ofConfined(); DriverBackedNode src = TestImages.open(img)) {
            src.write(0, a.allocate(4096).fill((byte) 1));
            assertEquals(1, Files.readAllBytes(img)[79] & 1, "dirty bit set while writing with lazy refcounts");
            src.inactivate();
            assertEquals(0, Files.readAllBytes(img)[79] & 1, "inactivate clears the dirty bit");
            if (Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
                QemuTools.checkClean(img);
            }
        }
    }

    @Test
    void activationRefusesAnImageWhoseSizeChanged() throws IOException {
        Path img = tmp.resolve("size.qcow2");
        TestImages.create(img, 1 << 20, Map.of());
        try (DriverBackedNode src = TestImages.open(img);
             DriverBackedNode dst = TestImages.open(img, false, true, Map.of())) {
            src.truncate(2 << 20, Preallocation.OFF);
            src.inactivate();
            IOException e = assertThrows(Qcow2CorruptImageException.class, dst::activate);
            assertTrue(e.getMessage().contains("virtual size 1048576 -> 2097152"), e.getMessage());
        }
    }
}
