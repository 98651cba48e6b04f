package io.jblock.qcow2;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the compressed writer packs compressed clusters into shared host clusters (QEMU's
 * qcow2_alloc_bytes), issue 9 defects 3 and 4.
 */
class CompressedPackingTest {
    private static final int CS = 65536;

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /** A compressible cluster whose content depends on {@code seed}. */
    private static byte[] cluster(int seed) {
        byte[] b = new byte[CS];
        for (int i = 0; i < CS; i++) {
            b[i] = (byte) (seed + (i / 1000));
        }
        return b;
    }

    private static void put(byte[] shadow, long offset, byte[] data) {
        System.arraycopy(data, 0, shadow, (int) offset, data.length);
    }

    /**
     * Defect 3: with refcount_bits=1 (at most 1 reference) or 2 (at most 3), the next compressed
     * cluster must go to a new host cluster once the packing cluster's refcount is at the maximum,
     * instead of failing with a refcount overflow.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void narrowRefcountsTakeANewHostClusterWhenThePackingOneIsFull(int refcountBits) throws IOException {
        Path img = tmp.resolve("c" + refcountBits + ".qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "refcount_bits=" + refcountBits, img.toString(), "2M");
        byte[] shadow = new byte[2 << 20];
        try (DriverBackedNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            for (int c = 0; c < 24; c++) {
                byte[] data = cluster(c);
                n.qcow2().writeCompressed((long) c * CS, a.allocate(CS).copyFrom(MemorySegment.ofArray(data)));
                put(shadow, (long) c * CS, data);
            }
        }
        QemuTools.checkClean(img);
        ImageAssertions.assertSameBytes(shadow, QemuTools.toRaw(img, tmp), "refcount_bits=" + refcountBits);
        String info = QemuTools.img("check", "--output=json", img.toString());
        if (!info.contains("\"compressed-clusters\": 24")) {
            throw new AssertionError("all 24 clusters are compressed: " + info);
        }
    }

    /**
     * Defect 4: when the host cluster compressed data was last packed into is freed (every
     * compressed cluster in it was overwritten) and reused for normal data, the next compressed
     * cluster must not be packed into the middle of that data.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lazy_refcounts=off", "lazy_refcounts=on"})
    void thePackingPositionIsForgottenWhenItsHostClusterIsFreed(String o) throws IOException {
        Path img = tmp.resolve("p.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", o, img.toString(), "2M");
        byte[] shadow = new byte[2 << 20];
        try (DriverBackedNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            byte[] first = cluster(1);
            n.qcow2().writeCompressed(0, a.allocate(CS).copyFrom(MemorySegment.ofArray(first)));
            // overwriting the only compressed cluster frees its host cluster...
            byte[] plain = new byte[CS];
            new java.util.Random(3).nextBytes(plain);
            n.write(0, a.allocate(CS).copyFrom(MemorySegment.ofArray(plain)));
            put(shadow, 0, plain);
            // ...which the next allocation reuses for normal data
            byte[] other = new byte[CS];
            new java.util.Random(4).nextBytes(other);
            n.write(CS, a.allocate(CS).copyFrom(MemorySegment.ofArray(other)));
            put(shadow, CS, other);
            byte[] second = cluster(2);
            n.qcow2().writeCompressed(2L * CS, a.allocate(CS).copyFrom(MemorySegment.ofArray(second)));
            put(shadow, 2L * CS, second);
            ImageAssertions.assertSameBytes(shadow, ImageAssertions.readAll(n, CS), "jblock's view while open (" + o + ")");
        }
        QemuTools.checkClean(img);
        ImageAssertions.assertSameBytes(shadow, QemuTools.toRaw(img, tmp), "qemu's view (" + o + ")");
    }
}
