package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.OutOfRangeException;
import io.jblock.storage.ReadOnlyNodeException;
import io.jblock.storage.feature.CacheStatistics;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotTable;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 4: the feature interfaces of a qcow2 node check the node and their arguments
 * before the driver sees a call, and the driver itself is not handed out.
 */
class FeatureChecksTest {

    private static final int CLUSTER = 65536;
    /** Not a multiple of the cluster size: the last compressed unit is partial. */
    private static final long SIZE = 4L * CLUSTER + 4096;

    @TempDir
    Path dir;

    private String create() throws IOException {
        Path img = dir.resolve("f.qcow2");
        BlockGraph.create("qcow2", img.toString(), SIZE, null);
        return "driver=qcow2,node-name=q,file.driver=file,file.filename=" + img;
    }

    @Test
    void compressedWritesAreCheckedAndLandWhereAsked() throws Exception {
        String spec = create();
        byte[] data = new byte[2 * CLUSTER];
        new Random(1).nextBytes(data);
        for (int i = 0; i < CLUSTER; i++) {
            data[i] = (byte) (i % 7); // compresses
        }
        try (BlockNode n = BlockGraph.open(spec); Arena a = Arena.ofConfined()) {
            CompressedWriter w = n.driverFeature(CompressedWriter.class).orElseThrow();
            assertFalse(w instanceof BlockDriver, "the driver itself was handed out");
            assertEquals(CLUSTER, w.compressionUnit());
            MemorySegment two = a.allocate(2 * CLUSTER);
            MemorySegment.copy(data, 0, two, ValueLayout.JAVA_BYTE, 0, data.length);

            OutOfRangeException negative = assertThrows(OutOfRangeException.class,
                    () -> w.writeCompressed(-CLUSTER, two));
            assertTrue(negative.getMessage().contains("negative offset"), negative.getMessage());
            assertEquals("q", negative.nodeName());
            assertThrows(OutOfRangeException.class, () -> w.writeCompressed(4L * CLUSTER, two));
            IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class,
                    () -> w.writeCompressed(512, two.asSlice(0, CLUSTER)));
            assertTrue(misaligned.getMessage().contains("not a multiple of the compression unit (65536 bytes)"),
                    misaligned.getMessage());
            IllegalArgumentException shortEnd = assertThrows(IllegalArgumentException.class,
                    () -> w.writeCompressed(0, two.asSlice(0, CLUSTER + 512)));
            assertTrue(shortEnd.getMessage().contains("ends neither on a compression unit"), shortEnd.getMessage());

            w.writeCompressed(CLUSTER, two);
            MemorySegment tail = a.allocate(4096);
            tail.fill((byte) 5);
            w.writeCompressed(4L * CLUSTER, tail); // the partial last unit, up to the end of the disk
            MemorySegment back = a.allocate(2 * CLUSTER);
            n.read(CLUSTER, back);
            assertArrayEquals(data, back.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment tailBack = a.allocate(4096);
            n.read(4L * CLUSTER, tailBack);
            assertEquals(-1, tailBack.mismatch(tail));
            assertTrue(n.driverFeature(ImageChecker.class).orElseThrow().check(false, false).isClean());
        }
        QemuTools.require("qemu-img");
        Path img = Path.of(spec.substring(spec.indexOf("file.filename=") + "file.filename=".length()));
        QemuTools.Result check = QemuTools.run("qemu-img", "check", img.toString());
        assertTrue(check.ok(), check.output());
        // the patterned cluster and the partial tail compress, the random cluster is written plainly
        QemuTools.Result json = QemuTools.run("qemu-img", "check", "--output=json", img.toString());
        assertTrue(json.stdout().contains("\"compressed-clusters\": 2"), json.output());
    }

    @Test
    void featuresOfAClosedNodeAreRefused() throws Exception {
        String spec = create();
        BlockNode n = BlockGraph.open(spec);
        ImageChecker checker = n.driverFeature(ImageChecker.class).orElseThrow();
        SnapshotTable snapshots = n.driverFeature(SnapshotTable.class).orElseThrow();
        CompressedWriter writer = n.driverFeature(CompressedWriter.class).orElseThrow();
        CacheStatistics stats = n.driverFeature(CacheStatistics.class).orElseThrow();
        assertFalse(checker.isDirty());
        assertTrue(snapshots.snapshots().isEmpty());
        assertTrue(stats.cacheCounters().l2Entries() > 0);
        n.close();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cluster = a.allocate(CLUSTER);
            for (ThrowingCall c : new ThrowingCall[] {() -> checker.check(false, false), checker::isDirty,
                    snapshots::snapshots, stats::cacheCounters, () -> writer.writeCompressed(0, cluster)}) {
                NodeClosedException e = assertThrows(NodeClosedException.class, c::run);
                assertEquals("q", e.nodeName());
            }
        }
    }

    @Test
    void modifyingFeaturesNeedAWritableActiveNode() throws Exception {
        String spec = create();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cluster = a.allocate(CLUSTER);
            try (BlockNode ro = BlockGraph.open(spec, OpenOptions.READ_ONLY)) {
                CompressedWriter w = ro.driverFeature(CompressedWriter.class).orElseThrow();
                assertThrows(ReadOnlyNodeException.class, () -> w.writeCompressed(0, cluster));
                ImageChecker c = ro.driverFeature(ImageChecker.class).orElseThrow();
                assertThrows(ReadOnlyNodeException.class, () -> c.check(true, false));
                assertTrue(c.check(false, false).isClean(), "a plain check is fine read-only");
            }
            try (BlockNode inactive = BlockGraph.open(spec, OpenOptions.defaults().inactive())) {
                CompressedWriter w = inactive.driverFeature(CompressedWriter.class).orElseThrow();
                assertThrows(NodeInactiveException.class, () -> w.writeCompressed(0, cluster));
                assertThrows(NodeInactiveException.class,
                        () -> inactive.driverFeature(ImageChecker.class).orElseThrow().check(true, true));
                inactive.activate();
                w.writeCompressed(0, cluster); // zeroes compress
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
