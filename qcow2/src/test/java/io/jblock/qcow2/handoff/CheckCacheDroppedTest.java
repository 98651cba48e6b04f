package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The negative control of {@code file.check-cache-dropped=on}: pages another process has mapped
 * cannot be dropped by posix_fadvise(DONTNEED), so while this JVM keeps the whole image mapped
 * the destination's activation must fail saying how many bytes stayed, and succeed once the
 * mapping is gone. Without this, the variant of {@link TwoProcessHandoffTest} that activates
 * with the check on could pass with a check that never fires.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckCacheDroppedTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @Test
    void activationFailsWhilePagesStayCachedAndSucceedsOnceTheyCanBeDropped() throws IOException {
        Path image = tmp.resolve("pinned.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=64k", image.toString(), "1G");
        QemuTools.io(image, "qcow2", "write -P 0x5a 0 2M");
        long fileSize = Files.size(image);
        GuestRegion data = GuestRegion.of(0, 2 << 20, GuestPattern.constant(0x5a));
        try (PeerProcess destination = PeerProcess.start("destination", tmp.resolve("destination.stderr"))) {
            destination.ok("open-inactive driver=qcow2,file.driver=file,file.filename=" + image
                    + ",cache=writeback,file.check-cache-dropped=on");
            assertEquals("match", destination.ok(data.verifyCommand()));
            try (Arena arena = Arena.ofConfined();
                 FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
                MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, fileSize, arena);
                mapped.load(); // every page resident and mapped here: DONTNEED leaves mapped pages alone
                String refused = destination.err("activate");
                assertTrue(refused.contains("page cache still in use: " + fileSize + " of " + fileSize
                        + " bytes stayed cached"), refused);
                assertEquals("INACTIVE", destination.ok("state"));
                assertTrue(destination.err("write 0 512 s1").startsWith("NodeInactiveException"));
            } // unmapped here
            assertEquals("ACTIVE", destination.ok("activate"), "activation can be retried once the pages are free");
            assertEquals("match", destination.ok(data.verifyCommand()));
            GuestRegion written = GuestRegion.of(512 << 20, 65536, GuestPattern.seeded(1));
            destination.ok(written.writeCommand());
            assertEquals("match", destination.ok(written.verifyCommand()));
            destination.ok("close");
        }
        QemuTools.checkClean(image);
    }
}
