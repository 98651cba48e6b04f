package io.jblock.qcow2.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two promises of a qcow2 node over a failing file, each on its own: a flush that failed is never
 * reported as successful later (a persistent flush error fails every flush, the close included;
 * after a transient one the next successful flush has flushed the file after every write that
 * reached it), and after ENOSPC the node works again once space returns.
 */
class FlushAndSpaceTest {

    @TempDir
    Path tmp;
    Path img;

    @BeforeEach
    void image() {
        QemuTools.require();
        img = tmp.resolve("f.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "16M");
    }

    private BlockNode open(String extra) throws IOException {
        return BlockGraph.open("driver=qcow2,file.driver=blkdebug,file.image.driver=file,file.image.filename=" + img
                + extra);
    }

    private static FaultInjector injector(BlockNode n) {
        return n.child("file").driverFeature(FaultInjector.class).orElseThrow();
    }

    private static MemorySegment bytes(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return MemorySegment.ofArray(b);
    }

    @Test
    void aPersistentFlushErrorFailsEveryFlushAndTheClose() throws IOException {
        BlockNode n = open("");
        FaultInjector f = injector(n);
        n.write(0, bytes(8192, 1));
        n.flush();
        f.addRules("inject-error.0.event=none,inject-error.0.iotype=flush,inject-error.0.errno=5");
        for (int i = 0; i < 5; i++) {
            n.write(65536L * (i + 1), bytes(5000, 2 + i)); // allocating: the L2 write-back needs flushes too
            IOException e = assertThrows(IOException.class, n::flush, "flush " + i + " must not succeed");
            assertEquals(Errno.EIO, ((BlockIOException) e).errno());
            assertTrue(f.unflushedWrites() > 0, "and the file was indeed never flushed");
        }
        IOException close = assertThrows(IOException.class, n::close, "the close flushes too");
        assertEquals(Errno.EIO, ((BlockIOException) close).errno());
        assertTrue(QemuTools.run("qemu-img", "check", img.toString()).exitCode() != 2, "no corruption");
        QemuTools.io(img, "qcow2", "read -P 1 0 8192"); // flushed before the fault: intact
    }

    @Test
    void afterATransientFlushErrorTheNextFlushReallyFlushesEverything() throws IOException {
        try (BlockNode n = open("")) {
            FaultInjector f = injector(n);
            n.write(0, bytes(12288, 3));
            f.addRules("inject-error.0.event=none,inject-error.0.iotype=flush,inject-error.0.once=on");
            assertThrows(IOException.class, n::flush);
            n.write(20000, bytes(3000, 4));
            n.flush();
            assertEquals(0, f.unflushedWrites(), "every write that reached the file was flushed after it");
            assertEquals(1, f.injectedErrors());
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 3 0 12288", "read -P 4 20000 3000");
    }

    @Test
    void afterEnospcTheNodeWorksAgainOnceSpaceReturns() throws IOException {
        try (BlockNode n = open("")) {
            FaultInjector f = injector(n);
            n.write(0, bytes(65536, 5)); // allocated clusters
            n.flush();
            f.setDiskFull(true);
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(1 << 20, bytes(65536, 6)));
            assertEquals(Errno.ENOSPC, e.errno(), e.toString());
            assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains("full"), e.getMessage());
            n.write(4096, bytes(4096, 7)); // an overwrite in place needs no space
            n.flush();
            f.setDiskFull(false);
            n.write(1 << 20, bytes(65536, 6)); // the same write works now
            n.write(2 << 20, bytes(10000, 8));
            n.flush();
        }
        assertTrue(QemuTools.run("qemu-img", "check", img.toString()).exitCode() != 2, "no corruption");
        QemuTools.io(img, "qcow2", "read -P 5 0 4096", "read -P 7 4096 4096", "read -P 5 8192 57344",
                "read -P 6 1M 64k", "read -P 8 2M 10000");
    }
}
