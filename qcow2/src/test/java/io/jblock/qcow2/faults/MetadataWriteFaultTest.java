package io.jblock.qcow2.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One failed write of one metadata structure, aimed at its host bytes with blkdebug's
 * {@code x-offset} range: the request that needed it fails with the injected errno; requests
 * after it succeed (the structure is written again, or the change is undone in memory as QEMU
 * undoes it); after a flush and close every acknowledged byte reads back through qemu-img and
 * {@code qemu-img check} finds no corruption (the allocation that failed may leak).
 */
class MetadataWriteFaultTest {

    @TempDir
    Path tmp;
    Path img;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
        img = tmp.resolve("m.qcow2");
    }

    private BlockNode open(String rule) throws IOException {
        return BlockGraph.open("driver=qcow2,cache-clean-interval=0,file.driver=blkdebug,file.image.driver=file,"
                + "file.image.filename=" + img + (rule.isEmpty() ? "" : ",file." + rule.replace(",", ",file.")));
    }

    /** A rule failing the first write that touches {@code [off, off + len)} of the image file. */
    private static String failWriteAt(long off, long len, int errno) {
        return "inject-error.0.event=none,inject-error.0.iotype=write,inject-error.0.once=on,inject-error.0.x-offset="
                + off + ",inject-error.0.x-length=" + len + ",inject-error.0.errno=" + errno;
    }

    private Qcow2Header header() throws IOException {
        byte[] all = Files.readAllBytes(img);
        return Qcow2Header.parse(Arrays.copyOf(all, Math.min(all.length, 1 << 21)), all.length, "t", img.toString());
    }

    private static MemorySegment pattern(int len, int seed) {
        byte[] b = new byte[len];
        new java.util.Random(seed).nextBytes(b);
        return MemorySegment.ofArray(b);
    }

    private static FaultInjector injector(BlockNode n) {
        return n.child("file").driverFeature(FaultInjector.class).orElseThrow();
    }

    /** qemu-img check: no corruption, no check error; returns the leaks. */
    private int checkNoCorruption() {
        QemuTools.Result c = QemuTools.run("qemu-img", "check", "--output=json", img.toString());
        Matcher m = Pattern.compile("\"corruptions\": (\\d+)").matcher(c.stdout());
        assertTrue(!m.find() && !c.stdout().contains("\"check-errors\": 1") && (c.exitCode() == 0 || c.exitCode() == 3),
                QemuTools.run("qemu-img", "check", img.toString()).output());
        Matcher l = Pattern.compile("\"leaks\": (\\d+)").matcher(c.stdout());
        return l.find() ? Integer.parseInt(l.group(1)) : 0;
    }

    private void assertQemuReads(long off, MemorySegment expected) throws IOException {
        byte[] disk = QemuTools.toRaw(img, tmp);
        byte[] want = expected.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertArrayEquals(want, Arrays.copyOfRange(disk, (int) off, (int) off + want.length),
                "qemu-img reads the acknowledged data at " + off);
    }

    private static void assertInjected(IOException e, int errno) {
        assertTrue(e instanceof BlockIOException, e.toString());
        assertEquals(errno, ((BlockIOException) e).errno(), e.toString());
    }

    @Test
    void failedL1EntryWriteOfANewL2TableLosesNothingWrittenAfterIt() throws IOException {
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "64M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 4k");
        Qcow2Header h = header();
        long guest = 10L << 20; // L1 entry 5: no L2 table yet
        try (BlockNode n = open(failWriteAt(h.l1TableOffset + 5 * 8, 8, Errno.EIO))) {
            IOException e = assertThrows(IOException.class, () -> n.write(guest + 100, pattern(3000, 1)));
            assertInjected(e, Errno.EIO);
            assertEquals(1, injector(n).injectedErrors());
            n.write(guest + 8192, pattern(5000, 2)); // needs the same L2 table
            n.flush();
        }
        checkNoCorruption();
        assertQemuReads(guest + 8192, pattern(5000, 2));
    }

    @Test
    void failedRefcountTableEntryOfANewRefcountBlockLeavesNoUncountedCluster() throws IOException {
        // 512-byte clusters: one refcount block counts 256 clusters (128 KiB of the file)
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=512", img.toString(), "4M");
        Qcow2Header h = header();
        long off = 0;
        try (BlockNode n = open(failWriteAt(h.refcountTableOffset + 8, 8, Errno.ENOSPC))) {
            IOException e = null;
            for (; off < (1 << 20) && e == null; off += 65536) {
                try {
                    n.write(off, pattern(65536, (int) off));
                } catch (IOException x) {
                    e = x;
                }
            }
            assertTrue(e != null, "a second refcount block was needed");
            assertInjected(e, Errno.ENOSPC);
            for (long p = off; p < off + (256 << 10); p += 65536) {
                n.write(p, pattern(65536, (int) p)); // these need the second block too
            }
            n.flush();
            off += 128 << 10;
            n.write(off, pattern(4096, 7));
        }
        checkNoCorruption();
        assertQemuReads(off, pattern(4096, 7));
    }

    @Test
    void failedHeaderSwitchToAGrownRefcountTableKeepsTheOldTableInUse() throws IOException {
        // 512-byte clusters, 64-bit refcounts, one table cluster: 64 blocks of 32 KiB, so 2 MiB of file need
        // a bigger table
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=512,refcount_bits=64", img.toString(), "4M");
        long off = 0;
        try (BlockNode n = open(failWriteAt(48, 12, Errno.EIO))) { // refcount_table_offset and _clusters
            IOException e = null;
            for (; off < (4 << 20) && e == null; off += 256 << 10) {
                try {
                    n.write(off, pattern(256 << 10, (int) off));
                } catch (IOException x) {
                    e = x;
                }
            }
            assertTrue(e != null, "the refcount table had to grow");
            assertInjected(e, Errno.EIO);
            n.write(off, pattern(256 << 10, 99));
            n.flush();
        }
        checkNoCorruption();
        assertQemuReads(off, pattern(256 << 10, 99));
    }

    @Test
    void failedHeaderSwitchToAGrownL1TableKeepsTheOldTableInUse() throws IOException {
        // 512-byte clusters: an L1 entry maps 32 KiB, one L1 cluster 2 MiB; growing to 4 MiB moves the table
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=512", img.toString(), "2M");
        try (BlockNode n = open(failWriteAt(36, 12, Errno.EIO))) { // l1_size and l1_table_offset
            IOException e = assertThrows(IOException.class, () -> n.truncate(4 << 20, Preallocation.OFF));
            assertInjected(e, Errno.EIO);
            assertEquals(2 << 20, n.size());
            n.write(100_000, pattern(40_000, 5)); // new L2 tables: L1 entries are written
            n.flush();
        }
        checkNoCorruption();
        assertQemuReads(100_000, pattern(40_000, 5));
        try (BlockNode n = open("")) {
            n.truncate(4 << 20, Preallocation.OFF); // a retry works
            n.write(3 << 20, pattern(4096, 6));
        }
        checkNoCorruption();
        assertQemuReads(100_000, pattern(40_000, 5));
        assertQemuReads(3 << 20, pattern(4096, 6));
        String info = QemuTools.img("info", img.toString());
        assertTrue(info.contains("virtual size: 4 MiB"), info);
    }

    @Test
    void failedHeaderWriteOfAResizeLeavesTheOldSize() throws IOException {
        // lazy refcounts: the next write rewrites the header (dirty bit) from what the driver believes
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", img.toString(), "4M");
        try (BlockNode n = open(failWriteAt(24, 8, Errno.EIO))) { // the size field
            IOException e = assertThrows(IOException.class, () -> n.truncate(8 << 20, Preallocation.OFF));
            assertInjected(e, Errno.EIO);
            n.write(4096, pattern(4096, 8));
            assertEquals(4 << 20, n.size());
        }
        checkNoCorruption();
        String info = QemuTools.img("info", img.toString());
        assertTrue(info.contains("virtual size: 4 MiB"), "a resize that failed did not happen later: " + info);
        assertQemuReads(4096, pattern(4096, 8));
    }

    @Test
    void aResizeWhoseFlushFailedLeavesTheNodeAndTheDriverAgreeingOnTheSize() throws IOException {
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "4M");
        try (BlockNode n = open("")) {
            n.write(0, pattern(4096, 1));
            n.flush();
            injector(n).addRules("inject-error.0.event=none,inject-error.0.iotype=flush,inject-error.0.once=on");
            IOException e = assertThrows(IOException.class, () -> n.truncate(8 << 20, Preallocation.OFF));
            assertInjected(e, Errno.EIO);
            assertEquals(8 << 20, n.size(), "the header was written before the flush failed: the image is 8 MiB");
            n.truncate(12 << 20, Preallocation.OFF); // not refused as a shrink
            n.write((12 << 20) - 4096, pattern(4096, 2));
        }
        checkNoCorruption();
        assertTrue(QemuTools.img("info", img.toString()).contains("virtual size: 12 MiB"));
        assertQemuReads((12 << 20) - 4096, pattern(4096, 2));
    }

    @Test
    void failedL2WriteBackIsRetriedByTheNextFlush() throws IOException {
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", img.toString(), "8M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 4k");
        long l2 = ByteBuffer.wrap(Files.readAllBytes(img)).getLong((int) header().l1TableOffset) & 0x00ff_ffff_ffff_fe00L;
        try (BlockNode n = open(failWriteAt(l2, 4096, Errno.EIO))) {
            n.write(8192, pattern(4096, 3)); // the L2 update stays in the cache
            IOException e = assertThrows(IOException.class, n::flush);
            assertInjected(e, Errno.EIO);
            n.flush();
            assertEquals(0, injector(n).unflushedWrites());
        }
        checkNoCorruption();
        assertQemuReads(8192, pattern(4096, 3));
    }
}
