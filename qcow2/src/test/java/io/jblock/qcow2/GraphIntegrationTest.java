package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qcow2 through the real generic layer (BlockGraph, ServiceLoader, option strings). */
class GraphIntegrationTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private static String spec(Path p) {
        return "driver=qcow2,node-name=top,file.node-name=proto,file.driver=testfile,file.filename=" + p;
    }

    @Test
    void readsAndWritesThroughBlockGraph() throws IOException {
        Path img = tmp.resolve("g.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4k", img.toString(), "2M");
        QemuTools.io(img, "qcow2", "write -P 0x17 1000 70000", "write -z 128k 8k");
        byte[] shadow = QemuTools.toRaw(img, tmp);
        try (BlockNode n = BlockGraph.open(spec(img), OpenOptions.READ_ONLY)) {
            assertEquals("qcow2", n.driverName());
            ImageAssertions.assertSameBytes(shadow, ImageAssertions.readAll(n, 12345), "read via BlockGraph");
        }
        for (CacheMode mode : new CacheMode[] {CacheMode.WRITEBACK, CacheMode.WRITETHROUGH}) {
            try (BlockNode n = BlockGraph.open(spec(img) + ",l2-cache-size=8k,discard=unmap", OpenOptions.defaults().cache(mode))) {
                WriteInteropTest.randomOps(n, shadow, mode.ordinal(), 60, 4096, true);
            }
            QemuTools.checkClean(img);
            ImageAssertions.assertSameBytes(shadow, QemuTools.toRaw(img, tmp), "qemu's view after " + mode);
        }
    }

    @Test
    void backingGivenAsOptionsAndBackingNull() throws IOException {
        Path base = tmp.resolve("b.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), "1M");
        QemuTools.io(base, "qcow2", "write -P 0x21 0 1M");
        Path top = tmp.resolve("t.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString(), "2M");
        QemuTools.io(top, "qcow2", "write -P 0x22 4k 4k");
        byte[] expected = QemuTools.toRaw(top, tmp);
        String backing = ",backing.driver=qcow2,backing.file.driver=testfile,backing.file.filename=" + base;
        try (BlockNode n = BlockGraph.open(spec(top) + backing, OpenOptions.READ_ONLY)) {
            ImageAssertions.assertSameBytes(expected, ImageAssertions.readAll(n, 65536), "explicit backing");
            assertEquals("qcow2", n.child("backing").driverName());
        }
        try (BlockNode n = BlockGraph.open("json:{\"driver\":\"qcow2\",\"backing\":null,\"file\":"
                + "{\"driver\":\"testfile\",\"filename\":\"" + top + "\"}}", OpenOptions.READ_ONLY)) {
            byte[] got = ImageAssertions.readAll(n, 65536);
            assertEquals(0, got[512 * 1024], "backing=null: unallocated reads as zeroes");
            assertEquals(0x21, expected[512 * 1024], "(with the backing file it reads 0x21)");
            assertEquals(0x22, got[4096]);
            assertEquals(null, n.child("backing"));
        }
    }

    @Test
    void unknownOptionsAreRefused() throws IOException {
        Path img = tmp.resolve("o.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "1M");
        assertThrows(Exception.class, () -> BlockGraph.open(spec(img) + ",no-such-option=1", OpenOptions.READ_ONLY).close());
        assertEquals(true, Files.exists(img));
    }
}
