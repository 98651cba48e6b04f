package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuIo;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qcow2's file holds metadata, so a qcow2 node never lets another process write or resize it,
 * even read-only (QEMU's bdrv_default_perms_for_storage): a read-only qcow2 open is refused
 * while qemu-io writes the image, exactly as {@code qemu-io -r} is, and the bare file node
 * (no metadata) is the negative control.
 */
class MetadataLockTest {
    private static final long WRITE_HELD = 101;
    private static final long WRITE_NOT_SHARED = 201;
    private static final String SHARED_WRITE = "Failed to get shared \"write\" lock";

    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    private Path qcow2() {
        Path img = dir.resolve("m.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "1M");
        QemuTools.io(img, "qcow2", "write -P 0x2a 0 64k");
        return img;
    }

    private static String spec(Path img) {
        return "driver=qcow2,file.driver=file,file.filename=" + img;
    }

    @Test
    void readOnlyQcow2DoesNotShareWriteOnItsFile() throws IOException {
        Path img = qcow2();
        long inode = (long) Files.getAttribute(img, "unix:ino");
        try (BlockNode n = BlockGraph.open(spec(img), OpenOptions.READ_ONLY)) {
            assertTrue(QemuIo.lockedBy(inode, WRITE_NOT_SHARED), "write not shared");
            assertFalse(QemuIo.lockedBy(inode, WRITE_HELD), "write not held: read-only");
        }
        try (BlockNode f = BlockGraph.open("driver=file,filename=" + img, OpenOptions.READ_ONLY)) {
            assertFalse(QemuIo.lockedBy(inode, WRITE_NOT_SHARED), "negative control: a bare file node shares write");
        }
    }

    @Test
    void readOnlyQcow2IsRefusedWhileQemuIoWritesAsQemuIoRIs() throws Exception {
        Path img = qcow2();
        try (QemuIo.Holder holder = new QemuIo.Holder(img, "qcow2", dir.resolve("qemu-io.log"))) {
            QemuTools.Result q = QemuTools.run("qemu-io", "-r", "-f", "qcow2", "-c", "read 0 512", img.toString());
            assertFalse(q.ok(), q.output());
            assertTrue(q.output().contains(SHARED_WRITE), q.output());
            Exception e = assertThrows(IOException.class, () -> BlockGraph.open(spec(img), OpenOptions.READ_ONLY));
            assertTrue(e.getMessage().contains(SHARED_WRITE), e.getMessage());
            assertTrue(e.getMessage().contains("Is another process using the image [" + img + "]?"), e.getMessage());
            // locking=off (-U) lets both in
            QemuTools.Result qU = QemuTools.run("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x2a 0 512",
                    img.toString());
            assertTrue(qU.ok() && qU.output().contains("read 512/512 bytes"), qU.output());
            try (BlockNode n = BlockGraph.open(spec(img) + ",file.locking=off", OpenOptions.READ_ONLY)) {
                assertEquals(1 << 20, n.size());
            }
        }
        try (BlockNode n = BlockGraph.open(spec(img), OpenOptions.READ_ONLY)) {
            assertEquals(1 << 20, n.size(), "qemu-io has exited: the reader gets in");
        }
    }
}
