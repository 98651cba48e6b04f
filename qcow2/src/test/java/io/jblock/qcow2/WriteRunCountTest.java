package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a convert-like copy (large sequential writes into a fresh image) costs on the file node,
 * counted by a recording protocol: a 2 MiB write of new clusters is one data write (its clusters
 * are allocated as one contiguous run inside one L2 table), not one per cluster, and the file
 * grows ahead instead of by one truncate per cluster. The copy is then read back and checked
 * with {@code qemu-img check} and {@code qemu-img compare}-like byte comparison. A negative
 * control writes the same data cluster by cluster, which must cost one data write per cluster,
 * so the counting is shown to see per-cluster writes.
 */
class WriteRunCountTest {
    private static final int CLUSTER = 64 << 10;
    private static final int CHUNK = 2 << 20;
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require("qemu-img");
    }

    @Test
    void largeSequentialWritesAreOneDataWriteEachAndFewTruncates() throws IOException {
        Counts c = copy("big.qcow2", CHUNK);
        int chunks = (int) (SIZE / CHUNK);
        // one data write per 2 MiB chunk; the first write of a new L2 table and the metadata
        // updates are separate small writes
        assertEquals(chunks, c.largeWrites, "data writes of a whole chunk: " + c);
        assertTrue(c.clusterWrites <= 4, "one-cluster writes (metadata only): " + c);
        assertTrue(c.truncates <= 16, "the file grows ahead, not per cluster: " + c);
    }

    @Test
    void negativeControlClusterByClusterWritesAreCountedPerCluster() throws IOException {
        Counts c = copy("small.qcow2", CLUSTER);
        assertEquals(0, c.largeWrites, c.toString());
        assertTrue(c.clusterWrites >= SIZE / CLUSTER, "one data write per cluster: " + c);
        assertTrue(c.truncates <= 16, "the file grows ahead, not per cluster: " + c);
    }

    private Counts copy(String name, int writeSize) throws IOException {
        Path img = tmp.resolve(name);
        TestImages.create(img, SIZE, Map.of());
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(writeSize, 4096);
            synchronized (log) {
                log.clear();
            }
            for (long off = 0; off < SIZE; off += writeSize) {
                fill(buf, off);
                n.write(off, buf);
            }
            n.flush();
            Counts c = count(log);
            MemorySegment back = a.allocate(CHUNK, 4096);
            MemorySegment want = a.allocate(CHUNK, 4096);
            for (long off = 0; off < SIZE; off += CHUNK) {
                n.read(off, back);
                for (long p = 0; p < CHUNK; p += writeSize) {
                    fill(want.asSlice(p, writeSize), off + p);
                }
                assertArrayEquals(want.toArray(ValueLayout.JAVA_BYTE), back.toArray(ValueLayout.JAVA_BYTE),
                        "bytes at " + off);
            }
            n.close();
            QemuTools.Result check = QemuTools.run("qemu-img", "check", img.toString());
            assertTrue(check.ok(), check.output());
            return c;
        }
    }

    /** Every 8-byte word holds its guest offset (never zero past the first word, so nothing is skipped). */
    private static void fill(MemorySegment buf, long guestOffset) {
        for (long p = 0; p < buf.byteSize(); p += 8) {
            buf.set(ValueLayout.JAVA_LONG_UNALIGNED, p, guestOffset + p + 1);
        }
    }

    private record Counts(int largeWrites, int clusterWrites, int smallWrites, int truncates, List<String> sample) {
        @Override
        public String toString() {
            return "large=" + largeWrites + " cluster=" + clusterWrites + " small=" + smallWrites + " truncates="
                    + truncates + " first=" + sample;
        }
    }

    private static Counts count(List<String> log) {
        int large = 0;
        int cluster = 0;
        int small = 0;
        int truncates = 0;
        List<String> sample = new ArrayList<>();
        synchronized (log) {
            for (String s : log) {
                if (s.startsWith("write ")) {
                    long len = Long.parseLong(s.substring(s.indexOf('+') + 1));
                    if (len >= CHUNK) {
                        large++;
                    } else if (len >= CLUSTER) {
                        cluster++;
                    } else {
                        small++;
                    }
                    if (sample.size() < 12) {
                        sample.add(s);
                    }
                } else if (s.startsWith("truncate ")) {
                    truncates++;
                }
            }
        }
        return new Counts(large, cluster, small, truncates, sample);
    }
}
