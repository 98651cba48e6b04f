package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A migration that fails after the source inactivated: the source takes the image back (QEMU
 * activates it again), keeps running, and the migration is retried with the destination that
 * stayed inactive all along. With lazy refcounts the dirty bit shows the lifecycle on disk: set
 * while the source allocates, clear whenever the image is handed over.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancelledMigrationTest {
    private static final long MIB = 1 << 20;
    private static final long VIRTUAL_SIZE = 2048 * MIB;
    private static final int CLUSTER = 65536;

    private static final GuestRegion FIRST = GuestRegion.of(0, CLUSTER, GuestPattern.seeded(21));
    private static final GuestRegion AFTER_CANCEL = GuestRegion.of(700 * MIB + 4096, 3 * CLUSTER,
            GuestPattern.seeded(22));
    private static final GuestRegion ON_DESTINATION = GuestRegion.of(1500 * MIB, CLUSTER, GuestPattern.seeded(23));

    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /** The dirty bit: bit 0 of the incompatible features, the big-endian 64-bit field at offset 72. */
    private static boolean dirtyOnDisk(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            while (b.hasRemaining() && ch.read(b, 72 + b.position()) > 0) {
                // read the whole field
            }
            return (b.getLong(0) & 1) != 0;
        }
    }

    @ParameterizedTest(name = "cache={0}")
    @EnumSource(value = CacheMode.class, names = {"WRITEBACK", "NONE"})
    void sourceTakesTheImageBackThenTheRetriedHandoffSucceeds(CacheMode cache) throws IOException {
        Path image = tmp.resolve("cancel.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k,lazy_refcounts=on",
                image.toString(), Long.toString(VIRTUAL_SIZE));
        String spec = "driver=qcow2,file.driver=file,file.filename=" + image + ",cache=" + cache.qemuName();
        try (PeerProcess source = PeerProcess.start("source", tmp.resolve("source.stderr"));
             PeerProcess destination = PeerProcess.start("destination", tmp.resolve("destination.stderr"))) {
            source.ok("open " + spec);
            source.ok(FIRST.writeCommand());
            assertTrue(dirtyOnDisk(image), "lazy refcounts: dirty while the source allocates");
            // an inactive open of a dirty image must neither repair it nor clear the bit: it is not its image yet
            destination.ok("open-inactive " + spec);
            assertTrue(dirtyOnDisk(image), "the inactive destination wrote nothing");
            source.ok("inactivate");
            assertFalse(dirtyOnDisk(image), "clean once inactivated");

            // the migration failed: the source runs the image again
            assertEquals("ACTIVE", source.ok("activate"));
            assertEquals("match", source.ok(FIRST.verifyCommand()));
            source.ok(AFTER_CANCEL.writeCommand());
            assertTrue(dirtyOnDisk(image), "dirty again once the reactivated source allocates");
            assertEquals("match", source.ok(AFTER_CANCEL.verifyCommand()));
            assertTrue(destination.err("activate").contains("lock"), "the source holds the image again");

            // retried: the destination never stopped being inactive
            source.ok("inactivate");
            assertFalse(dirtyOnDisk(image), "clean once inactivated again");
            assertEquals("ACTIVE", destination.ok("activate"));
            assertEquals("match", destination.ok(FIRST.verifyCommand()));
            assertEquals("match", destination.ok(AFTER_CANCEL.verifyCommand()));
            destination.ok(ON_DESTINATION.writeCommand());
            assertEquals("match", destination.ok(ON_DESTINATION.verifyCommand()));
            source.ok("close");
            destination.ok("close");
        }
        QemuTools.checkClean(image);
        List<GuestRegion> all = new ArrayList<>(List.of(FIRST, AFTER_CANCEL, ON_DESTINATION));
        QemuTools.Result r = ExpectedDisk.compare(image, ExpectedDisk.write(tmp.resolve("expected.raw"),
                VIRTUAL_SIZE, all));
        assertEquals(0, r.exitCode(), () -> "qemu-img compare with what both processes wrote:\n" + r.output());
    }
}
