package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jblock creates and writes images; qemu-img check finds no errors or leaks, and qemu-img's view
 * (convert -O raw, compare) equals a shadow copy that received the same operations.
 */
class WriteInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    static Map<String, String> opts(String s) {
        Map<String, String> m = new java.util.HashMap<>();
        if (!s.isEmpty()) {
            for (String kv : s.split(",")) {
                String[] p = kv.split("=", 2);
                m.put(p[0], p[1]);
            }
        }
        return m;
    }

    /** Applies random writes, zero writes and discards to the node and to the shadow. */
    static void randomOps(BlockNode n, byte[] shadow, long seed, int ops, int clusterSize, boolean discards)
            throws IOException {
        randomOps(n, shadow, seed, ops, clusterSize, clusterSize, discards);
    }

    static void randomOps(BlockNode n, byte[] shadow, long seed, int ops, int lenUnit, int clusterSize,
                          boolean discards)
            throws IOException {
        Random r = new Random(seed);
        try (Arena a = Arena.ofConfined()) {
            for (int i = 0; i < ops; i++) {
                int len = 1 + r.nextInt(r.nextBoolean() ? 4096 : 3 * lenUnit);
                long off = r.nextInt(Math.max(1, shadow.length - len));
                int kind = r.nextInt(10);
                if (kind < 7) {
                    byte[] data = new byte[len];
                    r.nextBytes(data);
                    if (r.nextBoolean()) {
                        java.util.Arrays.fill(data, (byte) (i + 1));
                    }
                    MemorySegment s = a.allocate(len);
                    s.copyFrom(MemorySegment.ofArray(data));
                    n.write(off, s);
                    System.arraycopy(data, 0, shadow, (int) off, len);
                } else if (kind < 9 || !discards) {
                    n.writeZeroes(off, len, r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0);
                    java.util.Arrays.fill(shadow, (int) off, (int) off + len, (byte) 0);
                } else {
                    n.discard(off, len);
                    long first = (off + clusterSize - 1) / clusterSize * clusterSize;
                    long end = (off + len) / clusterSize * clusterSize;
                    if (end > first) {
                        java.util.Arrays.fill(shadow, (int) first, (int) end, (byte) 0);
                    }
                }
            }
        }
    }

    private void verify(Path img, byte[] shadow) throws IOException {
        QemuTools.checkClean(img);
        ImageAssertions.assertSameBytes(shadow, QemuTools.toRaw(img, tmp), "qemu's view of " + img.getFileName());
        Path ref = tmp.resolve("ref.raw");
        Files.write(ref, shadow);
        QemuTools.img("compare", "-q", img.toString(), ref.toString());
        try (BlockNode n = TestImages.openReadOnly(img)) {
            ImageAssertions.assertSameBytes(shadow, ImageAssertions.readAll(n, 70001), "jblock's view");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "compat=0.10", "cluster_size=512", "cluster_size=4096,refcount_bits=1",
        "cluster_size=4096,refcount_bits=64", "extended_l2=on,cluster_size=16384", "lazy_refcounts=on",
        "cluster_size=2097152", "preallocation=metadata,cluster_size=8192", "refcount_bits=8,cluster_size=1024"})
    void jblockCreatedAndWrittenImagesPassQemuCheck(String o) throws IOException {
        Path img = tmp.resolve("w.qcow2");
        long size = 3 << 20;
        TestImages.create(img, size, opts(o));
        QemuTools.checkClean(img);
        byte[] shadow = new byte[(int) size];
        int cs = opts(o).containsKey("cluster_size") ? Integer.parseInt(opts(o).get("cluster_size")) : 65536;
        try (BlockNode n = TestImages.open(img)) {
            randomOps(n, shadow, o.hashCode(), 120, Math.min(cs, 65536), cs, true);
        }
        verify(img, shadow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "extended_l2=on", "compat=0.10"})
    void writesOverBackingCopyOnWrite(String o) throws IOException {
        Path base = tmp.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), "2M");
        QemuTools.io(base, "qcow2", "write -P 0x5a 0 2M");
        Path top = tmp.resolve("top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", o.isEmpty() ? "cluster_size=65536" : o, "-b", "base.qcow2", "-F",
                "qcow2", top.toString(), "3M");
        byte[] shadow = new byte[3 << 20];
        java.util.Arrays.fill(shadow, 0, 2 << 20, (byte) 0x5a);
        try (BlockNode n = TestImages.open(top)) {
            // discards on v2 with a backing file expose the backing data: keep them out there
            randomOps(n, shadow, 7, 80, 65536, !o.contains("0.10"));
        }
        verify(top, shadow);
    }

    @Test
    void writesToAClusterSharedWithASnapshotCopyInsteadOfOverwriting() throws IOException {
        Path img = tmp.resolve("snap.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "2M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 2M");
        QemuTools.img("snapshot", "-c", "s1", img.toString());
        byte[] shadow = new byte[2 << 20];
        java.util.Arrays.fill(shadow, (byte) 0x11);
        try (BlockNode n = TestImages.open(img)) {
            randomOps(n, shadow, 99, 60, 65536, true);
        }
        verify(img, shadow);
        Path snapRaw = tmp.resolve("s1.raw");
        QemuTools.img("convert", "-O", "raw", "-l", "snapshot.name=s1", img.toString(), snapRaw.toString());
        byte[] s1 = Files.readAllBytes(snapRaw);
        for (byte b : s1) {
            assertEquals(0x11, b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compression_type=zlib", "compression_type=zstd", "compression_type=zstd,extended_l2=on"})
    void writesOverCompressedClusters(String o) throws IOException {
        Path raw = tmp.resolve("c.raw");
        byte[] shadow = new byte[2 << 20];
        for (int i = 0; i < shadow.length; i++) {
            shadow[i] = (byte) (i / 1000);
        }
        Files.write(raw, shadow);
        Path img = tmp.resolve("c.qcow2");
        QemuTools.img("convert", "-c", "-O", "qcow2", "-o", o, raw.toString(), img.toString());
        try (BlockNode n = TestImages.open(img)) {
            randomOps(n, shadow, 11, 60, 65536, true);
        }
        verify(img, shadow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"compression_type=zlib", "compression_type=zstd", "compression_type=zlib,cluster_size=4096",
        "compression_type=zstd,extended_l2=on", "compat=0.10"})
    void compressedWritesAreReadByQemu(String o) throws IOException {
        Path img = tmp.resolve("cw.qcow2");
        long size = (2 << 20) + 8192;
        TestImages.create(img, size, opts(o));
        int cs = opts(o).containsKey("cluster_size") ? Integer.parseInt(opts(o).get("cluster_size")) : 65536;
        byte[] shadow = new byte[(int) size];
        Random r = new Random(8);
        for (int i = 0; i < shadow.length; i++) {
            shadow[i] = (byte) ((i / 777) % 5 == 0 ? r.nextInt() : i / 3000); // mostly compressible
        }
        try (DriverBackedNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(size);
            s.copyFrom(MemorySegment.ofArray(shadow));
            n.qcow2().writeCompressed(0, s);
            // writes over compressed clusters copy them
            randomOps(n, shadow, 3, 20, Math.min(cs, 65536), cs, true);
        }
        verify(img, shadow);
        String json = QemuTools.ok("qemu-img", "check", "--output=json", img.toString());
        assertTrue(json.contains("\"compressed-clusters\"") && !json.contains("\"compressed-clusters\": 0,"), json);
    }

    @Test
    void zeroWritesKeepARawDataFileRaw() throws IOException {
        Path img = tmp.resolve("raw.qcow2");
        Path data = tmp.resolve("raw.data");
        TestImages.create(img, 1 << 20, Map.of("data_file", data.toString(), "data_file_raw", "on"));
        byte[] shadow = new byte[1 << 20];
        try (BlockNode n = TestImages.open(img)) {
            randomOps(n, shadow, 12, 50, 65536, false); // discard is a no-op with data_file_raw
        }
        verify(img, shadow);
        ImageAssertions.assertSameBytes(shadow, Files.readAllBytes(data), "raw data file");
    }

    @Test
    void refcountTableGrowsWithTinyClustersAndWideRefcounts() throws IOException {
        Path img = tmp.resolve("grow.qcow2");
        // 512-byte clusters with 64-bit refcounts: one refcount block covers 64 clusters (32 KiB),
        // one refcount table cluster 64 blocks (2 MiB): 3 MiB of data needs a bigger table.
        long size = 3 << 20;
        TestImages.create(img, size, opts("cluster_size=512,refcount_bits=64"));
        byte[] shadow = new byte[(int) size];
        new Random(5).nextBytes(shadow);
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(size);
            s.copyFrom(MemorySegment.ofArray(shadow));
            n.write(0, s);
        }
        verify(img, shadow);
        String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
        assertTrue(info.contains("\"refcount-bits\": 64"), info);
    }

    @Test
    void resizeGrowsTheL1Table() throws IOException {
        Path img = tmp.resolve("resize.qcow2");
        TestImages.create(img, 1 << 20, opts("cluster_size=512"));
        byte[] shadow = new byte[4 << 20];
        try (BlockNode n = TestImages.open(img)) {
            randomOps(n, java.util.Arrays.copyOf(shadow, 1 << 20), 1, 10, 512, false);
        }
        // start again from a known state: write pattern, grow, write past the old end
        TestImages.create(img, 1 << 20, opts("cluster_size=512"));
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(4096).fill((byte) 7);
            n.write(1000, s);
            java.util.Arrays.fill(shadow, 1000, 5096, (byte) 7);
            n.truncate(4 << 20, io.jblock.storage.Preallocation.OFF);
            assertEquals(4 << 20, n.size());
            n.write((4 << 20) - 4096, s);
            java.util.Arrays.fill(shadow, (4 << 20) - 4096, 4 << 20, (byte) 7);
        }
        verify(img, shadow);
    }

    @Test
    void tinyCachesWithSlicedL2TablesEvictDirtyEntriesCorrectly() throws IOException {
        Path img = tmp.resolve("tiny.qcow2");
        long size = 4 << 20;
        TestImages.create(img, size, opts("cluster_size=4096,refcount_bits=16"));
        byte[] shadow = new byte[(int) size];
        try (DriverBackedNode n = TestImages.open(img, false, false,
                Map.of("l2-cache-entry-size", "1k", "l2-cache-size", "2k", "refcount-cache-size", "1"))) {
            assertEquals(2, n.qcow2().cacheCounters().l2Entries());
            assertEquals(1024, n.qcow2().cacheCounters().l2EntrySize());
            randomOps(n, shadow, 21, 150, 4096, true);
            assertTrue(n.qcow2().cacheCounters().l2Misses() > 10, "the tiny cache really evicted");
        }
        verify(img, shadow);
    }

    /** Overlapping writers, zero writers and readers at once: the image stays consistent. */
    @Test
    void overlappingConcurrentRequestsLeaveAConsistentImage() throws Exception {
        Path img = tmp.resolve("overlap.qcow2");
        long size = 2 << 20;
        TestImages.create(img, size, opts("cluster_size=4096,lazy_refcounts=on"));
        try (BlockNode n = TestImages.open(img)) {
            ExecutorService ex = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                fs.add(ex.submit(() -> {
                    Random r = new Random(100 + id);
                    try (Arena a = Arena.ofConfined()) {
                        for (int i = 0; i < 150; i++) {
                            int len = 1 + r.nextInt(20000);
                            long off = r.nextInt((int) size - len);
                            MemorySegment s = a.allocate(len).fill((byte) (id + 1));
                            switch (r.nextInt(4)) {
                                case 0 -> n.read(off, s);
                                case 1 -> n.writeZeroes(off, len, RequestFlags.MAY_UNMAP);
                                case 2 -> n.discard(off, len);
                                default -> n.write(off, s);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            ex.shutdown();
        }
        QemuTools.checkClean(img);
        byte[] qemuView = QemuTools.toRaw(img, tmp);
        try (BlockNode n = TestImages.openReadOnly(img)) {
            ImageAssertions.assertSameBytes(qemuView, ImageAssertions.readAll(n, 65536), "jblock vs qemu");
        }
        for (byte b : qemuView) {
            assertTrue(b >= 0 && b <= 4, "only bytes some request wrote: " + b);
        }
    }

    @Test
    void concurrentWritersOnDifferentClusters() throws Exception {
        Path img = tmp.resolve("conc.qcow2");
        long size = 4 << 20;
        TestImages.create(img, size, opts("cluster_size=4096"));
        byte[] shadow = new byte[(int) size];
        int threads = 4;
        try (BlockNode n = TestImages.open(img)) {
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(ex.submit(() -> {
                    Random r = new Random(id);
                    try (Arena a = Arena.ofConfined()) {
                        for (int i = 0; i < 200; i++) {
                            // thread t owns clusters with index % threads == t
                            long cluster = (long) r.nextInt((int) (size / 4096 / threads)) * threads + id;
                            int off = r.nextInt(4096);
                            int len = 1 + r.nextInt(4096 - off);
                            byte[] d = new byte[len];
                            r.nextBytes(d);
                            MemorySegment s = a.allocate(len);
                            s.copyFrom(MemorySegment.ofArray(d));
                            n.write(cluster * 4096 + off, s);
                            synchronized (shadow) {
                                System.arraycopy(d, 0, shadow, (int) (cluster * 4096 + off), len);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            ex.shutdown();
        }
        verify(img, shadow);
    }
}
