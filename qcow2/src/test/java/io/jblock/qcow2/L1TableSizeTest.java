package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grown L1 table is written at its byte size, not as whole clusters (QEMU's
 * qcow2_grow_l1_table): a new image's file ends with the table's last entry, as qemu-img's
 * (iotest 243), and stays a valid image that takes writes.
 */
class L1TableSizeTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @ParameterizedTest
    @ValueSource(longs = {64L << 20, 1L << 40})
    void aNewImageEndsWithItsL1EntriesAsQemus(long size) throws IOException {
        Path ours = tmp.resolve("ours.qcow2");
        Path theirs = tmp.resolve("theirs.qcow2");
        TestImages.create(ours, size, Map.of());
        QemuTools.img("create", "-q", "-f", "qcow2", theirs.toString(), Long.toString(size));
        assertEquals(Files.size(theirs), Files.size(ours), "file size after create");
        QemuTools.checkClean(ours);
        try (DriverBackedNode n = TestImages.open(ours); Arena a = Arena.ofConfined()) {
            n.write(size / 2, a.allocate(64 << 10).fill((byte) 0x3c));
        }
        QemuTools.checkClean(ours);
        QemuTools.io(ours, "qcow2", "read -P 0x3c " + size / 2 + " 64k", "read -P 0 0 64k");
    }

    /**
     * Growing the L1 table inside its cluster when the file ends with its last entry (qemu-img's
     * layout): the new entries lie past the end of the file, which must grow first (iotest 029's
     * VM state at 1 TiB failed with EIO: "write of 8 bytes reaches past the end of the node").
     */
    @org.junit.jupiter.api.Test
    void theL1TableGrowsInsideItsClusterPastTheEndOfTheFile() throws IOException {
        Path p = tmp.resolve("grow.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", p.toString(), "64M");
        try (DriverBackedNode n = TestImages.open(p); Arena a = Arena.ofConfined()) {
            n.qcow2().saveVmState(1L << 40, a.allocate(4096).fill((byte) 0x11));
        }
        QemuTools.checkClean(p);
        QemuTools.io(p, "qcow2", "read -b -P 0x11 1T 4k");
    }
}
