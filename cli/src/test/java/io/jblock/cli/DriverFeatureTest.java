package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.qcow2.Qcow2Driver;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotTable;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlockNode#driverFeature} and {@link BlockNode#formatSpecificInfo()} on the nodes the CLI opens. */
class DriverFeatureTest {
    @TempDir
    Path dir;

    /** Creates a 1 MiB image with jblock's own create: these tests need no qemu-img. */
    private String create(String name, String format, String options) {
        String img = dir.resolve(name).toString();
        CliRun r = CliRun.run("create", "-q", "-f", format, "-o", options, img, "1M");
        assertEquals(0, r.status(), r.toString());
        return img;
    }

    @Test
    void qcow2NodeExposesItsDriverAndFacts() throws IOException {
        String img = create("f.qcow2", "qcow2", "cluster_size=4096");
        BlockNode node = ImageRef.of(img, "qcow2").open(true, false, CacheMode.WRITEBACK);
        try (node) {
            ImageChecker checker = node.driverFeature(ImageChecker.class).orElseThrow();
            assertTrue(node.driverFeature(SnapshotTable.class).orElseThrow().snapshots().isEmpty());
            assertTrue(node.driverFeature(BlockDriver.class).isEmpty(), "the driver itself is not a feature");
            assertTrue(node.driverFeature(Qcow2Driver.class).isEmpty(), "nor is its class");
            assertTrue(node.driverFeature(Runnable.class).isEmpty(), "a type the driver is not");
            assertTrue(checker.check(false, false).isClean());
            Map<String, Object> facts = node.formatSpecificInfo();
            assertEquals("1.1", facts.get("compat"));
            assertEquals(4096, facts.get("cluster-size"));
            // the file node underneath has no driver feature of the format
            assertTrue(node.child("file").driverFeature(ImageChecker.class).isEmpty());
        }
        assertThrows(NodeClosedException.class, node::formatSpecificInfo);
    }

    @Test
    void rawNodeHasNoQcow2FeatureAndNoFacts() throws IOException {
        String img = create("f.raw", "raw", "preallocation=off");
        try (BlockNode node = ImageRef.of(img, "raw").open(true, false, CacheMode.WRITEBACK)) {
            assertFalse(node.driverFeature(ImageChecker.class).isPresent());
            assertEquals(Map.of(), node.formatSpecificInfo());
        }
    }
}
