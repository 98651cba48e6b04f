package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.feature.CheckResult;
import io.jblock.qcow2.metadata.Qcow2Header;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check and repair as qemu-img check -r does, and the dirty bit of lazy refcounts. */
class DirtyAndRepairTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private static long refcountEntryOffset(Path img, long cluster) throws IOException {
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        long block = ByteBuffer.wrap(all).getLong((int) h.refcountTableOffset);
        return block + cluster * 2; // 16-bit refcounts, cluster inside block 0
    }

    /**
     * Asserts that {@code r} has the counts qemu-img check --output=json printed under the
     * given keys; qemu-img leaves zero error counts out, so a missing key means 0.
     */
    private static void assertCountsAsQemuImg(String qemuJson, CheckResult r, String... keys) {
        Map<String, Long> qemu = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([a-z-]+)\": (\\d+)").matcher(qemuJson);
        while (m.find()) {
            qemu.put(m.group(1), Long.parseLong(m.group(2)));
        }
        Map<String, Long> ours = Map.of("check-errors", (long) r.checkErrors(), "corruptions", (long) r.corruptions(),
                "leaks", (long) r.leaks(), "image-end-offset", r.imageEndOffset(),
                "total-clusters", r.totalClusters(), "allocated-clusters", r.allocatedClusters(),
                "fragmented-clusters", r.fragmentedClusters(), "compressed-clusters", r.compressedClusters());
        assertTrue(qemu.containsKey("image-end-offset"), "qemu-img check printed counts: " + qemuJson);
        for (String key : keys) {
            assertEquals(qemu.getOrDefault(key, 0L), ours.get(key), key + ": ours " + r + " vs qemu-img " + qemuJson);
        }
    }

    static void setRefcount(Path img, long cluster, int value) throws IOException {
        HostileImageTest.poke(img, refcountEntryOffset(img, cluster),
                ByteBuffer.allocate(2).putShort((short) value).array());
    }

    /** An image with data in clusters and one freed cluster inside the file; returns that cluster's index. */
    static long imageWithAHole(Path img) throws IOException {
        TestImages.create(img, 2 << 20, Map.of("cluster_size", "4096"));
        long freed;
        try (DriverBackedNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(64 << 10).fill((byte) 5));
            freed = n.blockStatus(8192, 4096).hostOffset() / 4096;
            n.discard(8192, 4096);
        }
        QemuTools.checkClean(img);
        return freed;
    }

    @Test
    void leakedClusterIsFoundAndRepaired() throws IOException {
        Path img = tmp.resolve("leak.qcow2");
        long freed = imageWithAHole(img);
        setRefcount(img, freed, 1);
        QemuTools.Result q = QemuTools.run("qemu-img", "check", "--output=json", img.toString());
        assertTrue(q.output().contains("\"leaks\": 1"), q.output());
        try (DriverBackedNode n = TestImages.open(img)) {
            CheckResult r = n.qcow2().check(false, false);
            assertEquals(1, r.leaks(), r.messages().toString());
            assertEquals(0, r.corruptions(), r.messages().toString());
            assertFalse(r.isClean());
            CheckResult fixed = n.qcow2().check(true, false);
            assertEquals(1, fixed.leaksFixed());
            assertTrue(fixed.isClean(), fixed.messages().toString());
        }
        QemuTools.checkClean(img);
    }

    @Test
    void refcountTooLowIsACorruptionRepairedWithRepairAll() throws IOException {
        Path img = tmp.resolve("low.qcow2");
        imageWithAHole(img);
        long dataCluster;
        try (DriverBackedNode n = TestImages.openReadOnly(img)) {
            dataCluster = n.blockStatus(0, 4096).hostOffset() / 4096;
        }
        setRefcount(img, dataCluster, 0);
        QemuTools.Result q = QemuTools.run("qemu-img", "check", img.toString());
        assertTrue(q.exitCode() != 0 && q.output().contains("ERROR"), q.output());
        try (DriverBackedNode n = TestImages.open(img)) {
            CheckResult r = n.qcow2().check(false, false);
            assertTrue(r.corruptions() >= 1, r.messages().toString());
            CheckResult fixed = n.qcow2().check(true, true);
            assertTrue(fixed.corruptionsFixed() >= 1, fixed.messages().toString());
            assertEquals(0, fixed.corruptions(), fixed.messages().toString());
        }
        QemuTools.checkClean(img);
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    @Test
    void lostRefcountBlockIsRebuiltWithoutTouchingClustersInUse() throws IOException {
        Path img = tmp.resolve("lostblock.qcow2");
        imageWithAHole(img);
        byte[] expected = QemuTools.toRaw(img, tmp);
        byte[] all = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(all, all.length, "t", img.toString());
        HostileImageTest.poke(img, h.refcountTableOffset, new byte[8]); // refcount table entry 0 gone
        assertTrue(QemuTools.run("qemu-img", "check", img.toString()).exitCode() != 0);
        try (DriverBackedNode n = TestImages.open(img)) {
            CheckResult r = n.qcow2().check(true, true);
            assertTrue(r.corruptionsFixed() > 0, r.messages().toString());
            assertEquals(0, r.corruptions(), r.messages().toString());
        }
        QemuTools.checkClean(img);
        ImageAssertions.assertSameBytes(expected, QemuTools.toRaw(img, tmp), "data survives the rebuild");
    }

    @Test
    void leakedClusterCountsMatchQemuImgCheck() throws IOException {
        Path img = tmp.resolve("text.qcow2");
        long freed = imageWithAHole(img);
        setRefcount(img, freed, 1);
        String q = QemuTools.run("qemu-img", "check", "--output=json", img.toString()).output();
        try (DriverBackedNode n = TestImages.openReadOnly(img)) {
            CheckResult r = n.qcow2().check(false, false);
            assertEquals(1, r.leaks(), r.toString());
            assertCountsAsQemuImg(q, r, "leaks", "image-end-offset", "total-clusters", "allocated-clusters",
                    "fragmented-clusters", "compressed-clusters");
        }
    }

    @Test
    void persistentBitmapClustersAreCountedAndKeptByWriters() throws IOException {
        Path img = tmp.resolve("bm.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "64M");
        QemuTools.img("bitmap", "--add", img.toString(), "b0");
        QemuTools.io(img, "qcow2", "write -P 1 0 1M", "write -P 2 30M 64k");
        QemuTools.img("bitmap", "--add", "-g", "512", img.toString(), "b1");
        QemuTools.io(img, "qcow2", "write -P 3 10M 4M");
        QemuTools.checkClean(img);
        String q = QemuTools.ok("qemu-img", "check", "--output=json", img.toString());
        try (DriverBackedNode n = TestImages.openReadOnly(img)) {
            CheckResult r = n.qcow2().check(false, false);
            assertTrue(r.isClean(), "bitmap clusters are referenced: " + r.messages());
            assertCountsAsQemuImg(q, r, "image-end-offset");
        }
        // A writer keeps the bitmaps: the autoclear bit stays, they are stored again (not in use)
        // and their new clusters are counted.
        try (DriverBackedNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            n.write(20 << 20, a.allocate(4096).fill((byte) 4));
        }
        byte[] all = Files.readAllBytes(img);
        assertEquals(1, all[95] & 1, "autoclear bitmaps bit kept");
        String info = QemuTools.ok("qemu-img", "info", img.toString());
        assertTrue(info.contains("name: b0") && info.contains("name: b1") && !info.contains("in-use"), info);
        QemuTools.checkClean(img);
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    @Test
    void checkCountsMatchQemuImgCheck() throws IOException {
        Path img = tmp.resolve("counts.qcow2");
        Path raw = tmp.resolve("src.raw");
        byte[] d = new byte[1 << 20];
        new java.util.Random(3).nextBytes(d);
        java.util.Arrays.fill(d, 0, 300_000, (byte) 0);
        Files.write(raw, d);
        QemuTools.img("convert", "-c", "-O", "qcow2", raw.toString(), img.toString());
        QemuTools.io(img, "qcow2", "write -P 1 512k 128k");
        String q = QemuTools.ok("qemu-img", "check", "--output=json", img.toString());
        try (DriverBackedNode n = TestImages.openReadOnly(img)) {
            CheckResult r = n.qcow2().check(false, false);
            assertTrue(r.isClean(), r.messages().toString());
            assertCountsAsQemuImg(q, r, "check-errors", "corruptions", "leaks", "image-end-offset",
                    "total-clusters", "allocated-clusters", "fragmented-clusters", "compressed-clusters");
        }
    }

    @Test
    void dirtyImageFromACrashWithLazyRefcountsIsRepairedOnReadWriteOpen() throws IOException {
        Path img = tmp.resolve("dirty.qcow2");
        TestImages.create(img, 2 << 20, Map.of("lazy_refcounts", "on", "cluster_size", "4096"));
        DriverBackedNode crashed = TestImages.open(img);
        try (Arena a = Arena.ofConfined()) {
            crashed.write(0, a.allocate(40000).fill((byte) 7));
            crashed.flush();
        }
        // "crash": the file is closed without the driver's close (no clean marking)
        crashed.children().get(0).node().close();
        assertEquals(1, Files.readAllBytes(img)[79] & 1, "dirty bit on disk");
        long leakCluster = Files.size(img) / 4096 + 2;
        setRefcount(img, 3, 0); // a refcount lost in the crash (cluster 3: the L1 table)
        setRefcount(img, leakCluster, 1); // and a stale one past the end
        try (DriverBackedNode n = TestImages.open(img)) {
            assertEquals(0, Files.readAllBytes(img)[79] & 1, "rebuilt and clean after open");
            assertTrue(n.qcow2().check(false, false).isClean());
        }
        QemuTools.checkClean(img);
        byte[] raw = QemuTools.toRaw(img, tmp);
        for (int i = 0; i < 40000; i++) {
            assertEquals(7, raw[i]);
        }
    }
}
