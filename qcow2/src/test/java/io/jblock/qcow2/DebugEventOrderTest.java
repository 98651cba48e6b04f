package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.feature.CompressedWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The qcow2 engine announces QEMU's blkdebug events to its file child, in QEMU's places: each
 * event comes right before the request it names, so a blkdebug rule on the event fails that
 * request.
 */
class DebugEventOrderTest {
    @TempDir
    Path tmp;

    /**
     * The node's log with write offsets and file growth dropped (the layout is not what this
     * test is about), and back-to-back flushes counted once (the generic layer flushes the file
     * again after the driver's own flush).
     */
    private static List<String> steps(List<String> log) {
        List<String> out = new ArrayList<>();
        synchronized (log) {
            for (String s : log) {
                if (s.startsWith("truncate ") || s.equals("flush") && !out.isEmpty() && out.getLast().equals("flush")) {
                    continue;
                }
                out.add(s.startsWith("write ") ? "write" : s.startsWith("discard ") ? "discard" : s);
            }
            log.clear();
        }
        return out;
    }

    @Test
    void anAllocatingWriteAnnouncesItsStepsInOrder() throws IOException {
        Path img = tmp.resolve("e.qcow2");
        TestImages.create(img, 4 << 20, Map.of());
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            steps(log);
            // a partial write of an unallocated cluster in a range without an L2 table
            n.write((1 << 20) + 512, a.allocate(4096).fill((byte) 1));
            // QEMU's order: handle_alloc takes the L2 table (get_cluster_table, l2_allocate) before
            // it allocates the data cluster, so the table lies before the data in the file
            assertEquals(List.of(
                    "cluster_alloc", "refblock_load",               // the L2 table
                    "l2_alloc_write",
                    "refblock_update", "refblock_update_part", "write", "flush", // refcounts before the table
                    "l2_update", "write", "flush",                  // the table before the L1 entry
                    "l1_update", "write",
                    "cluster_alloc",                                // the data cluster
                    // the new cluster lies past everything written (it reads as zeroes, as the old
                    // one did), so the parts around the data need no copy: the data alone
                    "write_aio", "write"), steps(log));
            n.flush();
            // the data cluster's refcount (counted after the table was written) goes first: the L2
            // cache depends on the refcount cache, as QEMU's does after linking a new cluster
            assertEquals(List.of("flush_to_os", "refblock_update", "refblock_update_part", "write", "flush",
                    "l2_update", "write", "flush_to_disk", "flush"), steps(log));
            n.read(1 << 20, a.allocate(8192));
            assertEquals(List.of("read_aio"), steps(log));
            // overwrite in place: data only
            n.write(1 << 20, a.allocate(512).fill((byte) 2));
            assertEquals(List.of("write_aio", "write"), steps(log));
            // a discard frees the cluster (and passes the discard on); at the flush the L2 entry
            // goes first, then a flush, then the lowered refcount
            n.discard(1 << 20, 65536);
            assertEquals(List.of("cluster_free", "discard"), steps(log));
            n.flush();
            assertEquals(List.of("flush_to_os", "l2_update", "write", "flush", "refblock_update",
                    "refblock_update_part", "write", "flush_to_disk", "flush"), steps(log));
        }
    }

    @Test
    void compressedWritesAndReadsAnnounceTheirSteps() throws IOException {
        Path img = tmp.resolve("c.qcow2");
        TestImages.create(img, 4 << 20, Map.of());
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            CompressedWriter w = n.driverFeature(CompressedWriter.class).orElseThrow();
            n.write(0, a.allocate(512).fill((byte) 3)); // L2 table and refcount block exist from here on
            n.flush();
            steps(log);
            w.writeCompressed(65536, a.allocate(65536).fill((byte) 4));
            assertEquals(List.of("cluster_alloc_bytes", "cluster_alloc", "write_compressed", "write",
                    "l2_update_compressed"), steps(log));
            w.writeCompressed(2 * 65536, a.allocate(65536).fill((byte) 5));
            assertEquals(List.of("cluster_alloc_bytes", "write_compressed", "write", "l2_update_compressed"),
                    steps(log), "the second one is packed behind the first");
            n.read(65536, a.allocate(4096));
            assertEquals(List.of("read_compressed"), steps(log));
        }
    }

    /** Fails unless {@code expected} occurs in {@code log} in this order (other steps may come between). */
    private static void assertInOrder(List<String> log, String... expected) {
        int at = 0;
        for (String step : log) {
            if (at < expected.length && step.equals(expected[at])) {
                at++;
            }
        }
        assertEquals(expected.length, at, "steps " + List.of(expected) + " in order in " + log);
    }

    @Test
    void growingTheRefcountTableAndTheL1TableAnnouncesTheirSteps() throws IOException {
        Path img = tmp.resolve("g.qcow2");
        // 512-byte clusters with 64-bit refcounts: a refcount block counts 64 clusters, the first
        // refcount table 4096 (2 MiB of file)
        TestImages.create(img, 1 << 20, Map.of("cluster_size", "512", "refcount_bits", "64"));
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            steps(log);
            n.write(0, a.allocate(32768).fill((byte) 1));
            List<String> steps = steps(log);
            assertInOrder(steps, "refblock_alloc", "refblock_alloc_write", "write", "flush", "refblock_alloc_hookup",
                    "write");
            // an L2 table maps 32 KiB: 8 GiB need an L1 table of 2 MiB, more than the refcount table covers
            n.truncate(8L << 30, io.jblock.storage.Preallocation.OFF);
            steps = steps(log);
            assertInOrder(steps, "l1_grow_alloc_table", "cluster_alloc", "reftable_grow",
                    "refblock_alloc_write_blocks", "write", "refblock_alloc_write_table", "write", "flush",
                    "refblock_alloc_switch_table", "write", "flush", "cluster_free",
                    "l1_grow_write_table", "write", "flush", "l1_grow_activate_table", "write", "flush",
                    "cluster_free");
        }
    }

    @Test
    void readsOfBackingDataAnnounceTheBackingRead() throws IOException {
        Path base = tmp.resolve("b.qcow2");
        TestImages.create(base, 1 << 20, Map.of());
        Path img = tmp.resolve("t.qcow2");
        TestImages.create(img, 1 << 20, Map.of("backing_file", base.toString(), "backing_fmt", "qcow2"));
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=eventlog,file.filename=" + img
                + ",backing.driver=qcow2,backing.file.driver=testfile,backing.file.filename=" + base,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            steps(log);
            n.read(0, a.allocate(4096));
            assertEquals(List.of("read_backing_aio"), steps(log));
        }
    }
}
