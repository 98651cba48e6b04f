package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live-migration handoff between two JVM processes on one qcow2 image (issue 5 item 4), as
 * QEMU does it: the source runs the image active; the destination opens it inactive and reads
 * (caching L1, L2 slices and refcount state, and host page cache pages unless O_DIRECT); the
 * source rewrites cached data, allocates clusters under a cached L2 table and under L1 entries
 * that were empty (new L2 tables: one L2 table of a 64 KiB-cluster image covers 512 MiB, the
 * image is 4 GiB, sparse), then inactivates; the destination activates and must read exactly
 * what the source wrote, then owns the image: it writes, and the source's writes are refused.
 *
 * <p>What proves the test can fail: with qcow2's test-only {@code x-skip-invalidate=on} the
 * destination reads the new clusters as unallocated (its stale L1/L2), and with
 * {@code file.drop-cache=off} the page cache the activation should have dropped is still
 * resident. A third process (qemu-img) shows who holds the write lock at each step, compares
 * the final image with what both sides wrote, and checks it (no errors, no leaks).
 *
 * <p>On one host the page cache is shared by both processes, so a stale page cache cannot make
 * the destination read old data here (it can across hosts, on shared storage); what this test
 * checks on that side is that activation drops the cache (QEMU's invalidate_cache) or, with
 * drop-cache=off or O_DIRECT, leaves it alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoProcessHandoffTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final long VIRTUAL_SIZE = 4 * GIB;
    /** Bytes the destination reads and the test warms before activation: far above the limit below. */
    private static final long WARM_MINIMUM = 16 * MIB;
    /**
     * What may be resident right after a dropping activation. The file node drops everything
     * (file.check-cache-dropped=on proves it: activation fails otherwise), then qcow2 rereads its
     * header cluster, refcount table and L1 table, all in the file's first clusters, and the
     * kernel's readahead around those reads brings back more: 1.25 MiB measured here (the root
     * disk has read_ahead_kb=8192). The data clusters the destination had cached stay out.
     */
    private static final long AFTER_DROP_LIMIT = 4 * MIB;

    private static final GuestPattern ZERO = GuestPattern.constant(0);
    private static final GuestPattern A5 = GuestPattern.constant(0xa5);
    private static final GuestPattern A6 = GuestPattern.constant(0xa6);

    /** What qemu-io writes before either process opens the image. */
    private static final List<String> SETUP = List.of("write -P 0xa5 0 16M", "write -P 0xa6 1G 256k");

    /** What the destination reads while inactive: allocated data and three unallocated ranges. */
    private static final List<GuestRegion> DESTINATION_READS_BEFORE = List.of(
            GuestRegion.of(0, (int) (16 * MIB), A5),
            GuestRegion.of(GIB, (int) (256 * KIB), A6),
            GuestRegion.of(24 * MIB, (int) (64 * KIB), ZERO),
            GuestRegion.of(2 * GIB + 512 * MIB, (int) (192 * KIB), ZERO),
            GuestRegion.of(3 * GIB + 512 * MIB, (int) (64 * KIB), ZERO));

    /** Rewrites of data the destination has cached: clusters stay where they are. */
    private static final List<GuestRegion> SOURCE_REWRITES = List.of(
            GuestRegion.of(0, (int) (256 * KIB), GuestPattern.seeded(1)),
            GuestRegion.of(GIB + 128 * KIB, (int) (64 * KIB), GuestPattern.seeded(5)));

    /** New clusters: under the cached L2 table of [0, 512M), then under two L1 entries that were empty. */
    private static final List<GuestRegion> SOURCE_ALLOCATIONS = List.of(
            GuestRegion.of(24 * MIB, (int) (64 * KIB), GuestPattern.seeded(2)),
            GuestRegion.of(2 * GIB + 512 * MIB + 12345, 100_000, GuestPattern.seeded(3)),
            GuestRegion.of(3 * GIB + 512 * MIB, (int) (64 * KIB), GuestPattern.seeded(4)));

    /** The guest contents once the source has written (everything else reads as zeroes). */
    private static final List<GuestRegion> AFTER_SOURCE = List.of(
            GuestRegion.of(0, (int) (256 * KIB), GuestPattern.seeded(1)),
            GuestRegion.of(256 * KIB, (int) (16 * MIB - 256 * KIB), A5),
            GuestRegion.of(24 * MIB, (int) (64 * KIB), GuestPattern.seeded(2)),
            GuestRegion.of(24 * MIB + 64 * KIB, (int) (64 * KIB), ZERO),
            GuestRegion.of(GIB, (int) (128 * KIB), A6),
            GuestRegion.of(GIB + 128 * KIB, (int) (64 * KIB), GuestPattern.seeded(5)),
            GuestRegion.of(GIB + 192 * KIB, (int) (64 * KIB), A6),
            GuestRegion.of(2 * GIB + 512 * MIB, 12345, ZERO),
            GuestRegion.of(2 * GIB + 512 * MIB + 12345, 100_000, GuestPattern.seeded(3)),
            GuestRegion.of(2 * GIB + 512 * MIB + 112_345, (int) (192 * KIB - 112_345), ZERO),
            GuestRegion.of(3 * GIB + 512 * MIB, (int) (64 * KIB), GuestPattern.seeded(4)));

    /** The destination's own writes after activation: a cluster under an existing L2 table, a new L2 table. */
    private static final List<GuestRegion> DESTINATION_WRITES = List.of(
            GuestRegion.of(24 * MIB + 64 * KIB, (int) (64 * KIB), GuestPattern.seeded(6)),
            GuestRegion.of(3 * GIB, (int) (64 * KIB), GuestPattern.seeded(7)));

    /** Written by the destination after the source closed its (inactive) graph. */
    private static final GuestRegion LAST_WRITE = GuestRegion.of(GIB + 512 * MIB, 65536, GuestPattern.seeded(8));

    @TempDir
    Path tmp;

    /** What the activation must do to the image file's page cache. */
    enum PageCache {
        /** drop-cache on, buffered: dropped, only what qcow2 rereads comes back. */
        DROPPED,
        /** drop-cache=off: every page stays (the negative control of DROPPED). */
        KEPT,
        /** O_DIRECT: the node uses no page cache and drops nothing (QEMU skips the fadvise too). */
        UNTOUCHED
    }

    /**
     * One handoff configuration.
     *
     * @param cache               cache mode of both processes
     * @param createOptions       qemu-img create -o
     * @param destinationOptions  extra options of the destination's graph
     * @param pageCache           what activation must do to the page cache
     */
    record Variant(String name, CacheMode cache, String createOptions, String destinationOptions,
                   PageCache pageCache) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Variant> handoffs() {
        return Stream.of(
                new Variant("cache=writeback", CacheMode.WRITEBACK, "", "", PageCache.DROPPED),
                new Variant("cache=none", CacheMode.NONE, "", "", PageCache.UNTOUCHED),
                new Variant("cache=writeback, file.check-cache-dropped=on", CacheMode.WRITEBACK, "",
                        ",file.check-cache-dropped=on", PageCache.DROPPED),
                new Variant("cache=writeback, lazy_refcounts=on", CacheMode.WRITEBACK, ",lazy_refcounts=on", "",
                        PageCache.DROPPED),
                new Variant("cache=none, lazy_refcounts=on", CacheMode.NONE, ",lazy_refcounts=on", "",
                        PageCache.UNTOUCHED),
                new Variant("cache=writeback, file.drop-cache=off (page cache negative control)",
                        CacheMode.WRITEBACK, "", ",file.drop-cache=off", PageCache.KEPT));
    }

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private static String spec(Path image, CacheMode cache) {
        return "driver=qcow2,file.driver=file,file.filename=" + image + ",cache=" + cache.qemuName();
    }

    private Path createImage(String createOptions) throws IOException {
        Path image = tmp.resolve("handoff.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k" + createOptions,
                image.toString(), Long.toString(VIRTUAL_SIZE));
        QemuTools.io(image, "qcow2", SETUP.toArray(String[]::new));
        return image;
    }

    private static void verifyAll(PeerProcess peer, List<GuestRegion> regions) throws IOException {
        for (GuestRegion r : regions) {
            assertEquals("match", peer.ok(r.verifyCommand()), () -> r + " as read by the peer");
        }
    }

    /** Reads the whole image file through the page cache, so there is something to drop. */
    private static long warmPageCache(Path image) throws IOException {
        long total = 0;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; ; ) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n < 0) {
                    return total;
                }
                pos += n;
                total += n;
            }
        }
    }

    private static long residentBytes(PeerProcess peer, Path image) throws IOException {
        return Long.parseLong(peer.ok("residency " + image).split(" ")[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handoffs")
    void destinationReadsExactlyWhatTheSourceWroteAndTakesOver(Variant v) throws IOException {
        Path image = createImage(v.createOptions());
        List<String> timeline = new ArrayList<>();
        try (PeerProcess source = PeerProcess.start("source", tmp.resolve("source.stderr"));
             PeerProcess destination = PeerProcess.start("destination", tmp.resolve("destination.stderr"))) {
            assertEquals("ACTIVE", source.ok("open " + spec(image, v.cache())));
            // the inactive destination claims no lock, so the source's write lock does not stop it
            assertEquals("INACTIVE", destination.ok("open-inactive " + spec(image, v.cache()) + v.destinationOptions()));
            assertTrue(QemuWriteLock.someoneHolds(image), "the active source holds the write lock");
            verifyAll(destination, DESTINATION_READS_BEFORE);
            assertTrue(destination.err("write 0 512 s9").startsWith("NodeInactiveException"),
                    "an inactive destination refuses writes");
            String early = destination.err("activate");
            assertTrue(early.contains("lock"), "activation is refused while the source holds the write lock: " + early);
            assertEquals("INACTIVE", destination.ok("state"));

            for (GuestRegion r : SOURCE_REWRITES) {
                source.ok(r.writeCommand());
            }
            for (GuestRegion r : SOURCE_ALLOCATIONS) {
                source.ok(r.writeCommand());
            }
            verifyAll(source, AFTER_SOURCE);
            assertEquals("INACTIVE", source.ok("inactivate"));
            assertTrue(source.err("write 0 512 s9").startsWith("NodeInactiveException"),
                    "an inactivated source refuses writes");
            assertFalse(QemuWriteLock.someoneHolds(image), "between the two, nobody holds the write lock");

            long warmed = warmPageCache(image);
            long before = residentBytes(destination, image);
            assertEquals("ACTIVE", destination.ok("activate"));
            long after = residentBytes(destination, image);
            timeline.add(v + ": image file " + warmed + " bytes, resident before activation " + before
                    + ", after " + after);
            checkPageCache(v.pageCache(), before, after);
            assertTrue(QemuWriteLock.someoneHolds(image), "the activated destination holds the write lock");

            verifyAll(destination, AFTER_SOURCE);
            for (GuestRegion r : DESTINATION_WRITES) {
                destination.ok(r.writeCommand());
            }
            verifyAll(destination, GuestRegion.notOverwritten(AFTER_SOURCE, DESTINATION_WRITES));
            verifyAll(destination, DESTINATION_WRITES);
            assertTrue(source.err("write 0 512 s9").startsWith("NodeInactiveException"),
                    "the source still refuses writes after the handoff");
            String refused = source.err("activate");
            assertTrue(refused.contains("lock"), "the source cannot take the image back while the destination "
                    + "holds it: " + refused);

            // the source goes away first, as a migrated VM's QEMU does: closing an inactive node writes nothing
            source.ok("close");
            destination.ok(LAST_WRITE.writeCommand());
            destination.ok("close");
        } finally {
            timeline.forEach(System.out::println);
        }
        QemuTools.checkClean(image);
        List<GuestRegion> expected = new ArrayList<>(GuestRegion.notOverwritten(AFTER_SOURCE, DESTINATION_WRITES));
        expected.addAll(DESTINATION_WRITES);
        expected.add(LAST_WRITE);
        assertQemuSees(image, expected);
    }

    private static void checkPageCache(PageCache expected, long before, long after) {
        switch (expected) {
            case DROPPED -> {
                assertTrue(before >= WARM_MINIMUM, "the page cache was warm before activation: " + before);
                assertTrue(after <= AFTER_DROP_LIMIT, "activation dropped the page cache: " + after
                        + " bytes resident after, " + before + " before");
            }
            case KEPT -> {
                assertTrue(before >= WARM_MINIMUM, "the page cache was warm before activation: " + before);
                assertTrue(after >= before, "drop-cache=off keeps every page: " + after + " bytes resident after, "
                        + before + " before");
            }
            case UNTOUCHED -> {
                assertTrue(before >= WARM_MINIMUM, "the page cache was warm before activation: " + before);
                assertEquals(before, after, "an O_DIRECT node neither drops nor fills the page cache");
            }
        }
    }

    /** QEMU's view of every byte of the guest disk must be what the two processes wrote. */
    private void assertQemuSees(Path image, List<GuestRegion> regions) throws IOException {
        Path expected = ExpectedDisk.write(tmp.resolve("expected.raw"), VIRTUAL_SIZE, regions);
        QemuTools.Result r = ExpectedDisk.compare(image, expected);
        assertEquals(0, r.exitCode(), () -> "qemu-img compare with what both processes wrote:\n" + r.output());
    }

    /**
     * Negative control: with qcow2's invalidation skipped (x-skip-invalidate=on, test only) the
     * destination keeps its stale L1 table and L2 slice and reads the source's new clusters as
     * unallocated. In-place rewrites are visible all the same, since they change no metadata and
     * the data is read from the file.
     */
    @ParameterizedTest(name = "cache={0}")
    @EnumSource(value = CacheMode.class, names = {"WRITEBACK", "NONE"})
    void negativeControlWithoutQcow2InvalidationReadsStaleMetadata(CacheMode cache) throws IOException {
        Path image = createImage("");
        try (PeerProcess source = PeerProcess.start("source", tmp.resolve("source.stderr"));
             PeerProcess destination = PeerProcess.start("destination", tmp.resolve("destination.stderr"))) {
            source.ok("open " + spec(image, cache));
            destination.ok("open-inactive " + spec(image, cache) + ",x-skip-invalidate=on");
            verifyAll(destination, DESTINATION_READS_BEFORE);
            for (GuestRegion r : SOURCE_REWRITES) {
                source.ok(r.writeCommand());
            }
            for (GuestRegion r : SOURCE_ALLOCATIONS) {
                source.ok(r.writeCommand());
            }
            source.ok("inactivate");
            assertEquals("ACTIVE", destination.ok("activate"));
            for (GuestRegion r : SOURCE_ALLOCATIONS) {
                String seen = destination.ok(r.verifyCommand());
                assertNotEquals("match", seen, () -> r + " must look stale without invalidation");
                assertEquals("match", destination.ok(r.with(ZERO).verifyCommand()),
                        () -> r + " reads as the unallocated range the stale metadata describes");
            }
            verifyAll(destination, SOURCE_REWRITES);
            // the stale destination must not write: it would allocate over the source's clusters
            destination.ok("close");
            source.ok("close");
        }
        QemuTools.checkClean(image); // the source's part of the handoff was right all the same
    }
}
