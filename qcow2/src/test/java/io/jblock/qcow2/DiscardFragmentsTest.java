package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A discard through a node with a coarse discard granule (blkdebug {@code opt-discard}, as QEMU
 * iotests 177 and 204) passes its unaligned head and tail pieces on to the node below, as
 * QEMU's bdrv_co_pdiscard fragments it: qcow2 then discards the whole clusters inside those
 * partial granules. The same request through real qemu-io on a twin image is the reference.
 */
class DiscardFragmentsTest {
    private static final String LIMITS = "driver=blkdebug,align=512,opt-discard=192k,max-discard=192k,";

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @Test
    void partialGranulesLoseTheirWholeClustersAsInQemu() throws IOException {
        Path ours = tmp.resolve("ours.qcow2");
        Path theirs = tmp.resolve("theirs.qcow2");
        for (Path p : new Path[] {ours, theirs}) {
            QemuTools.img("create", "-q", "-f", "qcow2", p.toString(), "4M");
            QemuTools.io(p, "qcow2", "write -P 0x11 0 4M");
        }
        // granules of 192k: head piece [200001, 384k) holds clusters 4 and 5, the middle is four
        // granules (one max-discard chunk each), the tail piece [1152k, 1249648) holds cluster 18
        long offset = 200_001;
        long length = 1_249_648 - offset;
        try (BlockNode n = BlockGraph.open(LIMITS + "discard=unmap,image.driver=qcow2,image.discard=unmap,"
                + "image.file.driver=file,image.file.filename=" + ours, OpenOptions.DEFAULT)) {
            n.discard(offset, length);
        }
        QemuTools.ok("qemu-io", "--image-opts", "-c", "discard " + offset + " " + length,
                LIMITS + "image.driver=qcow2,image.file.driver=file,image.file.filename=" + theirs);
        QemuTools.checkClean(ours);
        // negative control: the reference really discarded clusters inside the partial granules
        QemuTools.io(theirs, "qcow2", "read -P 0 256k 128k", "read -P 0 1152k 64k", "read -P 0x11 192k 64k");
        QemuTools.io(ours, "qcow2", "read -P 0x11 0 256k", "read -P 0 256k 128k", "read -P 0 1152k 64k",
                "read -P 0x11 1216k 2880k");
        assertEquals(QemuTools.img("map", "--output=json", theirs.toString()),
                QemuTools.img("map", "--output=json", ours.toString()), "qemu-img map");
        QemuTools.img("compare", "-f", "qcow2", "-F", "qcow2", ours.toString(), theirs.toString());
    }

    /**
     * The last cluster of an image whose size is not whole clusters goes when a discard reaches
     * the end (QEMU's qcow2_co_pdiscard, iotest 066); a partial cluster elsewhere stays.
     */
    @Test
    void aDiscardToTheEndTakesThePartialLastCluster() throws IOException {
        Path ours = tmp.resolve("ours.qcow2");
        Path theirs = tmp.resolve("theirs.qcow2");
        long size = (256 << 10) + 512;
        for (Path p : new Path[] {ours, theirs}) {
            QemuTools.img("create", "-q", "-f", "qcow2", p.toString(), Long.toString(size));
            QemuTools.io(p, "qcow2", "write -P 7 0 " + size);
        }
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=file,file.filename=" + ours,
                OpenOptions.DEFAULT)) {
            n.discard(1000, size - 1000);
        }
        QemuTools.io(theirs, "qcow2", "discard 1000 " + (size - 1000));
        QemuTools.checkClean(ours);
        QemuTools.io(ours, "qcow2", "read -P 7 0 64k", "read -P 0 64k " + (size - (64 << 10)));
        assertEquals(QemuTools.img("map", "--output=json", theirs.toString()),
                QemuTools.img("map", "--output=json", ours.toString()), "qemu-img map");
    }
}
