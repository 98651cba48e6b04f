package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.feature.EchoFeature;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.testdriver.MemoryImages;
import org.junit.jupiter.api.Test;

/**
 * A feature interface without a dedicated adaptor (one added to io.jblock.storage.feature later)
 * is still handed out behind the node's checks, never as the driver itself.
 */
class DriverFeatureGuardTest {

    private static final String GRAPH = "driver=testpass,node-name=guarded,file.driver=testmem,file.filename=guard";

    @Test
    void anyFeatureGoesThroughTheNode() throws Exception {
        MemoryImages.create("guard", 1 << 20);
        BlockNode node = BlockGraph.open(GRAPH);
        EchoFeature echo = node.driverFeature(EchoFeature.class).orElseThrow();
        assertFalse(echo instanceof BlockDriver, "the driver itself was handed out");
        assertEquals("hello", echo.echo("hello"));
        BlockIOException failed = assertThrows(BlockIOException.class, () -> echo.echo("fail"));
        assertEquals("guarded", failed.nodeName());
        assertTrue(failed.getMessage().contains("echo failed"), failed.getMessage());
        assertTrue(echo.toString().contains("guarded"), echo.toString());
        assertTrue(node.driverFeature(ImageChecker.class).isEmpty(), "testpass has no checker");
        assertTrue(node.driverFeature(BlockDriver.class).isEmpty(), "not a feature interface");
        node.close();
        NodeClosedException closed = assertThrows(NodeClosedException.class, () -> echo.echo("late"));
        assertEquals("guarded", closed.nodeName());
    }
}
