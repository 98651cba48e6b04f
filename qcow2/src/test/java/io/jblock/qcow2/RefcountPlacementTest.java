package io.jblock.qcow2;

import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where new refcount blocks go when a contiguous run of clusters is allocated (found while
 * testing the debug events of issue 9): a run longer than one refcount block's range, in ranges
 * no block covers yet, used to be impossible, because each new block was put at the start of its
 * own range, inside the run, and the search started over behind it forever. As QEMU, the run is
 * found first and the blocks that count it go behind it.
 */
class RefcountPlacementTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /**
     * @param clusterSize  cluster size
     * @param refcountBits refcount width: with 64 bits and 512-byte clusters a block counts 64 clusters
     * @param size         virtual size to grow to: its L1 table is longer than one block's range
     */
    @ParameterizedTest
    @CsvSource({"512, 64, 8589934592", "512, 16, 17179869184", "4096, 64, 1099511627776"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a guard against the old endless search; it takes seconds
    void anL1TableLongerThanARefcountBlockRangeIsAllocatedBehindItsBlocks(int clusterSize, int refcountBits, long size)
            throws IOException {
        Path img = tmp.resolve("p.qcow2");
        TestImages.create(img, 1 << 20, Map.of("cluster_size", Integer.toString(clusterSize),
                "refcount_bits", Integer.toString(refcountBits)));
        try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(32768).fill((byte) 1));
            n.truncate(size, Preallocation.OFF);
            n.write(size - 65536, a.allocate(65536).fill((byte) 2));
            n.write(size / 3 / 4096 * 4096, a.allocate(4096).fill((byte) 3));
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 1 0 32k", "read -P 0 32k 1M", "read -P 3 " + size / 3 / 4096 * 4096 + " 4k",
                "read -P 2 " + (size - 65536) + " 64k");
    }
}
