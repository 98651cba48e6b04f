package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, defect 7: a guest flush's fdatasync runs outside the metadata lock. A copy-on-write
 * data write that completes while it runs is not covered by it, so the L2 entry that points at
 * the new cluster still needs a flush of its own before it is written.
 */
class FlushRaceTest {
    @TempDir
    Path tmp;

    /**
     * @param options   image options
     * @param prepare   how guest cluster 3 gets its host cluster before the race: "zero" writes it
     *                  and turns it into a zero cluster that keeps its allocation, "subcluster"
     *                  writes its first subcluster only (extended L2)
     */
    @ParameterizedTest
    @CsvSource({"'', zero", "extended_l2=on, subcluster"})
    void dataWrittenDuringAConcurrentFlushIsFlushedBeforeItsL2Entry(String options, String prepare) throws Exception {
        Path img = tmp.resolve("race.qcow2");
        int cs = 65536;
        TestImages.create(img, 4 << 20, options.isEmpty() ? Map.of() : Map.of("extended_l2", "on"));
        RecordingNode rec = new RecordingNode(new ChannelNode(img, false));
        CountDownLatch flushEntered = new CountDownLatch(1);
        CountDownLatch releaseFlush = new CountDownLatch(1);
        int raceStart;
        try (DriverBackedNode n = TestImages.open(rec, img, false, false, Map.of()); Arena a = Arena.ofShared()) {
            // guest cluster 3 gets its host cluster now: the racing write below changes no refcount
            if (prepare.equals("zero")) {
                n.write(3L * cs, a.allocate(cs).fill((byte) 1));
                n.writeZeroes(3L * cs, cs, 0);
            } else {
                n.write(3L * cs, a.allocate(2048).fill((byte) 1));
            }
            n.flush();
            rec.flushHook = () -> {
                rec.flushHook = null;
                flushEntered.countDown();
                try {
                    if (!releaseFlush.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("test flush was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            };
            // a guest flush that stops inside the file's fdatasync (no metadata lock held there)
            CompletableFuture<Void> slowFlush = CompletableFuture.runAsync(() -> {
                try {
                    n.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(flushEntered.await(30, TimeUnit.SECONDS), "the guest flush reached the file");
            raceStart = rec.snapshot().size();
            // meanwhile: a partial write that copies on write into the host cluster, done before the flush ends
            n.write(3L * cs + 5 * 2048 + 100, a.allocate(1000).fill((byte) 0x42));
            releaseFlush.countDown();
            slowFlush.get(30, TimeUnit.SECONDS);
            n.flush(); // writes the L2 entry of guest cluster 3
        }
        byte[] file = Files.readAllBytes(img);
        Qcow2Header h = Qcow2Header.parse(file, file.length, "t", img.toString());
        long l2 = ByteBuffer.wrap(file).getLong((int) h.l1TableOffset) & L2Entry.OFFSET_MASK;
        long entry = l2 + 3L * h.geometry().l2EntrySize();
        long host = ByteBuffer.wrap(file).getLong((int) entry) & L2Entry.OFFSET_MASK;
        assertNotEquals(0, host, "guest cluster 3 is allocated");
        List<RecordingNode.Event> ev = rec.snapshot();
        int dataWrite = -1;
        for (int i = raceStart; i < ev.size(); i++) {
            RecordingNode.Event e = ev.get(i);
            if (e.kind().equals("write") && e.offset() >= host && e.offset() < host + cs) {
                dataWrite = i;
                break;
            }
        }
        assertTrue(dataWrite >= 0, "data write recorded: " + ev);
        for (int i = dataWrite + 1; i < ev.size(); i++) {
            RecordingNode.Event e = ev.get(i);
            if (e.isFlush()) {
                return; // a flush that started after the data write, before any L2 write
            }
            if (e.kind().equals("write") && e.offset() <= entry && e.offset() + e.length() > entry) {
                fail("the L2 entry of guest cluster 3 (event " + i + ") was written without a flush after "
                        + "the data it makes visible (event " + dataWrite + "): " + ev.subList(raceStart, ev.size()));
            }
        }
        fail("the L2 entry was never written: " + ev);
    }
}
