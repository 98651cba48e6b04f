package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination whose activation is refused (the image changed in a way a migration cannot:
 * here its virtual size, by {@code qemu-img resize} between the two processes) stays inactive
 * and refuses writes, but keeps the write lock its file node took, as QEMU's bdrv_activate keeps
 * the extended permissions of a failed activation "for the next time that an activation of the
 * image is tried". So the source can resume only once the destination has inactivated its graph
 * again or closed it (a destination QEMU exits after a failed incoming migration).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedActivationTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @Test
    void refusedActivationKeepsTheLockUntilTheDestinationInactivatesAgain() throws IOException {
        Path image = tmp.resolve("refused.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k", image.toString(), "1G");
        String spec = "driver=qcow2,file.driver=file,file.filename=" + image + ",cache=writeback";
        GuestRegion data = GuestRegion.of(0, 65536, GuestPattern.seeded(31));
        try (PeerProcess source = PeerProcess.start("source", tmp.resolve("source.stderr"));
             PeerProcess destination = PeerProcess.start("destination", tmp.resolve("destination.stderr"))) {
            source.ok("open " + spec);
            destination.ok("open-inactive " + spec);
            source.ok(data.writeCommand());
            source.ok("inactivate");
            QemuTools.ok("qemu-img", "resize", "-q", "-f", "qcow2", image.toString(), "2G");

            String refused = destination.err("activate");
            assertTrue(refused.contains("virtual size 1073741824 -> 2147483648"), refused);
            assertEquals("INACTIVE", destination.ok("state"));
            assertTrue(destination.err("write 0 512 s1").startsWith("NodeInactiveException"));
            assertTrue(QemuWriteLock.someoneHolds(image), "the destination keeps the write lock, as QEMU");
            assertTrue(source.err("activate").contains("lock"), "so the source cannot resume yet");

            // inactivating the half-activated graph gives the file node's lock back without closing
            assertEquals("INACTIVE", destination.ok("inactivate"));
            assertFalse(QemuWriteLock.someoneHolds(image), "inactivating the destination released it");
            QemuTools.ok("qemu-img", "resize", "-q", "-f", "qcow2", "--shrink", image.toString(), "1G");
            assertEquals("ACTIVE", source.ok("activate"), "the source resumes");
            assertEquals("match", source.ok(data.verifyCommand()));
            GuestRegion more = GuestRegion.of(900 << 20, 65536, GuestPattern.seeded(32));
            source.ok(more.writeCommand());
            assertEquals("match", source.ok(more.verifyCommand()));
            source.ok("close");
            destination.ok("close");
        }
        QemuTools.checkClean(image);
    }
}
