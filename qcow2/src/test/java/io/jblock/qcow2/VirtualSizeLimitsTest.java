package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.types.ClusterGeometry;
import io.jblock.storage.BlockNode;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, defect 6: a virtual size the L1 table cannot address, or above QEMU's limits, is
 * refused at open with QEMU's words; guest offsets never wrap around in an index computation.
 */
class VirtualSizeLimitsTest {
    @TempDir
    Path tmp;
    Path img;

    @BeforeEach
    void makeImage() throws IOException {
        img = tmp.resolve("v.qcow2");
        TestImages.create(img, 4 << 20, Map.of());
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(65536).fill((byte) 7));
        }
    }

    private IOException refusedOnOpen(long size) throws IOException {
        HostileImageTest.poke(img, 24, HostileImageTest.be64(size));
        IOException e = assertThrows(IOException.class, () -> TestImages.openReadOnly(img).close(),
                "virtual size " + size);
        assertTrue(e instanceof Qcow2CorruptImageException || e instanceof Qcow2UnsupportedException, e.toString());
        assertTrue(e.getMessage().contains(img.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void aSizeTheL1TableCannotAddressIsRefusedAsQemuDoes() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        // 2^63 - 1 needs more than INT_MAX L1 entries: QEMU says "Image is too big"
        assertTrue(refusedOnOpen(Long.MAX_VALUE).getMessage().contains("Image is too big"));
        assertTrue(refusedOnOpen(1L << 62).getMessage().contains("Image is too big"));
        assertTrue(refusedOnOpen(-512).getMessage().contains("Image is too big"), "2^64 - 512 as QEMU reads it");
        // fewer L1 entries than the size needs, but a count QEMU could hold: "L1 table is too small"
        long coverage = 1L << h.geometry().l2CoverageBits();
        assertTrue(refusedOnOpen(coverage * h.l1Size + 512).getMessage().contains("L1 table is too small"));
        assertTrue(refusedOnOpen(1L << 50).getMessage().contains("L1 table is too small"));
        // the reference says the same
        QemuTools.require("qemu-img");
        HostileImageTest.poke(img, 24, HostileImageTest.be64(Long.MAX_VALUE));
        QemuTools.Result r = QemuTools.run("qemu-img", "info", img.toString());
        assertTrue(r.output().contains("Image is too big"), "QEMU's words: " + r.output());
    }

    @Test
    void theLargestSizeTheL1TableAddressesStillOpens() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        long coverage = 1L << h.geometry().l2CoverageBits();
        HostileImageTest.poke(img, 24, HostileImageTest.be64(coverage * h.l1Size));
        try (BlockNode n = TestImages.openReadOnly(img); Arena a = Arena.ofConfined()) {
            assertEquals(coverage * h.l1Size, n.size());
            MemorySegment s = a.allocate(512);
            n.read(coverage * h.l1Size - 512, s);
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    /**
     * Reads below the generic layer's range check (the engine alone): offsets far past the L1
     * table map to nothing instead of wrapping to another L1 entry or a negative index.
     */
    @Test
    void guestOffsetsFarBeyondTheL1TableNeverAliasOrIndexNegatively() throws IOException {
        try (DriverBackedNode n = TestImages.openReadOnly(img); Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(4096);
            for (long off : new long[] {1L << 62, 1L << 61, (1L << 32) << 29, Long.MAX_VALUE - 4096 + 1,
                    Long.MAX_VALUE / 2 + 1}) {
                s.fill((byte) 0x55);
                n.read(off, s);
                for (long i = 0; i < s.byteSize(); i++) {
                    assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i), "guest offset " + off + " maps no data");
                }
            }
        }
    }

    @Test
    void l1EntryCountsDoNotOverflow() {
        for (int bits = 9; bits <= 21; bits++) {
            for (boolean ext : new boolean[] {false, true}) {
                ClusterGeometry g = new ClusterGeometry(bits, ext);
                long cover = 1L << g.l2CoverageBits();
                assertEquals((Long.MAX_VALUE >>> g.l2CoverageBits()) + 1, g.l1EntriesFor(Long.MAX_VALUE), "bits " + bits);
                assertEquals(1, g.l1EntriesFor(1));
                assertEquals(1, g.l1EntriesFor(cover));
                assertEquals(2, g.l1EntriesFor(cover + 1));
                assertEquals(0, g.l1EntriesFor(0));
            }
        }
    }

    /** A snapshot whose disk size its L1 table cannot address is refused, not sized from. */
    @Test
    void aSnapshotWithAHostileDiskSizeIsRefused() throws IOException {
        QemuTools.require();
        Path s = tmp.resolve("s.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", s.toString(), "1M");
        QemuTools.io(s, "qcow2", "write -P 0x11 0 64k");
        QemuTools.img("snapshot", "-c", "snap", s.toString());
        byte[] all = Files.readAllBytes(s);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", s.toString());
        assertTrue(ByteBuffer.wrap(all).getInt((int) h.snapshotsOffset + 36) >= 16,
                "QEMU writes the disk size as extra data");
        HostileImageTest.poke(s, h.snapshotsOffset + 40 + 8, HostileImageTest.be64(1L << 62));
        IOException e = assertThrows(IOException.class,
                () -> TestImages.open(s, true, false, Map.of("snapshot.name", "snap")).close());
        assertTrue(e instanceof Qcow2CorruptImageException || e instanceof Qcow2UnsupportedException, e.toString());
        assertTrue(e.getMessage().contains("snap") && e.getMessage().contains(s.toString()), e.getMessage());
    }
}
