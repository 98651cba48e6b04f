package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt and hostile headers give clear qcow2 exceptions, never OOM, hangs or wrong data. */
class HostileImageTest {
    @TempDir
    Path tmp;
    Path img;

    @BeforeEach
    void makeImage() throws IOException {
        img = tmp.resolve("h.qcow2");
        TestImages.create(img, 4 << 20, Map.of("cluster_size", "4096"));
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(100000).fill((byte) 9));
        }
    }

    static void poke(Path p, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private void assertCorruptOnOpen(long offset, byte[] bytes, String messagePart) throws IOException {
        byte[] orig = Files.readAllBytes(img);
        poke(img, offset, bytes);
        try {
            IOException e = assertThrows(IOException.class, () -> TestImages.openReadOnly(img).close());
            assertTrue(e instanceof Qcow2CorruptImageException || e instanceof Qcow2UnsupportedException, e.toString());
            assertTrue(e.getMessage().contains(messagePart), e.getMessage());
            assertTrue(e.getMessage().contains(img.toString()), "names the file: " + e.getMessage());
        } finally {
            Files.write(img, orig);
        }
    }

    @Test
    void headerFieldsOutsideQemuLimitsAreRefused() throws IOException {
        assertCorruptOnOpen(20, be32(8), "cluster_bits 8");
        assertCorruptOnOpen(20, be32(22), "cluster_bits 22");
        assertCorruptOnOpen(36, be32(0x1000_0000), "larger than 32 MiB");
        assertCorruptOnOpen(36, be32(1), "too small");
        assertCorruptOnOpen(40, be64(4096 + 8), "not a positive multiple");
        assertCorruptOnOpen(40, be64(1L << 40), "outside the file");
        assertCorruptOnOpen(56, be32(0x7fff_ffff), "larger than 8 MiB");
        assertCorruptOnOpen(48, be64(1L << 50), "outside the file");
        assertCorruptOnOpen(60, be32(100_000), "too many snapshots");
        assertCorruptOnOpen(100, be32(1 << 20), "header_length");
        assertCorruptOnOpen(96, be32(7), "refcount_order");
        assertCorruptOnOpen(4, be32(4), "version 4");
        assertCorruptOnOpen(0, be32(0x12345678), "magic");
        assertCorruptOnOpen(8, ByteBuffer.allocate(12).putLong(1000).putInt(5000).array(), "backing file name");
        // past the header cluster: QEMU's first check of the field, before the extensions are read
        assertCorruptOnOpen(8, ByteBuffer.allocate(12).putLong(8192).putInt(10).array(), "Invalid backing file offset");
        // found by the mutator: a negative offset (sign bit set) passed the range check
        assertCorruptOnOpen(8, ByteBuffer.allocate(12).putLong(-1).putInt(0).array(), "Invalid backing file offset");
        assertCorruptOnOpen(8, ByteBuffer.allocate(12).putLong(0x8000_0000_0004_0000L).putInt(5).array(),
                "Invalid backing file offset");
        // the extensions end where the name starts: one whose length runs past it is refused
        assertCorruptOnOpen(8, ByteBuffer.allocate(12).putLong(116).putInt(0).array(), "runs past the header cluster");
        // an empty snapshot table's offset is checked too (QEMU's qcow2_validate_table)
        assertCorruptOnOpen(64, be64(0x1234), "snapshot table offset");
        assertCorruptOnOpen(32, be32(3), "Unsupported encryption method 3");
        assertCorruptOnOpen(104, new byte[] {1}, "Compression type incompatible feature bit must be set");
    }

    @Test
    void unknownIncompatibleBitIsRefusedWithItsNameFromTheFeatureTable() throws IOException {
        Qcow2Header h = Qcow2Header.parse(Files.readAllBytes(img), Files.size(img), "t", img.toString());
        // Rename: the table entry for incompatible bit 4 now describes bit 10.
        byte[] all = Files.readAllBytes(img);
        int p = h.headerLength;
        while (ByteBuffer.wrap(all).getInt(p) != HeaderExtension.FEATURE_TABLE) {
            p += 8 + ((ByteBuffer.wrap(all).getInt(p + 4) + 7) & ~7);
        }
        int len = ByteBuffer.wrap(all).getInt(p + 4);
        for (int e = p + 8; e < p + 8 + len; e += 48) {
            if (all[e] == 0 && all[e + 1] == 4) {
                all[e + 1] = 10;
            }
        }
        Files.write(img, all);
        assertCorruptOnOpen(72, be64(1L << 10), "feature(s): extended L2 entries");
        assertCorruptOnOpen(72, be64(1L << 11), "feature(s): Unknown incompatible feature: 800");
    }

    @Test
    void corruptBitAllowsReadOnlyButRefusesWrites() throws IOException {
        poke(img, 72, be64(2));
        IOException e = assertThrows(Qcow2CorruptImageException.class, () -> TestImages.open(img));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        try (BlockNode n = TestImages.openReadOnly(img); Arena a = Arena.ofConfined()) {
            var s = a.allocate(10);
            n.read(99990, s);
            assertEquals(9, s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 9));
        }
    }

    @Test
    void unknownHeaderExtensionsSurviveAHeaderRewrite() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        h.otherExtensions.add(new HeaderExtension(0x12345678, "keep me".getBytes()));
        poke(img, 0, h.encode());
        try (BlockNode n = TestImages.open(img)) {
            n.truncate(8 << 20, Preallocation.OFF); // rewrites the header
        }
        all = Files.readAllBytes(img);
        Qcow2Header after = Qcow2Header.parse(all, all.length, "t", img.toString());
        assertEquals(8 << 20, after.size);
        assertTrue(after.otherExtensions.contains(new HeaderExtension(0x12345678, "keep me".getBytes())));
        if (Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
            QemuTools.checkClean(img);
        }
    }

    @Test
    void misalignedL2EntryGivesACorruptionErrorOnRead() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        long l2 = ByteBuffer.wrap(all).getLong((int) h.l1TableOffset) & 0x00ff_ffff_ffff_fe00L;
        poke(img, l2, be64((1L << 63) | 4096 + 512));
        try (BlockNode n = TestImages.openReadOnly(img); Arena a = Arena.ofConfined()) {
            IOException e = assertThrows(Qcow2CorruptImageException.class, () -> n.read(0, a.allocate(512)));
            assertTrue(e.getMessage().contains("not cluster aligned"), e.getMessage());
        }
    }

    @Test
    void corruptionFoundByAWritableNodeMarksTheImageCorrupt() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        long l2 = ByteBuffer.wrap(all).getLong((int) h.l1TableOffset) & 0x00ff_ffff_ffff_fe00L;
        poke(img, l2, be64((1L << 63) | 4096 + 512));
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            assertThrows(Qcow2CorruptImageException.class, () -> n.read(0, a.allocate(512)));
            IOException w = assertThrows(Qcow2CorruptImageException.class, () -> n.write(1 << 20, a.allocate(512)));
            assertTrue(w.getMessage().contains("marked corrupt"), w.getMessage());
        }
        assertEquals(2, Files.readAllBytes(img)[79] & 2, "corrupt bit on disk");
        if (Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
            String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
            assertTrue(info.contains("\"corrupt\": true"), info);
        }
    }

    @Test
    void l2TableOutsideTheFileIsACorruptionError() throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        poke(img, h.l1TableOffset, be64((1L << 63) | (1L << 40)));
        try (BlockNode n = TestImages.openReadOnly(img); Arena a = Arena.ofConfined()) {
            IOException e = assertThrows(Qcow2CorruptImageException.class, () -> n.read(0, a.allocate(512)));
            assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
            assertTrue(e.getMessage().contains("at offset " + h.l1TableOffset), e.getMessage());
        }
    }

    /**
     * Found by the mutator (a disk as large as its L1 table can address hung the map): one block
     * status answer covers at most what one L2 table maps, and an L1 entry without a table is one
     * unallocated run, so mapping a huge empty disk costs one call per L2 table, not per cluster.
     */
    @Test
    void blockStatusOfAHugeEmptyDiskStopsAtEachL2TablesRange() throws IOException {
        Path big = tmp.resolve("big.qcow2");
        long size = 16L << 40;
        TestImages.create(big, size, Map.of());
        try (BlockNode n = TestImages.openReadOnly(big)) {
            long tableRange = 512L << 20; // 64 KiB clusters: 8192 entries of 64 KiB
            var s = n.blockStatus(0, 64L << 30);
            assertEquals(tableRange, s.length(), "one answer ends where the L2 table's range ends");
            assertEquals(100, n.blockStatus(tableRange - 100, 1000).length());
            int calls = 0;
            for (long off = 0; off < size; off += n.blockStatus(off, size - off).length()) {
                calls++;
            }
            assertEquals(size / tableRange, calls);
        }
    }

    /**
     * Found by the mutator (an extended-L2 disk whose L1 entries all name one table took minutes
     * to map): subclusters in the same state are one run read from one L2 entry, so mapping costs
     * one L2 lookup per cluster, not one per subcluster.
     */
    @Test
    void extendedL2RunsOfSubclustersCostOneLookupPerCluster() throws IOException {
        Path x = tmp.resolve("x.qcow2");
        QemuTools.require();
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=32k,extended_l2=on", x.toString(), "64M");
        QemuTools.io(x, "qcow2", "write -P 1 0 3k", "write -z 40k 8k");
        byte[] expected = QemuTools.toRaw(x, tmp);
        try (BlockNode n = io.jblock.storage.BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + x,
                io.jblock.storage.OpenOptions.READ_ONLY)) {
            var stats = n.driverFeature(io.jblock.storage.feature.CacheStatistics.class).orElseThrow();
            long before = stats.cacheCounters().l2Hits() + stats.cacheCounters().l2Misses();
            int answers = 0;
            for (long off = 0; off < n.size(); off += n.blockStatus(off, n.size() - off).length()) {
                answers++;
            }
            long lookups = stats.cacheCounters().l2Hits() + stats.cacheCounters().l2Misses() - before;
            long clusters = n.size() / 32768;
            assertTrue(lookups <= clusters + 3L * answers, lookups + " L2 lookups for " + clusters + " clusters");
            ImageAssertions.assertSameBytes(expected, ImageAssertions.readAll(n, 65536), "extended L2 reads");
        }
    }

    /** Random byte flips in the metadata: every outcome is data or an IOException, nothing else. */
    @Test
    void randomMetadataCorruptionNeverEscapesAsAnythingButIOException() throws IOException {
        byte[] orig = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(orig, orig.length, "t", img.toString());
        Random r = new Random(1234);
        int ioErrors = 0;
        for (int i = 0; i < 300; i++) {
            byte[] bad = orig.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                int region = r.nextInt(3);
                int base = switch (region) {
                    case 0 -> 0;
                    case 1 -> (int) h.l1TableOffset;
                    default -> (int) h.refcountTableOffset;
                };
                int at = base + r.nextInt(region == 0 ? 120 : 64);
                bad[at] = (byte) r.nextInt();
            }
            Files.write(img, bad);
            try (BlockNode n = TestImages.open(img, true, false, Map.of()); Arena a = Arena.ofConfined()) {
                n.read(0, a.allocate(Math.min(n.size(), 1 << 20)));
            } catch (IOException expected) {
                ioErrors++;
            } catch (RuntimeException | Error e) {
                fail("iteration " + i + ": " + e, e);
            }
        }
        assertTrue(ioErrors > 0, "the corruption was noticed at least sometimes");
        Files.write(img, orig);
    }
}
