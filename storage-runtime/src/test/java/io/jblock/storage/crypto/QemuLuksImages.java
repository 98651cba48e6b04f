package io.jblock.storage.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;

/** Makes LUKS images with QEMU's qemu-img for the interop tests. */
public final class QemuLuksImages {
    private QemuLuksImages() {
    }

    /**
     * {@code qemu-img create -f luks --object secret,id=sec0,data=SECRET -o key-secret=sec0,iter-time=10OPTS};
     * {@link QemuTools#run} repeats the runs whose PBKDF2 calibration failed.
     *
     * @param img    the image
     * @param secret the secret's data
     * @param opts   more create options, each with a leading comma, or ""
     * @param size   the size argument
     */
    public static void create(Path img, String secret, String opts, String size) {
        QemuTools.Result r = QemuTools.run("qemu-img", "create", "-f", "luks", "--object",
                "secret,id=sec0,data=" + secret, "-o", "key-secret=sec0,iter-time=10" + opts, img.toString(), size);
        if (!r.ok()) {
            fail("qemu-img create -f luks failed: " + r.output());
        }
    }
}
