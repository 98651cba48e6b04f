package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunTest {

    private static BenchRun.Config cfg(long count, int depth, int size, long offset, long step, boolean write,
                                       long flush, boolean random) {
        return new BenchRun.Config(count, depth, size, offset, step, write, 0x42, flush, true, random, 5);
    }

    @Test
    void offsetsAdvanceByStepAndWrapLikeQemuImgBench() throws IOException {
        try (MemoryNode node = new MemoryNode(64 * 1024, false, false)) {
            BenchRun.Result r = new BenchRun(node, cfg(40, 1, 4096, 8192, 16384, false, 0, false)).run(null);
            assertEquals(40, r.requests());
            assertEquals(40 * 4096, r.bytes());
            // qemu-img bench: offset += step; offset %= image_size - bufsize
            List<Long> expect = new ArrayList<>();
            long off = 8192;
            for (int i = 0; i < 40; i++) {
                expect.add(off);
                off = (off + 16384) % (65536 - 4096);
            }
            assertEquals(expect, node.readOffsets);
        }
    }

    @Test
    void writesThePatternAndKeepsDepthRequestsInFlight() throws IOException {
        try (MemoryNode node = new MemoryNode(1 << 20, false, false)) {
            BenchRun.Result r = new BenchRun(node, cfg(2000, 4, 4096, 0, 4096, true, 0, false)).run(null);
            assertEquals(2000, node.writeOffsets.size());
            assertEquals(0x42, node.data[12345]);
            assertTrue(node.maxInFlight.get() <= 4, "depth bound: " + node.maxInFlight.get());
            assertTrue(node.maxInFlight.get() >= 2, "requests overlap: " + node.maxInFlight.get());
            assertEquals(2000, r.latencies().count());
        }
    }

    @Test
    void flushesEveryIntervalRequests() throws IOException {
        try (MemoryNode node = new MemoryNode(1 << 20, false, false)) {
            BenchRun.Result r = new BenchRun(node, cfg(100, 8, 512, 0, 512, true, 10, false)).run(null);
            assertEquals(9, r.flushes(), "after 10, 20, ... 90 requests");
            assertEquals(9, node.flushes.get());
        }
    }

    @Test
    void randomOffsetsAreAlignedAndInside() throws IOException {
        try (MemoryNode node = new MemoryNode(1 << 20, false, false)) {
            new BenchRun(node, cfg(500, 8, 4096, 0, 4096, false, 0, true)).run(null);
            assertEquals(500, node.readOffsets.size());
            long distinct = node.readOffsets.stream().distinct().count();
            assertTrue(distinct > 100, "offsets vary: " + distinct);
            for (long o : node.readOffsets) {
                assertEquals(0, o % 4096);
                assertTrue(o + 4096 <= 1 << 20);
            }
        }
    }

    @Test
    void anIoErrorEndsTheRunWithThatError() throws IOException {
        try (MemoryNode node = new MemoryNode(1 << 20, false, false)) {
            node.failAt = 40960;
            IOException e = assertThrows(IOException.class,
                    () -> new BenchRun(node, cfg(1000, 4, 4096, 0, 4096, false, 0, false)).run(null));
            assertTrue(e.getMessage().contains("injected failure at offset 40960"), e.getMessage());
        }
    }

    @Test
    void requestsLargerThanTheImageAreRefused() throws IOException {
        try (MemoryNode node = new MemoryNode(4096, false, false)) {
            assertThrows(IllegalArgumentException.class,
                    () -> new BenchRun(node, cfg(1, 1, 8192, 0, 0, false, 0, false)));
            assertThrows(IllegalArgumentException.class,
                    () -> new BenchRun(node, cfg(1, 1, 4096, 512, 0, false, 0, false)));
        }
    }

    @Test
    void buffersInFlightAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> cfg(1, 1 << 20, 4096, 0, 0, false, 0, false));
        cfg(1, 1024, 1 << 20, 0, 0, false, 0, false); // 1 GiB exactly is allowed
    }
}
