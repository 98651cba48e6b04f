package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threads hammer overlapping ranges with every kind of modification at once (padded writes,
 * FUA, write-zeroes, asynchronous writes, reads): nothing deadlocks, every range is released,
 * and since every request covers whole 512-byte sectors with one value, every sector must end
 * up uniform -- padding that shifted or mixed bytes would show as a torn sector. (Lost updates
 * between read-modify-write cycles are what {@link ReadModifyWriteSerialisationTest} checks.)
 */
class MixedRequestStressTest {

    @BeforeEach
    void image() {
        MemoryImages.create("stress", 256 * 1024);
        DriverEvents.clear();
    }

    @AfterEach
    void free() {
        MemoryImages.delete("stress");
        assertEquals(List.of(), DriverEvents.violations());
    }

    @Test
    void overlappingMixedRequestsFinishAndLeaveNoTornSectors() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testmem,filename=stress,request-alignment=4096,"
                + "memory-alignment=512,max-transfer=16k")) {
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        Random r = new Random(300 + id);
                        for (int i = 0; i < 150; i++) {
                            // sector-granular ranges inside 4096-byte blocks: padding on every request
                            long off = 512L * r.nextInt(400);
                            int len = 512 * (1 + r.nextInt(24));
                            switch (r.nextInt(6)) {
                                case 0, 1, 2 -> {
                                    byte[] data = new byte[len];
                                    java.util.Arrays.fill(data, (byte) (id + 1));
                                    node.write(off, MemorySegment.ofArray(data),
                                            i % 5 == 0 ? RequestFlags.FUA : RequestFlags.NONE);
                                }
                                case 3 -> node.writeZeroes(off, len, i % 2 == 0 ? RequestFlags.MAY_UNMAP : 0);
                                case 4 -> node.writeAsync(off, MemorySegment.ofArray(new byte[len]), 0).get();
                                default -> node.read(off, MemorySegment.ofArray(new byte[len]));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, ((DriverNode) node).registeredRanges());
            byte[] all = new byte[256 * 1024];
            node.read(0, MemorySegment.ofArray(all));
            for (int s = 0; s < all.length; s += 512) {
                for (int i = 1; i < 512; i++) {
                    if (all[s + i] != all[s]) {
                        throw new AssertionError("sector at " + s + " is torn: byte " + i + " is " + all[s + i]
                                + ", byte 0 is " + all[s]);
                    }
                }
            }
            MemorySegment one = MemorySegment.ofArray(new byte[1]);
            node.read(0, one);
            assertEquals(all[0], one.get(ValueLayout.JAVA_BYTE, 0));
        }
    }
}
