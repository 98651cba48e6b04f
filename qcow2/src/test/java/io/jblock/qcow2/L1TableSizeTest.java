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
}
