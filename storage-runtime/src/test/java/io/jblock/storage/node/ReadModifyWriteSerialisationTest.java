package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two threads write the two halves of one 512-byte sector at the same moment, round after round,
 * through a driver that pauses after every read so that both read-modify-write cycles overlap.
 * With serialisation every round keeps both halves; the negative control switches serialisation
 * off and must observe a lost update, proving the test can fail.
 */
class ReadModifyWriteSerialisationTest {

    private static final int ROUNDS = 40;

    @BeforeEach
    void image() {
        MemoryImages.create("rmw", 64 * 1024);
        DriverEvents.clear();
    }

    @AfterEach
    void free() {
        MemoryImages.delete("rmw");
        assertEquals(List.of(), DriverEvents.violations());
    }

    /** Runs the rounds; returns how many rounds lost a half. */
    private static int lostRounds(boolean serialise) throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testmem,filename=rmw,request-alignment=512,read-pause-us=2000")) {
            ((DriverNode) node).serializeReadModifyWrite(serialise);
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            int lost = 0;
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    byte fill = (byte) (round + 1);
                    List<Future<?>> writes = List.of(
                            pool.submit(() -> writeHalf(node, start, 4096, fill)),
                            pool.submit(() -> writeHalf(node, start, 4096 + 256, (byte) -fill)));
                    for (Future<?> f : writes) {
                        f.get(1, TimeUnit.MINUTES);
                    }
                    MemorySegment back = MemorySegment.ofArray(new byte[512]);
                    node.read(4096, back);
                    byte[] expect = new byte[512];
                    Arrays.fill(expect, 0, 256, fill);
                    Arrays.fill(expect, 256, 512, (byte) -fill);
                    if (!Arrays.equals(expect, back.toArray(ValueLayout.JAVA_BYTE))) {
                        lost++;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            return lost;
        }
    }

    private static Void writeHalf(BlockNode node, CyclicBarrier start, long offset, byte fill) throws Exception {
        byte[] data = new byte[256];
        Arrays.fill(data, fill);
        start.await(1, TimeUnit.MINUTES);
        node.write(offset, MemorySegment.ofArray(data));
        return null;
    }

    @Test
    void serialisedReadModifyWritesLoseNothing() throws Exception {
        assertEquals(0, lostRounds(true));
    }

    @Test
    void negativeControlWithoutSerialisationLosesUpdates() throws Exception {
        int lost = lostRounds(false);
        assertTrue(lost > 0, "expected lost updates without serialisation, saw none in " + ROUNDS + " rounds");
    }

    @Test
    void rangesAreReleasedAfterEveryRequest() throws Exception {
        try (BlockNode node = BlockGraph.open("driver=testmem,filename=rmw,request-alignment=4096")) {
            node.write(10, MemorySegment.ofArray(new byte[5000]));
            node.writeZeroes(3, 9000, 0);
            node.discard(0, 8192);
            assertEquals(0, ((DriverNode) node).registeredRanges());
        }
    }
}
