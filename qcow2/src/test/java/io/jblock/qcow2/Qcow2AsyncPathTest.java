package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * qcow2 on the asynchronous path (issue 11, item 3): a read of allocated clusters and an
 * in-place write reach the file node's own asynchronous form (recorded by the {@code asynclog}
 * protocol), holes read as zeroes without any file request, and what needs metadata work
 * (allocation, FUA) takes the synchronous form; the bytes are checked with qemu-io. A discard
 * of a cluster waits until an asynchronous write of it has completed, so the freed cluster is
 * never reused under a write still in flight.
 */
class Qcow2AsyncPathTest {
    private static final int CS = 65536;

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private Path image() {
        Path img = tmp.resolve("a.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=" + CS, img.toString(), "4M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 1M");
        return img;
    }

    private static BlockNode open(Path img) throws IOException {
        return BlockGraph.open("driver=qcow2,file.driver=asynclog,file.filename=" + img, OpenOptions.DEFAULT);
    }

    private static List<String> drain(List<String> log) {
        synchronized (log) {
            List<String> out = new ArrayList<>(log);
            log.clear();
            return out;
        }
    }

    private static List<String> kinds(List<String> events) {
        return events.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void allocatedReadsAndInPlaceWritesUseTheFileNodesAsyncForm() throws IOException {
        Path img = image();
        List<String> log = AsyncLogProtocol.log(img.toString());
        try (BlockNode n = open(img); Arena a = Arena.ofShared()) {
            MemorySegment buf = a.allocate(4 * 4096, 4096);
            n.read(0, buf); // warms the L2 cache and the known file size
            drain(log);

            n.readAsync(CS + 4096, buf).join();
            List<String> ev = drain(log);
            assertEquals(List.of("readAsync"), kinds(ev), ev.toString());
            byte[] want = new byte[4 * 4096];
            Arrays.fill(want, (byte) 0x11);
            assertArrayEquals(want, buf.toArray(ValueLayout.JAVA_BYTE));

            // a hole (no L2 entry, no backing file): zeroes, and no request reaches the file
            buf.fill((byte) 0x77);
            n.readAsync(2L << 20, buf).join();
            assertEquals(List.of(), drain(log));
            assertArrayEquals(new byte[4 * 4096], buf.toArray(ValueLayout.JAVA_BYTE));

            // in-place write over two clusters contiguous in the file: one asynchronous write
            buf.fill((byte) 0x22);
            n.writeAsync(2 * CS - 8192, buf, RequestFlags.NONE).join();
            ev = drain(log);
            assertEquals(List.of("writeAsync"), kinds(ev), ev.toString());
            assertTrue(ev.getFirst().endsWith("+" + 4 * 4096), ev.toString());

            // an allocating write and a FUA write take the synchronous form
            n.writeAsync(3L << 20, buf, RequestFlags.NONE).join();
            ev = drain(log);
            assertFalse(kinds(ev).contains("writeAsync"), ev.toString());
            assertTrue(kinds(ev).contains("write"), ev.toString());
            n.writeAsync(0, buf, RequestFlags.FUA).join();
            ev = drain(log);
            assertFalse(kinds(ev).contains("writeAsync"), ev.toString());

            // negative control: the synchronous forms never use the asynchronous one
            n.read(CS, buf);
            n.write(CS, buf);
            assertFalse(drain(log).stream().anyMatch(s -> s.contains("Async")));
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 0x22 0 16k", "read -P 0x11 16k 104k", "read -P 0x22 120k 16k",
                "read -P 0x11 136k 888k", "read -P 0 1M 2M", "read -P 0x22 3M 16k", "read -P 0 3088k 1008k");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDiscardWaitsForAnAsynchronousWriteOfItsCluster() throws Exception {
        Path img = image();
        Semaphore gate = AsyncLogProtocol.gate(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,discard=unmap,file.driver=asynclog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofShared()) {
            MemorySegment buf = a.allocate(4096, 4096).fill((byte) 0x33);
            n.read(0, a.allocate(4096, 4096));
            int held = gate.drainPermits();
            java.util.concurrent.CompletableFuture<Void> w;
            Thread discard;
            try {
                w = n.writeAsync(CS, buf, RequestFlags.NONE);
                discard = Thread.ofPlatform().start(() -> {
                    try {
                        n.discard(CS, CS);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                // the discard waits (in the qcow2 driver, or in the generic layer) until the write completes
                while (discard.isAlive() && discard.getState() != Thread.State.TIMED_WAITING
                        && discard.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
                assertTrue(discard.isAlive(), "the discard did not wait for the write in flight");
                assertFalse(w.isDone());
                assertTrue(n.blockStatus(CS, CS).data(), "the cluster was freed under the write");
            } finally {
                gate.release(held);
            }
            w.join();
            discard.join();
            assertFalse(n.blockStatus(CS, CS).data());
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 0x11 0 64k", "read -P 0 64k 64k", "read -P 0x11 128k 896k");
    }
}
