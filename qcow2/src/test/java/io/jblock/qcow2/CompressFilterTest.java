package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.UnsupportedImageException;
import io.jblock.storage.testing.QemuTools;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code compress} filter over qcow2 (qemu-iotests 214, "Write compressed data of multiple
 * clusters"): writes that do not cover whole clusters are padded and every cluster they touch is
 * stored compressed; the same writes through the real qemu-io give an image that reads alike and
 * has as many compressed clusters.
 */
class CompressFilterTest {
    private static final int CLUSTER = 0x10000;

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private static int compressedClusters(Path img) {
        String json = QemuTools.run("qemu-img", "check", "--output=json", img.toString()).stdout();
        var m = java.util.regex.Pattern.compile("\"compressed-clusters\": (\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void unalignedWritesOfSeveralClustersAreStoredCompressed() throws Exception {
        Path img = tmp.resolve("c.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=" + CLUSTER, img.toString(), "2M");
        Path twin = tmp.resolve("twin.qcow2");
        Files.copy(img, twin, StandardCopyOption.REPLACE_EXISTING);
        int size = 3 * CLUSTER + CLUSTER / 2;
        long second = 4L * CLUSTER + CLUSTER / 4;
        try (BlockNode n = BlockGraph.open("driver=compress,file.driver=qcow2,file.file.driver=file,file.file.filename="
                + img); Arena a = Arena.ofConfined()) {
            assertEquals("compress", n.driverName());
            n.write(0, a.allocate(size).fill((byte) 0xbb));
            n.write(second, a.allocate(size).fill((byte) 0xcc));
        }
        QemuTools.checkClean(img);
        assertEquals(8, compressedClusters(img), "every cluster the two writes touched");
        for (String cmd : new String[] {"write -P 0xbb 0 " + size, "write -P 0xcc " + second + " " + size}) {
            QemuTools.run("qemu-io", "--image-opts", "-c", cmd,
                    "driver=compress,file.driver=qcow2,file.file.driver=file,file.file.filename=" + twin);
        }
        assertEquals(8, compressedClusters(twin), "qemu-io's compress filter makes as many");
        assertEquals(0, QemuTools.run("qemu-img", "compare", twin.toString(), img.toString()).exitCode());
        String back = QemuTools.io(img, "qcow2", "read -P 0xbb 0 " + size, "read -P 0 " + size + " " + (second - size),
                "read -P 0xcc " + second + " " + size);
        assertTrue(!back.contains("Pattern verification failed"), back);
    }

    @Test
    void aFormatThatCannotCompressIsRefused() throws Exception {
        Path raw = tmp.resolve("r.raw");
        QemuTools.img("create", "-q", "-f", "raw", raw.toString(), "1M");
        var e = assertThrows(UnsupportedImageException.class, () -> BlockGraph.open(
                "driver=compress,file.driver=raw,file.file.driver=file,file.file.filename=" + raw));
        assertTrue(e.getMessage().contains("Compression is not supported for underlying format: raw"), e.getMessage());
    }
}
