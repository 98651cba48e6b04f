package io.jblock.storage.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.crash.CrashStateBuilder;
import io.jblock.storage.crash.WriteLogFile;
import io.jblock.storage.crash.WriteLogFile.Entry;
import io.jblock.storage.crash.WriteLogFile.Kind;
import io.jblock.storage.feature.WriteLog;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code blklogwrites} filter: the log it writes is QEMU's format entry for entry (QEMU reads
 * and appends to it, and writes the same bytes for the same requests), it reads QEMU's logs, orders
 * flushes as dm-log-writes does, marks stable writes FUA, and fails loudly rather than leave a hole
 * in the log.
 */
class BlkLogWritesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path image(String name, long size) throws IOException {
        Path p = dir.resolve(name);
        BlockGraph.create("file", p.toString(), size, null);
        return p;
    }

    private Path emptyLog(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.deleteIfExists(p);
        Files.createFile(p);
        return p;
    }

    private static String options(Path img, Path log, String extra) {
        return "driver=blklogwrites,discard=unmap,file.driver=file,file.filename=" + img + ",log.driver=file,log.filename="
                + log + (extra.isEmpty() ? "" : "," + extra);
    }

    private static MemorySegment filled(Arena a, int length, int value) {
        MemorySegment s = a.allocate(length, 4096);
        s.fill((byte) value);
        return s;
    }

    private static byte[] data(WriteLogFile log, Entry e) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) e.length());
        log.readData(e, 0, b);
        return b.array();
    }

    private static String shape(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(switch (e.kind()) {
                case FLUSH -> "flush";
                case MARK -> "mark:" + e.mark();
                case TRUNCATE -> "truncate:" + e.offset();
                default -> e.kind().name().toLowerCase() + (e.fua() ? "+fua" : "") + "@" + e.offset() + "+" + e.length();
            });
        }
        return String.join(" ", out);
    }

    @Test
    void logsEveryRequestWithItsDataInTheDmLogWritesFormat() throws IOException {
        Path img = image("a.img", MIB);
        Path log = emptyLog("a.log");
        try (BlockNode n = BlockGraph.open(options(img, log, "")); Arena a = Arena.ofConfined()) {
            WriteLog wl = n.driverFeature(WriteLog.class).orElseThrow();
            assertEquals(0, wl.entryCount());
            n.write(8192, filled(a, 4096, 0xab));
            n.writeZeroes(0, 4096, 0);
            n.writeZeroes(16384, 8192, RequestFlags.MAY_UNMAP);
            n.discard(65536, 4096);
            n.write(700, filled(a, 100, 0x5c)); // unaligned: the filter sees (and logs) the whole sector
            n.write(32768, filled(a, 1024, 0x77), RequestFlags.FUA);
            n.flush();
            wl.mark("checkpoint 1");
            n.truncate(2 * MIB, Preallocation.OFF);
            assertEquals(9, wl.entryCount());
        }
        byte[] raw = Files.readAllBytes(log);
        ByteBuffer sb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(WriteLogFormat.MAGIC, sb.getLong(0));
        assertEquals(1, sb.getLong(8));
        assertEquals(10, sb.getLong(16), "nr_entries after close (the close flush is the 10th)");
        assertEquals(512, sb.getInt(24));
        try (WriteLogFile f = WriteLogFile.open(log)) {
            assertEquals("write@8192+4096 write@0+4096 write@16384+8192 discard@65536+4096 write@512+512 "
                    + "write+fua@32768+1024 flush mark:checkpoint 1 truncate:2097152 flush", shape(f.entries()));
            List<Entry> e = f.entries();
            assertArrayEquals(filled(Arena.global(), 4096, 0xab).toArray(ValueLayout.JAVA_BYTE), data(f, e.get(0)));
            assertArrayEquals(new byte[4096], data(f, e.get(1)));
            byte[] sector = data(f, e.get(4));
            for (int i = 0; i < 512; i++) {
                assertEquals(i >= 188 && i < 288 ? 0x5c : 0, sector[i] & 0xff, "byte " + i + " of the padded sector");
            }
            // exact layout: super, then header + data sectors per entry, nothing after the last entry
            long sectors = 1;
            for (Entry x : e) {
                sectors += 1 + (x.kind() == Kind.WRITE ? x.length() / 512 : 0);
            }
            assertEquals(sectors * 512, raw.length);
        }
        // replaying the log over the empty image gives the image
        Path base = dir.resolve("base");
        Files.write(base, new byte[MIB]);
        Path replayed = dir.resolve("replayed");
        CrashStateBuilder.replayAll(log, base, replayed);
        assertArrayEquals(Files.readAllBytes(img), Files.readAllBytes(replayed));
    }

    /**
     * The same requests through QEMU's blklogwrites and ours give the same entries with the same
     * data. Flush entries are left out of the comparison: when QEMU's generic layer flushes (it
     * skips flushes with nothing written since the last one, and flushes more than once on close)
     * is not the filter's business.
     */
    @Test
    void qemuWritesTheSameEntriesForTheSameRequests() throws IOException {
        QemuTools.require("qemu-io");
        String[] requests = {"write -P 0xab 8192 4096", "write -z 0 4096", "discard 65536 4096",
            "write -P 0x11 131072 65536", "flush", "write -P 0x22 4096 512"};
        Path qImg = image("q.img", MIB);
        Path qLog = emptyLog("q.log");
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "--image-opts",
                "driver=blklogwrites,file.driver=file,file.filename=" + qImg + ",log.driver=file,log.filename=" + qLog));
        for (String r : requests) {
            cmd.add("-c");
            cmd.add(r);
        }
        QemuTools.ok(cmd.toArray(String[]::new));

        Path jImg = image("j.img", MIB);
        Path jLog = emptyLog("j.log");
        try (BlockNode n = BlockGraph.open(options(jImg, jLog, "")); Arena a = Arena.ofConfined()) {
            n.write(8192, filled(a, 4096, 0xab));
            n.writeZeroes(0, 4096, 0);
            n.discard(65536, 4096);
            n.write(131072, filled(a, 65536, 0x11));
            n.flush();
            n.write(4096, filled(a, 512, 0x22));
        }
        assertArrayEquals(Files.readAllBytes(qImg), Files.readAllBytes(jImg));
        try (WriteLogFile q = WriteLogFile.open(qLog); WriteLogFile j = WriteLogFile.open(jLog)) {
            List<Entry> qe = q.entries().stream().filter(e -> e.kind() != Kind.FLUSH).toList();
            List<Entry> je = j.entries().stream().filter(e -> e.kind() != Kind.FLUSH).toList();
            assertEquals("write@8192+4096 write@0+4096 discard@65536+4096 write@131072+65536 write@4096+512",
                    shape(je));
            assertEquals(shape(qe), shape(je));
            for (int i = 0; i < qe.size(); i++) {
                if (qe.get(i).kind() == Kind.WRITE) {
                    assertArrayEquals(data(q, qe.get(i)), data(j, je.get(i)), "data of entry " + i);
                }
            }
            assertTrue(q.entries().get(q.entries().size() - 1).kind() == Kind.FLUSH
                    && j.entries().get(j.entries().size() - 1).kind() == Kind.FLUSH, "both end with the close flush");
        }
    }

    @Test
    void qemuAppendsToOurLogAndWeAppendToQemus() throws IOException {
        QemuTools.require("qemu-io");
        Path img = image("x.img", MIB);
        Path log = emptyLog("x.log");
        try (BlockNode n = BlockGraph.open(options(img, log, "")); Arena a = Arena.ofConfined()) {
            n.write(0, filled(a, 8192, 0x01));
            n.discard(8192, 4096);
            n.driverFeature(WriteLog.class).orElseThrow().mark("ours");
            n.write(12288, filled(a, 512, 0x02), RequestFlags.FUA);
        }
        // QEMU walks our entries to find the end (it checks every entry's flags), then appends
        QemuTools.ok("qemu-io", "--image-opts", "driver=blklogwrites,log-append=on,file.driver=file,file.filename="
                + img + ",log.driver=file,log.filename=" + log, "-c", "write -P 0x03 65536 1024");
        try (BlockNode n = BlockGraph.open(options(img, log, "log-append=on")); Arena a = Arena.ofConfined()) {
            assertEquals(7, n.driverFeature(WriteLog.class).orElseThrow().entryCount());
            n.write(131072, filled(a, 512, 0x04));
        }
        try (WriteLogFile f = WriteLogFile.open(log)) {
            assertEquals("write@0+8192 discard@8192+4096 mark:ours write@12288+512 flush write@65536+1024 flush "
                    + "write@131072+512 flush", shape(f.entries().stream().map(BlkLogWritesTest::withoutFua).toList()));
            assertArrayEquals(filled(Arena.global(), 1024, 0x03).toArray(ValueLayout.JAVA_BYTE), data(f, f.entries().get(5)));
        }
        Path base = dir.resolve("base");
        Files.write(base, new byte[MIB]);
        Path replayed = dir.resolve("replayed");
        CrashStateBuilder.replayAll(log, base, replayed);
        assertArrayEquals(Files.readAllBytes(img), Files.readAllBytes(replayed));
    }

    private static Entry withoutFua(Entry e) {
        return new Entry(e.index(), e.kind(), e.offset(), e.length(), false, e.dataPosition(), e.mark());
    }

    @Test
    void writesAreMarkedStableExactlyWhenTheChildMakesThemStable() throws IOException {
        for (String cache : List.of("writeback", "none", "writethrough", "directsync", "unsafe")) {
            Path img = image("s-" + cache + ".img", MIB);
            Path log = emptyLog("s-" + cache + ".log");
            try (BlockNode n = BlockGraph.open(options(img, log, "cache=" + cache)); Arena a = Arena.ofConfined()) {
                n.write(0, filled(a, 4096, 1));
                n.write(4096, filled(a, 4096, 2), RequestFlags.FUA);
                n.writeZeroes(8192, 4096, 0);
                n.discard(12288, 4096);
            }
            boolean stable = cache.equals("writethrough") || cache.equals("directsync");
            boolean fua = !cache.equals("unsafe");
            try (WriteLogFile f = WriteLogFile.open(log)) {
                List<Entry> e = f.entries();
                assertEquals(stable, e.get(0).fua(), cache + ": plain write");
                assertEquals(fua, e.get(1).fua(), cache + ": FUA write");
                assertEquals(stable, e.get(2).fua(), cache + ": write-zeroes");
                assertFalse(e.get(3).fua(), cache + ": discard");
                long flushes = e.stream().filter(x -> x.kind() == Kind.FLUSH).count();
                assertEquals(cache.equals("unsafe") ? 0 : 1, flushes, cache + ": the close flush (none with no-flush)");
            }
        }
    }

    @Test
    void logSectorSizeSetsTheUnitAndTheRequestAlignment() throws IOException {
        Path img = image("b.img", MIB);
        Path log = emptyLog("b.log");
        try (BlockNode n = BlockGraph.open(options(img, log, "log-sector-size=4096")); Arena a = Arena.ofConfined()) {
            assertEquals(4096, n.limits().requestAlignment());
            n.write(4096 + 512, filled(a, 512, 9));
        }
        try (WriteLogFile f = WriteLogFile.open(log)) {
            assertEquals(4096, f.sectorSize());
            assertEquals("write@4096+4096 flush", shape(f.entries()));
            assertEquals(4096L * (1 + 2 + 1), Files.size(log));
        }
        // log-append takes the sector size from the log
        try (BlockNode n = BlockGraph.open(options(img, log, "log-append=on"))) {
            assertEquals(4096, n.limits().requestAlignment());
        }
    }

    @Test
    void badOptionsAndBadLogsAreRefusedWithQemusWords() throws IOException {
        Path img = image("c.img", MIB);
        Path log = emptyLog("c.log");
        assertTrue(assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open(options(img, log, "log-append=on,log-sector-size=512"))).getMessage()
                .contains("log-append and log-sector-size are mutually exclusive"));
        assertTrue(assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open(options(img, log, "log-sector-size=1000"))).getMessage()
                .contains("Invalid log sector size 1000"));
        assertTrue(assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open(options(img, log, "log-super-update-interval=0"))).getMessage()
                .contains("Invalid log superblock update interval 0"));
        assertTrue(assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=blklogwrites,file.filename=" + img)).getMessage()
                .contains("\"log\""));
        Files.write(log, new byte[4096]);
        assertTrue(assertThrows(BlockIOException.class,
                () -> BlockGraph.open(options(img, log, "log-append=on"))).getMessage()
                .contains("Invalid log superblock magic"));
        // a log whose entry has a flag dm-log-writes does not define
        Path good = emptyLog("d.log");
        try (BlockNode n = BlockGraph.open(options(img, good, "")); Arena a = Arena.ofConfined()) {
            n.write(0, filled(a, 512, 1));
        }
        byte[] bytes = Files.readAllBytes(good);
        bytes[512 + 16] = 0x40;
        Files.write(good, bytes);
        assertTrue(assertThrows(BlockIOException.class,
                () -> BlockGraph.open(options(img, good, "log-append=on"))).getMessage()
                .contains("Invalid flags 0x40 in log entry 0"));
    }

    @Test
    void theSuperBlockIsUpdatedEveryIntervalEntries() throws IOException {
        Path img = image("e.img", MIB);
        Path log = emptyLog("e.log");
        try (BlockNode n = BlockGraph.open(options(img, log, "log-super-update-interval=3"));
             Arena a = Arena.ofConfined()) {
            for (int i = 0; i < 7; i++) {
                n.write(i * 512L, filled(a, 512, i));
            }
            ByteBuffer sb = ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(6, sb.getLong(16), "entries counted by the super block before close");
        }
    }

    /** A child whose flush waits until released, so that a write can complete while it runs. */
    @Test
    void writesThatCompleteWhileAFlushRunsAreLoggedAfterItsFlushEntry() throws Exception {
        Path img = image("f.img", MIB);
        Path logPath = emptyLog("f.log");
        CountDownLatch flushEntered = new CountDownLatch(1);
        CountDownLatch releaseFlush = new CountDownLatch(1);
        try (BlockNode file = BlockGraph.open("driver=file,filename=" + img);
             BlockNode log = BlockGraph.open("driver=file,filename=" + logPath);
             Arena a = Arena.ofShared()) {
            BlockNode slowFlush = new ForwardingNode(file) {
                @Override
                public void flush() throws IOException {
                    flushEntered.countDown();
                    try {
                        releaseFlush.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    super.flush();
                }
            };
            BlkLogWritesDriver d = BlkLogWritesDriver.open("f", slowFlush, log, false, 512, 4096, false);
            d.setWritePermission(true);
            d.write(0, filled(a, 512, 1), 0);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> flush = pool.submit(() -> {
                    d.flush();
                    return null;
                });
                assertTrue(flushEntered.await(30, TimeUnit.SECONDS));
                d.write(512, filled(a, 512, 2), 0); // completes while the flush runs
                assertEquals(2, d.entryCount(), "the held-back write counts");
                releaseFlush.countDown();
                flush.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            d.close();
        }
        try (WriteLogFile f = WriteLogFile.open(logPath)) {
            assertEquals("write@0+512 flush write@512+512", shape(f.entries()));
        }
    }

    @Test
    void aLogWriteFailureFailsTheRequestAndEveryLaterOne() throws IOException {
        Path img = image("g.img", MIB);
        Path logPath = emptyLog("g.log");
        AtomicInteger logWrites = new AtomicInteger();
        try (BlockNode file = BlockGraph.open("driver=file,filename=" + img);
             BlockNode log = BlockGraph.open("driver=file,filename=" + logPath);
             Arena a = Arena.ofShared()) {
            BlockNode failing = new ForwardingNode(log) {
                @Override
                public void write(long offset, MemorySegment src, int flags) throws IOException {
                    if (logWrites.incrementAndGet() == 4) {
                        throw new IOException("injected log failure");
                    }
                    super.write(offset, src, flags);
                }
            };
            BlkLogWritesDriver d = BlkLogWritesDriver.open("g", file, failing, false, 512, 4096, false);
            d.setWritePermission(true); // log write 1: the super block
            d.write(0, filled(a, 512, 1), 0); // 2, 3: header and data
            IOException first = assertThrows(IOException.class, () -> d.write(512, filled(a, 512, 2), 0));
            assertTrue(first.getMessage().contains("injected log failure"), first.getMessage());
            IOException later = assertThrows(BlockIOException.class, () -> d.write(1024, filled(a, 512, 3), 0));
            assertTrue(later.getMessage().contains("the write log could not be written earlier"), later.getMessage());
            assertThrows(BlockIOException.class, d::flush);
            // the refused write never reached the file
            MemorySegment back = a.allocate(512, 512);
            file.read(1024, back);
            assertArrayEquals(new byte[512], back.toArray(ValueLayout.JAVA_BYTE));
            d.close();
        }
    }

    @Test
    void aReadOnlyNodeWritesNoLog() throws IOException {
        Path img = image("h.img", MIB);
        Path log = emptyLog("h.log");
        try (BlockNode n = BlockGraph.open(options(img, log, ""), OpenOptions.READ_ONLY);
             Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(4096);
            n.read(0, s);
            assertThrows(IOException.class, () -> n.driverFeature(WriteLog.class).orElseThrow().mark("x"));
        }
        assertEquals(0, Files.size(log));
        assertTrue(Arrays.equals(new byte[MIB], Files.readAllBytes(img)));
    }
}
