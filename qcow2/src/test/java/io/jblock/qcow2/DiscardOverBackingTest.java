package io.jblock.qcow2;

import io.jblock.storage.RequestFlags;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, defect 2: a discard (or a write-zeroes that may unmap) over a backing file must not
 * let the backing file's data show through. On v3 images QEMU writes zero clusters there, also
 * over clusters that were never allocated; on v2 images, which have no zero clusters, QEMU leaves
 * the clusters as they are. The same requests through qemu-io are the reference.
 */
class DiscardOverBackingTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"compat=1.1", "compat=1.1,extended_l2=on", "compat=0.10"})
    void discardedRangesReadAsQemuLeavesThem(String o) throws IOException {
        Path base = tmp.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), "1M");
        QemuTools.io(base, "qcow2", "write -P 0x5a 0 1M");
        Path ours = overlay("ours.qcow2", base, o);
        Path theirs = overlay("theirs.qcow2", base, o);
        try (DriverBackedNode n = TestImages.open(ours); Arena a = Arena.ofConfined()) {
            n.write(64 << 10, a.allocate(64 << 10).fill((byte) 0x33));
            n.flush();
            // clusters 0 (unallocated), 1 (allocated) and 2, 3 (unallocated) discarded
            n.discard(0, 256 << 10);
            // write-zeroes that may unmap: allocated cluster 5, unallocated cluster 6
            n.write(5 << 16, a.allocate(64 << 10).fill((byte) 0x44));
            n.writeZeroes(5 << 16, 128 << 10, RequestFlags.MAY_UNMAP);
        }
        QemuTools.io(theirs, "qcow2", "write -P 0x33 64k 64k", "flush", "discard 0 256k",
                "write -P 0x44 320k 64k", "write -z -u 320k 128k");
        QemuTools.checkClean(ours);
        byte[] expected = QemuTools.toRaw(theirs, tmp);
        ImageAssertions.assertSameBytes(expected, QemuTools.toRaw(ours, tmp), "qemu's view of our image (" + o + ")");
        try (DriverBackedNode n = TestImages.openReadOnly(ours)) {
            ImageAssertions.assertSameBytes(expected, ImageAssertions.readAll(n, 65536), "jblock's view (" + o + ")");
        }
        if (!o.contains("0.10")) {
            for (int i = 0; i < 256 << 10; i++) {
                if (expected[i] != 0) {
                    throw new AssertionError("qemu's reference reads backing data at " + i + " after discard");
                }
            }
        }
    }

    private Path overlay(String name, Path base, String o) {
        Path p = tmp.resolve(name);
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", o, "-b", base.toString(), "-F", "qcow2", p.toString(), "1M");
        return p;
    }
}
