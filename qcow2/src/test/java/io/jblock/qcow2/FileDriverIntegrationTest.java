package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.spi.BlockDriverFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * qcow2 over the real {@code file} protocol driver through BlockGraph: backing chains opened from
 * the header's names, every cache mode (O_DIRECT included), and BlockGraph.create.
 */
class FileDriverIntegrationTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needFileDriverAndQemu() {
        QemuTools.require();
        boolean hasFile = ServiceLoader.load(BlockDriverFactory.class).stream()
                .anyMatch(p -> p.get().name().equals("file"));
        // storage-runtime (a dependency) provides it: a missing driver is a broken build, not a reason to skip
        assertTrue(hasFile, "the file protocol driver is not on the class path");
    }

    @Test
    void backingChainFromHeaderNamesWithAndWithoutFormat() throws IOException {
        Path base = tmp.resolve("base.raw");
        QemuTools.img("create", "-q", "-f", "raw", base.toString(), "2M");
        QemuTools.io(base, "raw", "write -P 0x41 0 2M");
        Path mid = tmp.resolve("mid.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", mid.toString(), "3M");
        QemuTools.io(mid, "qcow2", "write -P 0x42 1M 64k");
        Path top = tmp.resolve("top,comma.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", top.toString(), "1M");
        QemuTools.io(top, "qcow2", "write -P 0x43 5000 3000");
        byte[] expected = QemuTools.toRaw(top, tmp);
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + top.toString().replace(",", ",,"),
                OpenOptions.READ_ONLY)) {
            ImageAssertions.assertSameBytes(expected, ImageAssertions.readAll(n, 100_000), "chain via header names");
        }
        Path probed = tmp.resolve("probed.qcow2");
        // No backing format in the header: the backing file's format is probed (size from it too).
        BlockGraph.create("qcow2", probed.toString(), 0, "backing_file=mid.qcow2");
        String info = QemuTools.ok("qemu-img", "info", "--output=json", probed.toString());
        assertTrue(info.contains("\"virtual-size\": 3145728") && !info.contains("backing-filename-format"), info);
        byte[] expectedProbed = QemuTools.toRaw(probed, tmp);
        try (BlockNode n = BlockGraph.open(probed.toString(), OpenOptions.READ_ONLY)) {
            ImageAssertions.assertSameBytes(expectedProbed, ImageAssertions.readAll(n, 1 << 20), "probed chain");
        }
    }

    @Test
    void maintenanceOnAFileNodeChecksRepairsAndListsSnapshots() throws IOException {
        Path img = tmp.resolve("maint.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "1M");
        QemuTools.io(img, "qcow2", "write -P 1 0 128k");
        QemuTools.img("snapshot", "-c", "snap1", img.toString());
        try (BlockNode f = BlockGraph.open("driver=file,filename=" + img, OpenOptions.READ_ONLY)) {
            assertTrue(Qcow2Maintenance.check(f, null, false, false).isClean());
            org.junit.jupiter.api.Assertions.assertEquals("snap1", Qcow2Maintenance.snapshots(f).get(0).name());
        }
        Path leaky = tmp.resolve("leaky.qcow2");
        long freed = DirtyAndRepairTest.imageWithAHole(leaky);
        DirtyAndRepairTest.setRefcount(leaky, freed, 1);
        try (BlockNode f = BlockGraph.open("driver=file,filename=" + leaky)) {
            var before = Qcow2Maintenance.check(f, null, false, false);
            org.junit.jupiter.api.Assertions.assertEquals(1, before.leaks(), before.toString());
            var r = Qcow2Maintenance.check(f, null, true, false);
            org.junit.jupiter.api.Assertions.assertEquals(1, r.leaksFixed(), r.toString());
            assertTrue(r.isClean(), r.messages().toString());
        }
        QemuTools.checkClean(leaky);
        // a corrupt bit with nothing actually wrong: repair clears it, as qemu-img check -r all
        HostileImageTest.poke(leaky, 72, HostileImageTest.be64(2));
        try (BlockNode f = BlockGraph.open("driver=file,filename=" + leaky)) {
            assertTrue(Qcow2Maintenance.check(f, null, true, true).isClean());
        }
        String info = QemuTools.ok("qemu-img", "info", "--output=json", leaky.toString());
        assertTrue(info.contains("\"corrupt\": false"), info);
    }

    private static long allocatedBlocks(Path p) throws IOException {
        return Long.parseLong(QemuTools.ok("stat", "--format=%b", p.toString()).trim());
    }

    @Test
    void guestDiscardPunchesHolesForFreedClusters() throws IOException {
        Path img = tmp.resolve("d.qcow2");
        BlockGraph.create("qcow2", img.toString(), 8 << 20, "");
        String spec = "driver=qcow2,discard=unmap,file.driver=file,file.filename=" + img;
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined(); BlockNode n = BlockGraph.open(spec)) {
            n.write(0, a.allocate(6 << 20).fill((byte) 9));
            n.flush();
            long before = allocatedBlocks(img);
            n.discard(0, 6 << 20);
            n.flush();
            long after = allocatedBlocks(img);
            assertTrue(after < before - (5 << 20) / 512, "holes punched: " + before + " -> " + after + " blocks");
        }
        QemuTools.checkClean(img);
        byte[] raw = QemuTools.toRaw(img, tmp);
        for (byte b : raw) {
            org.junit.jupiter.api.Assertions.assertEquals(0, b);
        }
        // negative control: with pass-discard-request=off the space stays allocated
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined();
             BlockNode n = BlockGraph.open(spec + ",pass-discard-request=off")) {
            n.write(0, a.allocate(6 << 20).fill((byte) 9));
            n.flush();
            long before = allocatedBlocks(img);
            n.discard(0, 6 << 20);
            n.flush();
            org.junit.jupiter.api.Assertions.assertEquals(before, allocatedBlocks(img));
        }
        QemuTools.checkClean(img);
    }

    /** The migration handoff through the generic layer: inactive open, inactivate, activate. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"WRITEBACK,false", "NONE,false", "WRITEBACK,true", "NONE,true"})
    void handoffThroughBlockGraph(CacheMode mode, boolean skipInvalidate) throws IOException {
        Path img = tmp.resolve("h.qcow2");
        BlockGraph.create("qcow2", img.toString(), 4 << 20, "cluster_size=65536");
        String spec = "driver=qcow2,file.driver=file,file.filename=" + img;
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined();
             BlockNode src = BlockGraph.open(spec, OpenOptions.defaults().cache(mode))) {
            src.write(0, a.allocate(4096).fill((byte) 1));
            src.flush();
            String dstSpec = spec + ",file.locking=off" + (skipInvalidate ? ",x-skip-invalidate=on" : "");
            try (BlockNode dst = BlockGraph.open(dstSpec, OpenOptions.defaults().inactive().cache(mode))) {
                var one = a.allocate(1);
                dst.read(0, one);
                org.junit.jupiter.api.Assertions.assertEquals(1, one.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
                dst.read(65536, one);
                dst.read(3 << 20, one);
                src.write(65536, a.allocate(4096).fill((byte) 2));
                src.write(3 << 20, a.allocate(4096).fill((byte) 3));
                src.inactivate();
                dst.activate();
                dst.read(65536, one);
                byte b1 = one.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                dst.read(3 << 20, one);
                byte b2 = one.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                if (skipInvalidate) {
                    org.junit.jupiter.api.Assertions.assertEquals(0, b1, "negative control: stale L2 slice");
                    org.junit.jupiter.api.Assertions.assertEquals(0, b2, "negative control: stale L1");
                } else {
                    org.junit.jupiter.api.Assertions.assertEquals(2, b1);
                    org.junit.jupiter.api.Assertions.assertEquals(3, b2);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CacheMode.class)
    void writesInEveryCacheModePassQemuCheck(CacheMode mode) throws IOException {
        Path img = tmp.resolve("w.qcow2");
        BlockGraph.create("qcow2", img.toString(), 2 << 20, "cluster_size=4096,lazy_refcounts=on");
        QemuTools.checkClean(img);
        byte[] shadow = new byte[2 << 20];
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=file,file.filename=" + img,
                OpenOptions.defaults().cache(mode))) {
            WriteInteropTest.randomOps(n, shadow, mode.ordinal() + 40, 80, 4096, true);
        }
        QemuTools.checkClean(img);
        ImageAssertions.assertSameBytes(shadow, QemuTools.toRaw(img, tmp), "qemu's view after " + mode);
        String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
        assertTrue(info.contains("\"lazy-refcounts\": true"), info);
    }
}
