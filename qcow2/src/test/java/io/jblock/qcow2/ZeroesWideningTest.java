package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write-zeroes with unaligned ends (QEMU's qcow2_co_pwrite_zeroes, iotest 179): a partial
 * cluster (subcluster with extended L2) whose rest already reads as zeroes becomes a zero
 * cluster as a whole instead of an allocated cluster of written zeroes; one whose rest holds
 * data is written. Zeroing what is zero already leaves the L2 table clean.
 */
class ZeroesWideningTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"compat=1.1", "compat=1.1,extended_l2=on"})
    void partialZeroClustersAreWidenedAsInQemu(String o) throws IOException {
        Path ours = tmp.resolve("ours.qcow2");
        Path theirs = tmp.resolve("theirs.qcow2");
        for (Path p : new Path[] {ours, theirs}) {
            QemuTools.img("create", "-q", "-f", "qcow2", "-o", o, p.toString(), "8M");
            QemuTools.io(p, "qcow2", "write -P 5 4M 64k");
        }
        // unallocated, reads as zeroes around both ends: widened; the one at 4M+1000 has data
        // around it: written as data
        String[] cmds = {"write -z -u 1048577 131070", "write -z 2097153 131070", "write -z 4195304 1000"};
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=file,file.filename=" + ours,
                OpenOptions.DEFAULT)) {
            n.writeZeroes(1048577, 131070, RequestFlags.MAY_UNMAP);
            n.writeZeroes(2097153, 131070, 0);
            n.writeZeroes(4195304, 1000, 0);
        }
        QemuTools.io(theirs, "qcow2", cmds);
        QemuTools.checkClean(ours);
        String expected = QemuTools.img("map", "--output=json", theirs.toString());
        // negative control: the reference has no data cluster at 1M
        assertTrue(expected.contains("{ \"start\": 1048576, \"length\": 131072, \"depth\": 0, \"present\": true, "
                + "\"zero\": true, \"data\": false}"), expected);
        assertEquals(expected, QemuTools.img("map", "--output=json", ours.toString()), "qemu-img map (" + o + ")");
        QemuTools.img("compare", "-f", "qcow2", "-F", "qcow2", ours.toString(), theirs.toString());
    }

    @Test
    void zeroingZeroClustersAgainWritesNoMetadata() throws IOException {
        Path img = tmp.resolve("z.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "8M");
        QemuTools.io(img, "qcow2", "write -P 1 1M 2M", "write -z -u 1M 1M", "write -z 2M 1M");
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT)) {
            synchronized (log) {
                log.clear();
            }
            n.writeZeroes(1 << 20, 1 << 20, RequestFlags.MAY_UNMAP);
            n.writeZeroes(1 << 20, 2 << 20, 0);
            n.flush();
            synchronized (log) {
                assertTrue(log.stream().noneMatch(s -> s.startsWith("write ") || s.equals("l2_update")), log.toString());
            }
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 0 1M 2M", "read -P 0 0 1M");
    }

    /** The partial last cluster of an image, zeroed from its start to the end: a zero cluster (iotest 154). */
    @Test
    void theImagesPartialLastClusterZeroedToTheEndIsAZeroCluster() throws IOException {
        Path img = tmp.resolve("t.qcow2");
        long size = (1 << 20) + 1024;
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), Long.toString(size));
        QemuTools.io(img, "qcow2", "write -P 1 1M 1024");
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img, OpenOptions.DEFAULT)) {
            n.writeZeroes(1 << 20, 1024, 0);
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 0 1M 1024");
        String map = QemuTools.img("map", "--output=json", img.toString());
        assertTrue(map.contains("{ \"start\": 1048576, \"length\": 1024, \"depth\": 0, \"present\": true, "
                + "\"zero\": true, \"data\": false, \"offset\""), map);
    }
}
