package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;

/** QEMU's view of an image's locks, probed with qemu-img as a third process. */
final class QemuWriteLock {
    private QemuWriteLock() {
    }

    /**
     * Whether another process holds QEMU's write permission on the image: {@code qemu-img info}
     * wants nobody else to write, so it fails with QEMU's lock message exactly then.
     */
    static boolean someoneHolds(Path image) {
        QemuTools.Result r = QemuTools.run("qemu-img", "info", image.toString());
        if (r.exitCode() == 0) {
            return false;
        }
        if (r.output().contains("Failed to get shared \"write\" lock")) {
            return true;
        }
        fail("qemu-img info " + image + " failed for another reason:\n" + r.output());
        return false;
    }
}
