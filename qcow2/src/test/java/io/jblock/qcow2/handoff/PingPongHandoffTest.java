package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration there and back between two JVM processes: A runs the image and allocates (so it
 * caches L1, L2 slices, the refcount block and where free clusters start), hands it to B, B
 * allocates clusters right where A would allocate next, hands it back, and A, activated again,
 * must drop all of that: it reads B's data and allocates around B's clusters. This is the case
 * where a stale refcount cache corrupts the image, which a single handoff to a freshly opened
 * destination (that never allocated) cannot show.
 *
 * <p>Negative control: A with qcow2's test-only {@code x-skip-invalidate=on} reads B's clusters
 * as unallocated and, writing, leaves an image that is not what both wrote.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PingPongHandoffTest {
    private static final long MIB = 1 << 20;
    private static final long VIRTUAL_SIZE = 2048 * MIB;
    private static final int CLUSTER = 65536;

    /** A, first turn: a cluster under the L2 table of [0, 512M) and one under a new L2 table. */
    private static final List<GuestRegion> A_FIRST = List.of(
            GuestRegion.of(0, CLUSTER, GuestPattern.seeded(11)),
            GuestRegion.of(600 * MIB, CLUSTER, GuestPattern.seeded(12)));
    /** B: under the L2 table A has cached, and under an L1 entry empty in A's copy. */
    private static final List<GuestRegion> B_TURN = List.of(
            GuestRegion.of(CLUSTER, CLUSTER, GuestPattern.seeded(13)),
            GuestRegion.of(1100 * MIB, CLUSTER, GuestPattern.seeded(14)));
    /** A, second turn: new clusters, which must not land on B's. */
    private static final List<GuestRegion> A_SECOND = List.of(
            GuestRegion.of(2 * CLUSTER, CLUSTER, GuestPattern.seeded(15)),
            GuestRegion.of(1700 * MIB, CLUSTER, GuestPattern.seeded(16)));

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private Path image() throws IOException {
        Path image = tmp.resolve("pingpong.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k", image.toString(),
                Long.toString(VIRTUAL_SIZE));
        return image;
    }

    private static String spec(Path image, CacheMode cache) {
        return "driver=qcow2,file.driver=file,file.filename=" + image + ",cache=" + cache.qemuName();
    }

    private static void writeAndVerify(PeerProcess peer, List<GuestRegion> regions) throws IOException {
        for (GuestRegion r : regions) {
            peer.ok(r.writeCommand());
        }
        verify(peer, regions);
    }

    private static void verify(PeerProcess peer, List<GuestRegion> regions) throws IOException {
        for (GuestRegion r : regions) {
            assertEquals("match", peer.ok(r.verifyCommand()), () -> r + " as read by the peer");
        }
    }

    /** Runs A's first turn, B's turn, and gives the image back to A; returns the two peers' state. */
    private void thereAndBack(PeerProcess a, PeerProcess b, Path image, CacheMode cache, String aOptions)
            throws IOException {
        assertEquals("ACTIVE", a.ok("open " + spec(image, cache) + aOptions));
        assertEquals("INACTIVE", b.ok("open-inactive " + spec(image, cache)));
        writeAndVerify(a, A_FIRST);
        a.ok("inactivate");
        assertEquals("ACTIVE", b.ok("activate"));
        verify(b, A_FIRST);
        writeAndVerify(b, B_TURN);
        assertEquals("INACTIVE", b.ok("inactivate"));
        assertEquals("ACTIVE", a.ok("activate"));
    }

    @ParameterizedTest(name = "cache={0}")
    @EnumSource(value = CacheMode.class, names = {"WRITEBACK", "NONE"})
    void backOnTheFirstProcessEverythingCachedIsDropped(CacheMode cache) throws IOException {
        Path image = image();
        try (PeerProcess a = PeerProcess.start("A", tmp.resolve("a.stderr"));
             PeerProcess b = PeerProcess.start("B", tmp.resolve("b.stderr"))) {
            thereAndBack(a, b, image, cache, "");
            verify(a, A_FIRST);
            verify(a, B_TURN);
            writeAndVerify(a, A_SECOND);
            verify(a, A_FIRST);
            verify(a, B_TURN);
            assertTrue(b.err("write 0 512 s1").startsWith("NodeInactiveException"));
            b.ok("close");
            a.ok("close");
        }
        QemuTools.checkClean(image);
        List<GuestRegion> all = new ArrayList<>(A_FIRST);
        all.addAll(B_TURN);
        all.addAll(A_SECOND);
        QemuTools.Result r = ExpectedDisk.compare(image, ExpectedDisk.write(tmp.resolve("expected.raw"),
                VIRTUAL_SIZE, all));
        assertEquals(0, r.exitCode(), () -> "qemu-img compare with what both processes wrote:\n" + r.output());
    }

    @ParameterizedTest(name = "cache={0}")
    @EnumSource(value = CacheMode.class, names = {"WRITEBACK", "NONE"})
    void negativeControlStaleFirstProcessLosesTheSecondOnesWrites(CacheMode cache) throws IOException {
        Path image = image();
        QemuTools.Result check;
        try (PeerProcess a = PeerProcess.start("A", tmp.resolve("a.stderr"));
             PeerProcess b = PeerProcess.start("B", tmp.resolve("b.stderr"))) {
            thereAndBack(a, b, image, cache, ",x-skip-invalidate=on");
            for (GuestRegion r : B_TURN) {
                assertNotEquals("match", a.ok(r.verifyCommand()), () -> r + " must look stale to A");
                assertEquals("match", a.ok(r.with(GuestPattern.constant(0)).verifyCommand()),
                        () -> r + " reads as unallocated in A's stale metadata");
            }
            for (GuestRegion r : A_SECOND) {
                a.ok(r.writeCommand());
            }
            b.ok("close");
            a.ok("close");
        }
        List<GuestRegion> all = new ArrayList<>(A_FIRST);
        all.addAll(B_TURN);
        all.addAll(A_SECOND);
        QemuTools.Result r = ExpectedDisk.compare(image, ExpectedDisk.write(tmp.resolve("expected.raw"),
                VIRTUAL_SIZE, all));
        check = QemuTools.run("qemu-img", "check", image.toString());
        System.out.println("negative control, cache=" + cache.qemuName() + ": qemu-img compare exit " + r.exitCode()
                + ": " + r.output().strip() + "\nqemu-img check exit " + check.exitCode() + ":\n" + check.output());
        assertNotEquals(0, r.exitCode(), "a stale A must lose B's writes, or the positive test proves nothing");
        // A's stale refcount block put its new clusters on B's: "refcount=1 reference=2"
        assertNotEquals(0, check.exitCode(), "qemu-img check must find the clusters both allocated");
    }
}
