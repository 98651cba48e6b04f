package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.feature.CheckResult;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by hostile-image mutants: a small file whose tables name one another many times made
 * the check do work (and keep messages) in proportion to the product of its tables, up to an
 * OutOfMemoryError in a small heap and minutes of reading. The check now walks each L2 table
 * once however many L1 entries name it, keeps at most {@link ImageCheck#MAX_MESSAGES} messages,
 * and refuses snapshot L1 tables that overlap. The reads are counted by a blkdebug node below.
 */
class HostileCheckBoundsTest {
    @TempDir
    Path tmp;
    Path img;

    @BeforeEach
    void image() {
        QemuTools.require();
        img = tmp.resolve("alias.qcow2");
    }

    private static void poke(Path p, long offset, ByteBuffer data) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(data, offset);
        }
    }

    private BlockNode open() throws IOException {
        return BlockGraph.open("driver=qcow2,file.driver=blkdebug,file.image.driver=file,file.image.filename=" + img,
                OpenOptions.READ_ONLY);
    }

    @Test
    void anL2TableNamedByEveryL1EntryIsWalkedOnceAndMessagesAreBounded() throws IOException {
        // 4 KiB clusters, 8 GiB: 4096 L1 entries; one L2 table with 16 data clusters
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "8G");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 64k");
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(img));
        long l1 = all.getLong(40);
        long entry = all.getLong((int) l1);
        long l2 = entry & 0x00ff_ffff_ffff_fe00L;
        ByteBuffer table = ByteBuffer.allocate(16 * 8);
        for (int k = 0; k < 16; k++) {
            table.putLong(k * 8, all.getLong((int) (l2 + k * 8)) + 512); // misaligned data offsets
        }
        poke(img, l2, table);
        ByteBuffer aliases = ByteBuffer.allocate(4096 * 8);
        for (int i = 0; i < 4096; i++) {
            aliases.putLong(i * 8, entry);
        }
        poke(img, l1, aliases);
        try (BlockNode n = open()) {
            FaultInjector reads = n.child("file").driverFeature(FaultInjector.class).orElseThrow();
            long before = reads.requests("read");
            CheckResult r = n.driverFeature(ImageChecker.class).orElseThrow().check(false, false);
            long tableReads = reads.requests("read") - before;
            assertTrue(tableReads < 100, "the aliased L2 table was read " + tableReads + " times");
            assertTrue(r.messages().size() <= ImageCheck.MAX_MESSAGES + 1, r.messages().size() + " messages");
            assertTrue(r.corruptions() >= 4096 * 16, "each naming counts: " + r.corruptions());
        }
    }

    @Test
    void aBitmapDirectoryEntryWithHugeSizesEndsTheWalkInsteadOfWrapping() throws IOException {
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "2M");
        QemuTools.img("bitmap", "--add", img.toString(), "b0");
        QemuTools.img("bitmap", "--add", img.toString(), "b1");
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(img));
        int p = all.getInt(100); // header length: extensions follow
        while (all.getInt(p) != 0x23852875) {
            p += 8 + ((all.getInt(p + 4) + 7) & ~7);
        }
        long dir = all.getLong(p + 8 + 16);
        // entry 0's extra data size: 0xd0e19284 made the next entry's position wrap to a negative int
        poke(img, dir + 20, ByteBuffer.allocate(4).putInt(0xd0e19284).flip());
        try (BlockNode n = open()) {
            CheckResult r = n.driverFeature(ImageChecker.class).orElseThrow().check(false, false);
            assertTrue(r.corruptions() + r.checkErrors() + r.leaks() >= 0);
        }
    }

    @Test
    void snapshotL1TablesThatOverlapAreRefused() throws IOException {
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "8G");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 64k");
        QemuTools.img("snapshot", "-c", "s", img.toString());
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(img));
        long snapshots = all.getLong(64);
        int idLen = all.getShort((int) snapshots + 12) & 0xffff;
        int nameLen = all.getShort((int) snapshots + 14) & 0xffff;
        int extra = all.getInt((int) snapshots + 36);
        int entryLen = (40 + extra + idLen + nameLen + 7) & ~7;
        byte[] first = java.util.Arrays.copyOfRange(all.array(), (int) snapshots, (int) snapshots + entryLen);
        // 2000 copies of the entry, all naming the same 4096-entry L1 table, appended to the file
        long end = (Files.size(img) + 4095) & ~4095L;
        ByteBuffer copies = ByteBuffer.allocate(entryLen * 2000);
        for (int i = 0; i < 2000; i++) {
            copies.put(first);
        }
        copies.flip();
        poke(img, end, copies);
        poke(img, 60, ByteBuffer.allocate(12).putInt(2000).putLong(end).flip());
        try (BlockNode n = open()) {
            IOException e = assertThrows(Qcow2CorruptImageException.class,
                    () -> n.driverFeature(ImageChecker.class).orElseThrow().check(false, false));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        }
        assertEquals(2000, ByteBuffer.wrap(Files.readAllBytes(img)).getInt(60));
    }
}
