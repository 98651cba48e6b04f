package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.CorruptImageException;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * QEMU's metadata overlap check: a hostile image whose mapping points a guest cluster at the
 * image's own metadata must not get that metadata overwritten by a guest write. jblock refuses
 * the write, as qemu-io does on the same image (its message is the reference), marks the image
 * corrupt and leaves the metadata's bytes as they were. The hostile-image campaign found the
 * refcount-block case (seed 91344: a refcount table entry moved onto a data cluster).
 */
class MetadataOverlapTest {
    private static final int CS = 65536;

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /**
     * A 1 MiB image with guest clusters 0 and 1 written: header at 0, then the refcount table,
     * the refcount block, the L1 table, the L2 table, data. Offsets are read from the file.
     */
    private Path image(String name) throws IOException {
        Path p = tmp.resolve(name);
        QemuTools.img("create", "-q", "-f", "qcow2", p.toString(), "1M");
        QemuTools.io(p, "qcow2", "write -P 0x11 0 128k");
        return p;
    }

    private static long headerLong(Path p, long at) throws IOException {
        try (FileChannel c = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            c.read(b, at);
            return b.getLong(0);
        }
    }

    private static void putLong(Path p, long at, long value) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(8).putLong(0, value), at);
        }
    }

    private static byte[] cluster(Path p, long at) throws IOException {
        try (FileChannel c = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(CS);
            c.read(b, at);
            return b.array();
        }
    }

    /** Where L1 entry 0 points (the L1 table's offset is at byte 40 of the header). */
    private static long l2Offset(Path p) throws IOException {
        return headerLong(p, l1TableOffset(p)) & 0x00fffffffffffe00L;
    }

    private static long l1TableOffset(Path p) throws IOException {
        return headerLong(p, 40);
    }

    private static long dataCluster(Path p, int index) throws IOException {
        try (FileChannel c = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            c.read(b, l2Offset(p) + index * 8L);
            return b.getLong(0) & 0x00fffffffffffe00L;
        }
    }

    /** Points guest cluster 0's L2 entry (COPIED, so both tools write in place) at {@code target}. */
    private static void mapGuestClusterZeroAt(Path p, long target) throws IOException {
        putLong(p, l2Offset(p), 0x8000000000000000L | target);
    }

    private static long target(Path p, String kind) throws IOException {
        return switch (kind) {
            case "refcount table" -> headerLong(p, 48);
            case "active L1 table" -> l1TableOffset(p);
            case "active L2 table" -> l2Offset(p);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"refcount table", "active L1 table", "active L2 table"})
    void aGuestWriteOntoMetadataIsRefusedAsQemuRefusesIt(String kind) throws IOException {
        Path ours = image("ours.qcow2");
        long target = target(ours, kind);
        mapGuestClusterZeroAt(ours, target);
        Path theirs = tmp.resolve("theirs.qcow2");
        Files.copy(ours, theirs, StandardCopyOption.REPLACE_EXISTING);
        byte[] before = cluster(ours, target);

        CorruptImageException e;
        try (DriverBackedNode n = TestImages.open(ours); Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(4096).fill((byte) 0x77);
            e = assertThrows(CorruptImageException.class, () -> n.write(0, data));
            // the node refuses writes from now on, as QEMU's node is unusable after the event
            assertThrows(CorruptImageException.class, () -> n.write(CS, data));
        }
        String expected = "Preventing invalid write on metadata (overlaps with " + kind + ")";
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertArrayEquals(before, cluster(ours, target), "the " + kind + " was overwritten");
        assertTrue(QemuTools.img("info", ours.toString()).contains("corrupt: true"), "corrupt bit set");

        QemuTools.Result q = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x77 0 4k", theirs.toString());
        assertTrue(q.output().contains("Marking image as corrupt: " + expected), q.output());
        assertArrayEquals(before, cluster(theirs, target), "qemu-io's reference left the metadata as it was");
    }

    /** The campaign's seed 91344: a refcount table entry names guest cluster 1's data cluster. */
    @Test
    void aRefcountTableEntryMovedOntoDataKeepsThatClusterFromGuestWrites() throws IOException {
        Path ours = image("ours.qcow2");
        long refTable = headerLong(ours, 48);
        long data1 = dataCluster(ours, 1);
        putLong(ours, refTable, data1);
        Path theirs = tmp.resolve("theirs.qcow2");
        Files.copy(ours, theirs, StandardCopyOption.REPLACE_EXISTING);
        byte[] before = cluster(ours, data1);
        try (DriverBackedNode n = TestImages.open(ours); Arena a = Arena.ofConfined()) {
            CorruptImageException e = assertThrows(CorruptImageException.class,
                    () -> n.write(100_000, a.allocate(5000).fill((byte) 5)));
            assertTrue(e.getMessage().contains("(overlaps with refcount block)"), e.getMessage());
        }
        assertArrayEquals(before, cluster(ours, data1));
        QemuTools.Result q = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 5 100000 5000", theirs.toString());
        assertTrue(q.output().contains("overlaps with refcount block"), q.output());
        assertEquals(Files.size(theirs), Files.size(ours), "both files stay as they were");
    }

    /** Negative control: with the check off the same write goes through (so the check is what refused it). */
    @Test
    void overlapCheckNoneLetsTheWriteThrough() throws IOException {
        Path p = image("none.qcow2");
        long target = target(p, "refcount table");
        mapGuestClusterZeroAt(p, target);
        try (DriverBackedNode n = TestImages.open(p, false, false, Map.of("overlap-check", "none"));
             Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(4096).fill((byte) 0x77));
        }
        byte[] now = cluster(p, target);
        byte[] expected = new byte[4096];
        Arrays.fill(expected, (byte) 0x77);
        assertArrayEquals(expected, Arrays.copyOf(now, 4096), "the write landed on the refcount table");
    }

    /** Negative control: a consistent image takes the same writes and stays clean. */
    @Test
    void aConsistentImageIsNeverRefused() throws IOException {
        Path p = image("clean.qcow2");
        try (DriverBackedNode n = TestImages.open(p, false, false, Map.of("overlap-check", "all"));
             Arena a = Arena.ofConfined()) {
            for (long off = 0; off < (1 << 20); off += 40_000) {
                n.write(off, a.allocate(5000).fill((byte) 9));
            }
            n.discard(0, 256 << 10);
            n.write(0, a.allocate(CS).fill((byte) 3));
        }
        QemuTools.checkClean(p);
        assertFalse(QemuTools.img("info", p.toString()).contains("corrupt: true"));
    }

    @Test
    void overlapCheckOptionsAreQemus() throws IOException {
        Path p = image("opts.qcow2");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TestImages.open(p, false, false, Map.of("overlap-check", "sometimes")).close());
        assertEquals("Unsupported value 'sometimes' for qcow2 option 'overlap-check'. Allowed are any of the "
                + "following: none, constant, cached, all", bad.getMessage());
        IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
                () -> TestImages.open(p, false, false, Map.of("overlap-check", "none",
                        "overlap-check.template", "all")).close());
        assertTrue(conflict.getMessage().startsWith("Conflicting values for qcow2 options 'overlap-check'"));
        // one kind switched off on top of the default: the refcount table write goes through
        mapGuestClusterZeroAt(p, target(p, "refcount table"));
        try (DriverBackedNode n = TestImages.open(p, false, false, Map.of("overlap-check.refcount-table", "off"));
             Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(512).fill((byte) 0));
        }
    }

    /**
     * Through the generic layer's option tree, as {@code qemu-io -c 'open -o overlap-check.inactive-l2=on'}
     * passes it (test 080): the switches alone make {@code overlap-check} a group, which means
     * the default template, not an error; the refusal still happens with the switches on top.
     */
    @Test
    void switchesWithoutAModeOpenThroughTheGraph() throws IOException {
        Path p = image("graph.qcow2");
        mapGuestClusterZeroAt(p, target(p, "active L2 table"));
        String spec = "driver=qcow2,overlap-check.inactive-l2=on,file.driver=file,file.filename=" + p;
        try (io.jblock.storage.BlockNode n = io.jblock.storage.BlockGraph.open(spec); Arena a = Arena.ofConfined()) {
            IOException e = assertThrows(IOException.class, () -> n.write(0, a.allocate(4096).fill((byte) 1)));
            assertTrue(String.valueOf(e.getMessage()).contains("(overlaps with active L2 table)"), e.getMessage());
        }
    }
}
