package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuIo;
import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image locks seen from the command line, next to a qemu-io process that holds the image
 * read-write: each jblock command is run beside the qemu-img command it mirrors, and both must
 * come out the same (status and QEMU's wording).
 */
class ImageLockingAgainstQemuTest {
    private static final String SHARED_WRITE = "Failed to get shared \"write\" lock";
    private static final String IN_USE = "Is another process using the image [";

    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    private Path rawWithData() {
        Path raw = dir.resolve("held.raw");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "1M");
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x5e 0 64k", raw.toString());
        return raw;
    }

    /** qemu-img and jblock both failed (status 1) on IMG held by another process, in QEMU's words. */
    private static void assertBothRefusedAsInUse(Path img, QemuTools.Result q, CliRun j) {
        assertEquals(1, q.exitCode(), q.output());
        assertEquals(1, j.status(), j.toString());
        assertTrue(q.stderr().contains("Could not open '" + img + "': " + SHARED_WRITE + "\n" + IN_USE + img
                + "]?"), q.output());
        assertTrue(j.err().startsWith("jblock: Could not open '" + img + "': "), j.toString());
        assertTrue(j.err().contains(SHARED_WRITE), j.toString());
        assertTrue(j.err().contains(IN_USE + img + "]?"), j.toString());
    }

    /** Convert opens its source sharing neither write nor resize (QEMU's BDRV_O_NO_SHARE). */
    @Test
    void convertRefusesASourceInUseAsQemuImgDoesUnlessForced() throws Exception {
        Path img = rawWithData();
        Path qemuCopy = dir.resolve("qemu.raw");
        Path jblockCopy = dir.resolve("jblock.raw");
        try (QemuIo.Holder holder = new QemuIo.Holder(img, dir.resolve("qemu-io.log"))) {
            QemuTools.Result q = QemuTools.run("qemu-img", "convert", "-f", "raw", "-O", "raw", img.toString(),
                    qemuCopy.toString());
            CliRun j = CliRun.run("convert", "-f", "raw", "-O", "raw", img.toString(), jblockCopy.toString());
            assertBothRefusedAsInUse(img, q, j);
            assertFalse(Files.exists(jblockCopy), "nothing created for a source that did not open");

            // -U: no locks, so both copy the image
            q = QemuTools.run("qemu-img", "convert", "-U", "-f", "raw", "-O", "raw", img.toString(),
                    qemuCopy.toString());
            j = CliRun.run("convert", "-U", "-f", "raw", "-O", "raw", img.toString(), jblockCopy.toString());
            assertEquals(0, q.exitCode(), q.output());
            assertEquals(0, j.status(), j.toString());
        }
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "raw", img.toString(), jblockCopy.toString());
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "raw", qemuCopy.toString(), jblockCopy.toString());
    }

    /** The negative control: info on a raw image shares write in QEMU, and so in jblock. */
    @Test
    void infoOnARawImageInUseWorksAsQemuImgDoes() throws Exception {
        Path img = rawWithData();
        try (QemuIo.Holder holder = new QemuIo.Holder(img, dir.resolve("qemu-io.log"))) {
            QemuTools.Result q = QemuTools.run("qemu-img", "info", "-f", "raw", img.toString());
            CliRun j = CliRun.run("info", "-f", "raw", img.toString());
            assertEquals(0, q.exitCode(), q.output());
            assertEquals(0, j.status(), j.toString());
            assertTrue(j.out().contains("virtual size: 1 MiB"), j.toString());
            CliRun forced = CliRun.run("info", "-U", "-f", "raw", img.toString());
            assertEquals(0, forced.status(), forced.toString());
        }
    }

    /**
     * qcow2's file holds metadata, which QEMU never lets another process write under a reader:
     * {@code qemu-img info} on a qcow2 image in use fails, and so does {@code jblock info}.
     */
    @Test
    void infoOnAQcow2ImageInUseFailsAsQemuImgDoesUnlessForced() throws Exception {
        Path img = dir.resolve("held.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img.toString(), "1M");
        try (QemuIo.Holder holder = new QemuIo.Holder(img, "qcow2", dir.resolve("qemu-io.log"))) {
            QemuTools.Result q = QemuTools.run("qemu-img", "info", img.toString());
            CliRun j = CliRun.run("info", img.toString());
            assertBothRefusedAsInUse(img, q, j);

            q = QemuTools.run("qemu-img", "info", "-U", img.toString());
            j = CliRun.run("info", "-U", img.toString());
            assertEquals(0, q.exitCode(), q.output());
            assertEquals(0, j.status(), j.toString());
            assertTrue(j.out().contains("file format: qcow2"), j.toString());
        }
    }

    /** -U is for readers only, in QEMU and here. */
    @Test
    void forceShareIsRefusedForARepairingCheck() {
        String img = dir.resolve("a.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", img, "1M");
        QemuTools.Result q = QemuTools.run("qemu-img", "check", "-U", "-r", "all", img);
        CliRun j = CliRun.run("check", "-U", "-r", "all", img);
        assertEquals(1, q.exitCode(), q.output());
        assertEquals(1, j.status(), j.toString());
        String words = "Could not open '" + img + "': force-share=on can only be used with read-only images";
        assertTrue(q.stderr().contains(words), q.output());
        assertEquals("jblock: " + words + "\n", j.err());
        CliRun plain = CliRun.run("check", "-U", img);
        assertEquals(0, plain.status(), "negative control: a read-only check takes -U\n" + plain);
    }
}
