package io.jblock.qcow2.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors at named qcow2 events, as QEMU's qemu-iotests 026 injects them: for each event a
 * workload that reaches it (a 128 KiB allocating write; refcount table growth with 512-byte
 * clusters; L1 growth by a resize; a copy-on-write over a backing file; a rewrite of a
 * compressed cluster), a blkdebug rule {@code event=E,errno=N,once=on|off}, then: the request
 * fails with that errno when the rule fired, the image has no corruption ({@code qemu-img check},
 * leaks allowed as in 026), what was written before is intact and the node works again.
 *
 * <p>The events of the qcow2 engine itself are announced by the qcow2 driver ({@code
 * DebugEvent.announceTo}); until it does, its cases are skipped with that reason, while the
 * events of the generic layer (flush_to_os, flush_to_disk) and blkdebug's own (pwritev,
 * pwritev_done) already run. {@code -Djblock.events.all=true} runs every errno and once
 * combination (CI: each event once, alternating errno, plus once=off for one event of each
 * workload).
 */
class Qcow2EventFaultTest {

    /** The workloads, as 026 groups its events. */
    enum Workload { WRITE, L2_UPDATE, REFTABLE_GROWTH, L1_GROWTH, BACKING_COW, SNAPSHOT_COW, COMPRESSED }

    private static final Object[][] EVENTS = {
        {DebugEvent.L1_UPDATE, Workload.WRITE}, {DebugEvent.L2_LOAD, Workload.L2_UPDATE},
        {DebugEvent.L2_UPDATE, Workload.L2_UPDATE}, {DebugEvent.L2_ALLOC_WRITE, Workload.WRITE},
        {DebugEvent.L2_ALLOC_COW_READ, Workload.SNAPSHOT_COW}, {DebugEvent.WRITE_AIO, Workload.WRITE},
        {DebugEvent.READ_AIO, Workload.BACKING_COW}, {DebugEvent.READ_BACKING_AIO, Workload.BACKING_COW},
        {DebugEvent.COW_READ, Workload.BACKING_COW}, {DebugEvent.COW_WRITE, Workload.BACKING_COW},
        {DebugEvent.REFBLOCK_LOAD, Workload.L2_UPDATE}, {DebugEvent.REFBLOCK_UPDATE, Workload.WRITE},
        {DebugEvent.REFBLOCK_UPDATE_PART, Workload.WRITE}, {DebugEvent.REFBLOCK_ALLOC, Workload.REFTABLE_GROWTH},
        {DebugEvent.REFBLOCK_ALLOC_HOOKUP, Workload.REFTABLE_GROWTH},
        {DebugEvent.REFBLOCK_ALLOC_WRITE, Workload.REFTABLE_GROWTH},
        {DebugEvent.REFBLOCK_ALLOC_WRITE_BLOCKS, Workload.REFTABLE_GROWTH},
        {DebugEvent.REFBLOCK_ALLOC_WRITE_TABLE, Workload.REFTABLE_GROWTH},
        {DebugEvent.REFBLOCK_ALLOC_SWITCH_TABLE, Workload.REFTABLE_GROWTH}, {DebugEvent.REFTABLE_GROW, Workload.REFTABLE_GROWTH},
        {DebugEvent.CLUSTER_ALLOC, Workload.WRITE}, {DebugEvent.CLUSTER_ALLOC_BYTES, Workload.COMPRESSED},
        {DebugEvent.CLUSTER_FREE, Workload.COMPRESSED}, {DebugEvent.READ_COMPRESSED, Workload.COMPRESSED},
        {DebugEvent.WRITE_COMPRESSED, Workload.COMPRESSED}, {DebugEvent.L2_UPDATE_COMPRESSED, Workload.COMPRESSED},
        {DebugEvent.L1_GROW_ALLOC_TABLE, Workload.L1_GROWTH}, {DebugEvent.L1_GROW_WRITE_TABLE, Workload.L1_GROWTH},
        {DebugEvent.L1_GROW_ACTIVATE_TABLE, Workload.L1_GROWTH},
        {DebugEvent.FLUSH_TO_OS, Workload.WRITE}, {DebugEvent.FLUSH_TO_DISK, Workload.WRITE},
        {DebugEvent.PWRITEV, Workload.WRITE}, {DebugEvent.PWRITEV_DONE, Workload.WRITE},
    };

    /** Events that blkdebug or the generic layer announce, not the qcow2 driver. */
    private static final List<DebugEvent> NOT_QCOW2 = List.of(DebugEvent.FLUSH_TO_OS, DebugEvent.FLUSH_TO_DISK,
            DebugEvent.PWRITEV, DebugEvent.PWRITEV_DONE);

    private static Boolean qcow2Announces;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        boolean all = Boolean.getBoolean("jblock.events.all");
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < EVENTS.length; i++) {
            for (int errno : new int[] {Errno.EIO, Errno.ENOSPC}) {
                for (boolean once : new boolean[] {true, false}) {
                    // CI: every event once=on with alternating errno; once=off for one event per group
                    boolean ci = errno == (i % 2 == 0 ? Errno.EIO : Errno.ENOSPC)
                            && (once || i == 2 || i == 9 || i == 13 || i == 22 || i == 26 || i == 30);
                    if (all || ci) {
                        out.add(Arguments.of(EVENTS[i][0], EVENTS[i][1], errno, once));
                    }
                }
            }
        }
        return out.stream();
    }

    private static MemorySegment pattern(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return MemorySegment.ofArray(b);
    }

    private BlockNode open(Path img, String rule) throws IOException {
        return BlockGraph.open("driver=qcow2,cache-clean-interval=0,file.driver=blkdebug,file.image.driver=file,"
                + "file.image.filename=" + img + (rule.isEmpty() ? "" : "," + rule));
    }

    /** Whether the qcow2 driver announces its events (probed once: an allocating write). */
    private boolean qcow2Announces() throws IOException {
        if (qcow2Announces == null) {
            Path probe = tmp.resolve("probe.qcow2");
            QemuTools.img("create", "-q", "-f", "qcow2", probe.toString(), "1M");
            try (BlockNode n = open(probe, "")) {
                n.write(0, pattern(65536, 1));
                FaultInjector f = n.child("file").driverFeature(FaultInjector.class).orElseThrow();
                qcow2Announces = f.events(DebugEvent.WRITE_AIO) + f.events(DebugEvent.CLUSTER_ALLOC)
                        + f.events(DebugEvent.L2_UPDATE) > 0;
            }
        }
        return qcow2Announces;
    }

    @ParameterizedTest(name = "{0} errno={2} once={3}")
    @MethodSource("cases")
    void errorAtAnEventReachesTheCallerAndCorruptsNothing(DebugEvent event, Workload w, int errno, boolean once)
            throws IOException {
        QemuTools.require();
        if (!NOT_QCOW2.contains(event)) {
            Assumptions.assumeTrue(qcow2Announces(), "the qcow2 driver does not announce blkdebug events yet");
        }
        Path img = tmp.resolve("e.qcow2");
        Path base = tmp.resolve("base.qcow2");
        long before = prepare(w, img, base);
        String rule = "file.inject-error.0.event=" + event.qemuName() + ",file.inject-error.0.errno=" + errno
                + ",file.inject-error.0.once=" + (once ? "on" : "off");
        long eventsSeen;
        long injected;
        try (BlockNode n = open(img, rule)) {
            FaultInjector f = n.child("file").driverFeature(FaultInjector.class).orElseThrow();
            IOException failure = null;
            try {
                run(w, n);
            } catch (IOException e) {
                failure = e;
            }
            eventsSeen = f.events(event);
            injected = f.injectedErrors();
            assertTrue(eventsSeen > 0, "the workload " + w + " never reached " + event.qemuName());
            assertTrue(injected > 0, "a request followed " + event.qemuName() + " but nothing was injected");
            assertTrue(failure instanceof BlockIOException b && b.errno() == errno,
                    injected + " error(s) injected, the caller saw " + failure);
            assertTrue(failure.getMessage().contains(img.toString()), failure.getMessage());
            f.clearRules();
            n.write(before + 4096, pattern(4096, 0x77)); // the node works again
            n.flush();
        }
        int corruptions = corruptions(img);
        assertEquals(0, corruptions, QemuTools.run("qemu-img", "check", img.toString()).output());
        // qemu-io verifies the patterns: what was there before the fault, what was written after it
        QemuTools.io(img, "qcow2", "read -P 0x11 0 512", "read -P 0x77 " + (before + 4096) + " 4096");
    }

    /** Creates the image for the workload; returns a guest offset past which the test may write. */
    private long prepare(Workload w, Path img, Path base) throws IOException {
        switch (w) {
            case REFTABLE_GROWTH -> QemuTools.img("create", "-q", "-f", "qcow2", "-o",
                    "cluster_size=512,refcount_bits=64", img.toString(), "64M");
            case L1_GROWTH -> QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1024", img.toString(),
                    "1G");
            case BACKING_COW -> {
                QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), "1M");
                QemuTools.io(base, "qcow2", "write -P 0x11 0 1M");
                QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1024", "-b", base.getFileName()
                        .toString(), "-F", "qcow2", img.toString(), "1G");
            }
            case COMPRESSED -> {
                Path raw = tmp.resolve("c.raw");
                byte[] b = new byte[1 << 20];
                Arrays.fill(b, (byte) 0x11);
                Files.write(raw, b);
                QemuTools.img("convert", "-q", "-c", "-f", "raw", "-O", "qcow2", "-o", "cluster_size=4096",
                        raw.toString(), img.toString());
                QemuTools.img("resize", "-q", img.toString(), "2M"); // room for new compressed clusters
            }
            case SNAPSHOT_COW -> {
                QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1024", img.toString(), "1G");
                QemuTools.io(img, "qcow2", "write -P 0x11 0 64k");
                QemuTools.img("snapshot", "-c", "s", img.toString()); // every L2 table is shared now
            }
            default -> QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=1024", img.toString(), "1G");
        }
        if (w != Workload.BACKING_COW && w != Workload.COMPRESSED && w != Workload.SNAPSHOT_COW) {
            QemuTools.io(img, "qcow2", "write -P 0x11 0 512"); // for l2_update: an L2 table to update
        }
        return w == Workload.COMPRESSED ? 1536 << 10 : 8 << 20;
    }

    private static void run(Workload w, BlockNode n) throws IOException {
        switch (w) {
            case WRITE, L2_UPDATE -> {
                n.write(0, pattern(512, 0x11)); // rewrites what is there
                n.write(65536, pattern(128 * 1024, 0x22));
                n.flush();
                n.read(65536, pattern(4096, 0));
            }
            case REFTABLE_GROWTH -> {
                for (long off = 1 << 20; off < (5 << 20); off += 256 << 10) {
                    n.write(off, pattern(256 << 10, 0x33));
                }
            }
            case L1_GROWTH -> {
                n.truncate(2L << 30, Preallocation.OFF);
                n.write((1L << 30) + 4096, pattern(64 * 1024, 0x44));
            }
            case BACKING_COW -> {
                n.write(100 * 1024 + 7, pattern(3000, 0x55)); // partial clusters: copy-on-write from the backing file
                n.read(0, pattern(8192, 0));
                n.read(100 * 1024, pattern(4096, 0)); // data of this image
            }
            case SNAPSHOT_COW -> {
                n.write(4096, pattern(2048, 0x56)); // the shared L2 table and the shared cluster are copied
                n.flush();
            }
            case COMPRESSED -> {
                n.read(0, pattern(8192, 0));
                n.write(4096 + 100, pattern(100, 0x66)); // rewrites a compressed cluster: frees its bytes
                n.flush();
                n.driverFeature(io.jblock.storage.feature.CompressedWriter.class).orElseThrow()
                        .writeCompressed(1 << 20, pattern(8192, 0x67)); // new compressed clusters
                n.flush();
            }
        }
    }

    private static int corruptions(Path img) {
        QemuTools.Result c = QemuTools.run("qemu-img", "check", "--output=json", img.toString());
        Matcher m = Pattern.compile("\"corruptions\": (\\d+)").matcher(c.stdout());
        if (c.stdout().contains("\"check-errors\": 1")) {
            return -1;
        }
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
