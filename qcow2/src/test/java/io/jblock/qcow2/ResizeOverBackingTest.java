package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing an image whose backing file is longer than the old size (after a shrink, or a short
 * overlay over a long base): the new area reads as zeroes, not as the backing file's data, as
 * QEMU's bdrv_co_truncate makes it (qemu-iotests 292). Checked with qemu-io patterns, qemu-img
 * check, and qemu-img map against the same steps done by the real qemu-img on a copy.
 */
class ResizeOverBackingTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private Path base(long size) {
        Path base = tmp.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), Long.toString(size));
        QemuTools.io(base, "qcow2", "write -P 0x11 0 " + size);
        return base;
    }

    private Path top(Path base, long size) {
        Path top = tmp.resolve("top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString(),
                Long.toString(size));
        return top;
    }

    private static BlockNode open(Path img) throws IOException {
        return BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img);
    }

    private static String map(Path img) {
        return QemuTools.img("map", "--output=json", img.toString());
    }

    @Test
    void growingAfterAShrinkReadsZeroesNotTheBackingData() throws IOException {
        Path top = top(base(1 << 20), 1 << 20);
        QemuTools.io(top, "qcow2", "write -P 0x22 0 1M");
        Path twin = tmp.resolve("twin.qcow2");
        Files.copy(top, twin, StandardCopyOption.REPLACE_EXISTING);

        try (BlockNode n = open(top)) {
            n.truncate(520 << 10, Preallocation.OFF);
            n.truncate(567 << 10, Preallocation.OFF);
            assertEquals(567 << 10, n.size());
        }
        QemuTools.img("resize", "-q", "--shrink", twin.toString(), "520k");
        QemuTools.img("resize", "-q", twin.toString(), "567k");

        String head = QemuTools.io(top, "qcow2", "read -P 0x22 0 520k");
        String tail = QemuTools.io(top, "qcow2", "read -P 0x00 520k 47k");
        assertTrue(!head.contains("Pattern verification failed") && head.contains("read 532480/532480"), head);
        assertTrue(!tail.contains("Pattern verification failed") && tail.contains("read 48128/48128"), tail);
        QemuTools.checkClean(top);
        assertEquals(map(twin), map(top), "the same mapping as qemu-img resize makes");
        assertEquals(0, QemuTools.run("qemu-img", "compare", twin.toString(), top.toString()).exitCode(),
                "reads as the image qemu-img resized");
    }

    @Test
    void growingAShortOverlayOverALongerBaseReadsZeroes() throws IOException {
        Path base = base(1 << 20);
        Path top = top(base, 256 << 10);
        // negative control: the base really holds 0x11 where the overlay will grow, so zeroes
        // read there afterwards come from the resize, not from an empty base
        String control = QemuTools.io(base, "qcow2", "read -P 0x11 256k 768k");
        assertTrue(!control.contains("Pattern verification failed") && control.contains("read 786432/786432"),
                control);
        try (BlockNode n = open(top)) {
            n.truncate(1 << 20, Preallocation.OFF);
        }
        String tail = QemuTools.io(top, "qcow2", "read -P 0x00 256k 768k");
        assertTrue(!tail.contains("Pattern verification failed") && tail.contains("read 786432/786432"), tail);
        String head = QemuTools.io(top, "qcow2", "read -P 0x11 0 256k");
        assertTrue(!head.contains("Pattern verification failed"), "the old range still shows the base: " + head);
        QemuTools.checkClean(top);
    }

    @Test
    void growingOverAShorterBaseLeavesTheNewAreaUnallocated() throws IOException {
        // the backing file ends before the old size: nothing can show through, nothing is written
        Path top = top(base(128 << 10), 256 << 10);
        Path twin = tmp.resolve("twin.qcow2");
        Files.copy(top, twin, StandardCopyOption.REPLACE_EXISTING);
        try (BlockNode n = open(top)) {
            n.truncate(1 << 20, Preallocation.OFF);
        }
        QemuTools.img("resize", "-q", twin.toString(), "1M");
        QemuTools.checkClean(top);
        assertEquals(map(twin), map(top));
    }
}
