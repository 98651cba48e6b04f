package io.jblock.storage.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.testdriver.EventFormat;
import io.jblock.storage.testdriver.MemoryImages;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blkdebug filter's rules, options and limits, over the {@code testmem} protocol (and the
 * {@code file} protocol where real holes matter), with the {@code testevents} format announcing
 * events as a format driver does.
 */
class BlkdebugTest {

    private static final String IMG = "blkdebug-test";
    private static final int SIZE = 1 << 20;

    @TempDir
    Path tmp;

    @BeforeEach
    void image() {
        MemoryImages.create(IMG, SIZE);
    }

    @AfterEach
    void free() {
        MemoryImages.delete(IMG);
    }

    private static BlockNode open(String blkdebugOptions) throws IOException {
        return BlockGraph.open("driver=blkdebug,node-name=dbg,discard=unmap,image.driver=testmem,image.filename=" + IMG
                + (blkdebugOptions.isEmpty() ? "" : "," + blkdebugOptions));
    }

    /** testevents over blkdebug over testmem: the format announces read_aio, write_aio, l2_update. */
    private static BlockNode openFormat(String blkdebugOptions, String formatOptions) throws IOException {
        return BlockGraph.open("driver=testevents,node-name=fmt,discard=unmap" + formatOptions
                + ",file.driver=blkdebug,file.node-name=dbg,file.image.driver=testmem,file.image.filename=" + IMG
                + (blkdebugOptions.isEmpty() ? "" : "," + blkdebugOptions.replaceAll("(^|,)", "$1file.")));
    }

    private static FaultInjector injector(BlockNode n) {
        BlockNode dbg = n.driverName().equals("blkdebug") ? n : n.child("file");
        return dbg.driverFeature(FaultInjector.class).orElseThrow();
    }

    private static MemorySegment bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return MemorySegment.ofArray(b);
    }

    private static byte[] read(BlockNode n, long offset, int length) throws IOException {
        byte[] b = new byte[length];
        n.read(offset, MemorySegment.ofArray(b));
        return b;
    }

    @Test
    void injectedErrorNamesNodeFileOffsetAndErrno() throws IOException {
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.iotype=read,inject-error.0.errno=28")) {
            n.write(4096, bytes(512, 1)); // writes are not the rule's iotype
            BlockIOException e = assertThrows(BlockIOException.class, () -> read(n, 4096, 512));
            assertEquals(Errno.ENOSPC, e.errno());
            assertEquals("dbg", e.nodeName());
            assertEquals(IMG, e.filename());
            assertEquals(4096, e.offset());
            assertTrue(e.getMessage().contains("ENOSPC") && e.getMessage().contains("inject-error.0"),
                    e.getMessage());
            assertEquals(1, injector(n).injectedErrors());
            assertEquals(IMG, n.filename(), "a filter's file is its image's");
        }
    }

    @Test
    void sectorAndIotypeSelectTheRequests() throws IOException {
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.sector=8,inject-error.0.iotype=write")) {
            n.write(0, bytes(4096, 1)); // sectors 0..7
            n.write(8 * 512 + 512, bytes(512, 1)); // sector 9
            assertThrows(BlockIOException.class, () -> n.write(7 * 512, bytes(1024, 2))); // 7..8
            read(n, 8 * 512, 512); // a read of sector 8 is not a write
            n.writeZeroes(8 * 512, 512, 0); // nor a write-zeroes
            assertArrayEquals(new byte[512], read(n, 8 * 512, 512));
        }
    }

    @Test
    void onceFailsOneRequestAndErrnoZeroFailsNone() throws IOException {
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.once=on,inject-error.0.iotype=flush")) {
            n.flush(); // nothing written: QEMU skips the flush (flushed_gen), so no rule sees it
            assertEquals(0, injector(n).requests("flush"));
            n.write(0, bytes(512, 1));
            assertThrows(BlockIOException.class, n::flush);
            n.flush();
            assertEquals(1, injector(n).injectedErrors());
            assertEquals(2, injector(n).requests("flush"));
        }
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.errno=0")) {
            n.write(0, bytes(512, 3));
            n.flush();
            assertEquals(0, injector(n).injectedErrors());
        }
    }

    @Test
    void stateTransitionsMatchTheSecondWriteAsInQemusDocumentation() throws IOException {
        // docs/devel/blkdebug.txt, "State transitions": fail the 2nd write_aio but not the first
        Path conf = tmp.resolve("blkdebug.conf");
        Files.writeString(conf, """
                # comment
                [set-state]
                event = "write_aio"
                state = "1"
                new_state = "2"

                [inject-error]
                event = "write_aio"
                state = "2"
                errno = "5"
                """);
        try (BlockNode n = openFormat("config=" + conf, "")) {
            n.write(0, bytes(512, 1));
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(512, bytes(512, 2)));
            assertEquals(Errno.EIO, e.errno());
            assertTrue(e.getMessage().contains("blkdebug.conf:7"), e.getMessage());
            assertEquals(2, injector(n).events(DebugEvent.WRITE_AIO));
            injector(n).clearRules(); // the rule stays active: the flush at close would fail too
        }
    }

    @Test
    void aMetadataEventFailsTheMetadataWriteButNotTheDataBeforeIt() throws IOException {
        try (BlockNode n = openFormat("inject-error.0.event=l2_update,inject-error.0.once=on", ",metadata-offset=65536")) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(4096, bytes(4096, 7)));
            assertEquals(65536, e.offset(), "the metadata write failed");
            assertArrayEquals(read(n, 4096, 4096), bytes(4096, 7).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    "the data written before the event is there");
            n.write(8192, bytes(512, 8)); // once: the next update works
            assertEquals(1, injector(n).injectedErrors());
        }
    }

    @Test
    void aNewEventReplacesTheActiveRulesAsQemuDoes() throws IOException {
        // rule 0 is active from open (event none); write_aio activates rule 1 instead
        try (BlockNode n = openFormat("inject-error.0.event=none,inject-error.0.iotype=read,"
                + "inject-error.1.event=write_aio,inject-error.1.iotype=discard", "")) {
            assertThrows(BlockIOException.class, () -> read(n, 0, 512));
            n.write(0, bytes(512, 1));
            read(n, 0, 512);
            assertThrows(BlockIOException.class, () -> n.discard(0, 512));
        }
    }

    @Test
    void offsetRangeAndCountExtensions() throws IOException {
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.iotype=write,inject-error.0.x-offset=10000,"
                + "inject-error.0.x-length=100")) {
            n.write(0, bytes(9999, 1)); // ends before the range
            n.write(10100, bytes(100, 1)); // starts after it
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(10099, bytes(1, 1)));
            assertEquals(Errno.EIO, e.errno());
        }
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.iotype=write,inject-error.0.x-after=3,"
                + "inject-error.0.once=on")) {
            for (int i = 0; i < 3; i++) {
                n.write(i * 512L, bytes(512, 1));
            }
            assertThrows(BlockIOException.class, () -> n.write(3 * 512, bytes(512, 1)), "the 4th write fails");
            n.write(4 * 512, bytes(512, 1));
            assertEquals(5, injector(n).requests("write"));
            assertEquals(1, injector(n).injectedErrors());
        }
    }

    @Test
    void optionFormsAndQemusMessagesForBadOnes() throws IOException {
        try (BlockNode n = open("inject-error.event=none,inject-error.iotype=read")) { // one unnumbered section
            assertThrows(BlockIOException.class, () -> read(n, 0, 1));
        }
        try (BlockNode n = BlockGraph.open("json:{\"driver\":\"blkdebug\",\"image\":{\"driver\":\"testmem\","
                + "\"filename\":\"" + IMG + "\"},\"inject-error\":[{\"event\":\"none\",\"iotype\":\"write\","
                + "\"errno\":28,\"once\":true}],\"set-state\":[{\"event\":\"none\",\"new_state\":5}]}")) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(0, bytes(1, 1)));
            assertEquals(Errno.ENOSPC, e.errno());
            n.write(0, bytes(1, 1));
        }
        String[][] bad = {
            {"inject-error.0.iotype=read", "Missing event name"},
            {"inject-error.0.event=no_such_event", "Invalid event name 'no_such_event'"},
            {"inject-error.0.event=none,inject-error.0.iotype=ioctl", "Invalid iotype 'ioctl'"},
            {"inject-error.0.event=none,inject-error.0.colour=red", "doesn't support the option 'colour'"},
            {"inject-error.1.event=none", "Unused option '1.event' for [inject-error]"},
            {"inject-error.0.event=none,inject-error.event=none", "Unknown option"},
            {"set-state.0.event=none,set-state.0.errno=5", "doesn't support the option 'errno'"},
            {"align=3", "Cannot meet constraints with align 3"},
            {"align=4096,max-transfer=6144", "Cannot meet constraints with max-transfer 6144"},
            {"opt-write-zero=1024,max-write-zero=1536", "Cannot meet constraints with max-write-zero 1536"},
            {"opt-discard=4096,max-discard=2048", "Cannot meet constraints with max-discard 2048"},
            {"take-child-perms.0=write", "not supported"},
        };
        for (String[] b : bad) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> open(b[0]).close(), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + ": " + e.getMessage());
        }
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "[inject-error]\nevent = read_aio\n");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> open("config=" + conf).close());
        assertTrue(e.getMessage().contains("bad.conf:2: parse error"), e.getMessage());
        Files.writeString(conf, "[no-such-group]\n");
        e = assertThrows(InvalidOptionException.class, () -> open("config=" + conf).close());
        assertTrue(e.getMessage().contains("There is no option group 'no-such-group'"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> open("config=" + tmp.resolve("none.conf")).close());
        assertTrue(missing.getMessage().contains("Could not read blkdebug config file"), missing.getMessage());
    }

    @Test
    void limitsAreOverriddenAndZeroesAndDiscardsAreSplitAsQemuWould() throws IOException {
        try (BlockNode n = open("align=4096,max-transfer=8192,opt-write-zero=8192,max-write-zero=16384,"
                + "opt-discard=8192,max-discard=16384")) {
            assertEquals(4096, n.limits().requestAlignment());
            assertEquals(8192, n.limits().maxTransfer());
            assertEquals(8192, n.limits().discardAlignment());
            FaultInjector f = injector(n);
            n.write(0, bytes(65536, 5));
            assertEquals(8, f.requests("write"), "split into max-transfer pieces");
            // 4096 head below opt-write-zero (a write of zeroes), 2 x 16384, 8192, 4096 tail (a write)
            n.writeZeroes(4096, 4096 + 16384 * 2 + 8192 + 4096, 0);
            assertEquals(3, f.requests("write-zeroes"));
            assertEquals(10, f.requests("write"));
            assertArrayEquals(new byte[45056], read(n, 4096, 45056));
            assertThrows(BlockIOException.class, () -> n.writeZeroes(4096, 4096, RequestFlags.NO_FALLBACK));
            n.discard(0, 65536);
            assertEquals(4, f.requests("discard"), "max-discard pieces");
        }
    }

    @Test
    void flushFailureIsReportedAndALaterFlushReallyFlushes() throws IOException {
        try (BlockNode n = open("inject-error.0.event=none,inject-error.0.iotype=flush,inject-error.0.once=on")) {
            FaultInjector f = injector(n);
            n.write(0, bytes(512, 1));
            assertEquals(1, f.unflushedWrites());
            assertThrows(BlockIOException.class, n::flush);
            assertEquals(1, f.unflushedWrites(), "the failed flush did not reach the image");
            n.flush();
            assertEquals(0, f.unflushedWrites());
        }
    }

    @Test
    void theFormatsFlushAnnouncesFlushEventsToItsChild() throws IOException {
        // set-state on flush_to_disk (as qemu-iotests 124 and 257 do), then reads fail in state 2
        try (BlockNode n = openFormat("set-state.0.event=flush_to_disk,set-state.0.state=1,set-state.0.new_state=2,"
                + "inject-error.0.event=read_aio,inject-error.0.state=2,inject-error.0.iotype=read", "")) {
            read(n, 0, 512);
            n.write(0, bytes(512, 1));
            read(n, 0, 512);
            n.flush();
            assertEquals(1, injector(n).events(DebugEvent.FLUSH_TO_OS));
            assertEquals(1, injector(n).events(DebugEvent.FLUSH_TO_DISK));
            assertThrows(BlockIOException.class, () -> read(n, 0, 512));
        }
    }

    @Test
    void rulesAddedAndClearedAtRunTime() throws IOException {
        try (BlockNode n = open("")) {
            FaultInjector f = injector(n);
            n.write(0, bytes(512, 1));
            f.addRules("inject-error.0.event=none,inject-error.0.iotype=write");
            assertThrows(BlockIOException.class, () -> n.write(0, bytes(512, 2)));
            f.clearRules();
            n.write(0, bytes(512, 3));
            assertThrows(IllegalArgumentException.class, () -> f.addRules("inject-error.0.bogus=1"));
        }
    }

    /** The feature goes through the node's checks: changes refused once closed, counters still readable. */
    @Test
    void afterCloseTheCountersStayReadableAndChangesAreRefused() throws IOException {
        BlockNode n = open("");
        FaultInjector f = injector(n);
        assertTrue(!(f instanceof BlkdebugDriver), "the driver itself was handed out");
        f.addRules("inject-error.0.event=none,inject-error.0.iotype=write");
        assertThrows(BlockIOException.class, () -> n.write(0, bytes(512, 2)));
        n.close();
        assertEquals(1, f.injectedErrors());
        assertEquals(1, f.requests("write"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.addRules(""));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> f.setDiskFull(true));
        assertThrows(IllegalStateException.class, f::clearRules);
    }

    @Test
    void fullDiskFailsWritesIntoHolesUntilSpaceReturns() throws IOException {
        Path file = tmp.resolve("sparse.img");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[65536]), 0); // allocated
            ch.truncate(1 << 20);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), (1 << 20) - 1); // the rest is a hole
        }
        try (BlockNode n = BlockGraph.open("driver=blkdebug,x-disk-full=on,discard=unmap,image.driver=file,"
                + "image.filename=" + file)) {
            FaultInjector f = injector(n);
            assertTrue(f.diskFull());
            n.write(4096, bytes(4096, 1)); // overwriting allocated space needs no new space
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(512 * 1024, bytes(4096, 2)));
            assertEquals(Errno.ENOSPC, e.errno());
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertThrows(BlockIOException.class, () -> n.writeZeroes(512 * 1024, 4096, 0));
            n.discard(8192, 4096); // frees space: fine
            f.setDiskFull(false);
            n.write(512 * 1024, bytes(4096, 2));
            assertArrayEquals(bytes(4096, 2).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), read(n, 512 * 1024, 4096));
            assertEquals(2, f.injectedErrors());
        }
    }

    @Test
    void filenameSyntaxWithConfigAndProbing() throws IOException {
        Path file = tmp.resolve("plain,comma.img");
        byte[] content = new byte[8192];
        System.arraycopy(EventFormat.MAGIC.getBytes(), 0, content, 0, EventFormat.MAGIC.length());
        Files.write(file, content);
        Path conf = tmp.resolve("r.conf");
        Files.writeString(conf, "[inject-error]\nevent = \"read_aio\"\niotype = \"read\"\n");
        // a bare name: the format (testevents, which announces read_aio) is probed through blkdebug
        try (BlockNode n = BlockGraph.open("filename=blkdebug:" + conf + ":" + file.toString().replace(",", ",,"))) {
            assertEquals("testevents", n.driverName());
            BlockNode dbg = n.child("file");
            assertEquals("blkdebug", dbg.driverName());
            assertEquals(file.toString(), dbg.filename());
            assertEquals("file", dbg.child("image").driverName());
            BlockIOException e = assertThrows(BlockIOException.class, () -> read(n, 0, 512));
            assertEquals(file.toString(), e.filename());
        }
        try (BlockNode n = BlockGraph.open("driver=testevents,file.filename=blkdebug::"
                + file.toString().replace(",", ",,"))) {
            assertEquals('T', read(n, 0, 512)[0]); // no config: no rules
        }
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=testevents,file.filename=blkdebug:nocolon").close());
        assertTrue(e.getMessage().contains("requires both config file and image path"), e.getMessage());
        assertThrows(IOException.class, () -> BlockGraph.create("blkdebug", "blkdebug::" + file, 4096, null));
    }
}
