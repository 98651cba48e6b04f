package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.CacheMode;
import io.jblock.storage.testing.QemuIo;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-share reader (QEMU's BDRV_O_NO_SHARE, what qemu-img convert opens its source with):
 * consistent read held, write and resize not shared. Checked against real qemu-io and qemu-img
 * processes in both directions, with the sharing reader ({@code qemu-io -r}'s) as the negative
 * control each time.
 */
class NoShareLockTest {
    private static final String WRITE_CONFLICT = "Failed to get \"write\" lock";
    private static final String SHARED_WRITE_CONFLICT = "Failed to get shared \"write\" lock";

    @TempDir
    Path dir;

    private static void assertConflict(BlockIOException e, String qemuWords, Path img) {
        assertTrue(e.getMessage().contains(qemuWords), e.getMessage());
        assertTrue(e.getMessage().contains("Is another process using the image [" + img + "]?"), e.getMessage());
        assertEquals(Errno.EAGAIN, e.errno());
    }

    private static long inode(Path img) throws IOException {
        return (long) Files.getAttribute(img, "unix:ino");
    }

    /**
     * file-posix's raw_apply_lock_bytes locks byte 100 + i for each held permission bit i and
     * 200 + i for each bit not shared; qemu-img's reader holds consistent read (bit 0) and shares
     * consistent read and write-unchanged (bits 0, 2), so it locks 100, 201 (write) and 203
     * (resize). That is also what /proc/locks shows for the source of a running (rate-limited)
     * {@code qemu-img convert} under QEMU 7.2.
     */
    @Test
    void noShareReaderLocksTheBytesQemuImgUses() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("bytes.img"), 65536);
        long inode = inode(img);
        try (FileDriver reader = FileNodes.openNoShareReader(img)) {
            assertEquals(LockLevel.READER_NO_SHARE, reader.lockLevel());
            for (long b : new long[] {100, 201, 203}) {
                assertTrue(QemuIo.lockedBy(inode, b), "byte " + b + " locked");
            }
            for (long b : new long[] {101, 102, 103, 200, 202}) {
                assertFalse(QemuIo.lockedBy(inode, b), "byte " + b + " not locked");
            }
        }
        assertFalse(QemuIo.lockedBy(inode, 100) || QemuIo.lockedBy(inode, 201) || QemuIo.lockedBy(inode, 203),
                "close drops the locks");
        // negative control: the sharing reader locks byte 100 only
        try (FileDriver reader = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
            assertEquals(LockLevel.READER, reader.lockLevel());
            assertTrue(QemuIo.lockedBy(inode, 100));
            assertFalse(QemuIo.lockedBy(inode, 201) || QemuIo.lockedBy(inode, 203));
        }
    }

    @Test
    void noShareReaderAndWriterExcludeEachOther() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("jj.img"), 65536);
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> FileNodes.openNoShareReader(img));
            assertConflict(e, SHARED_WRITE_CONFLICT, img);
            try (FileDriver sharing = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
                assertEquals(LockLevel.READER, sharing.lockLevel(), "negative control: the sharing reader gets in");
            }
            try (FileDriver unlocked = FileNodes.openNoShareReader(img, "locking", "off")) {
                assertEquals(null, unlocked.lockLevel(), "locking=off (-U): no locks, so no conflict");
            }
        }
        try (FileDriver reader = FileNodes.openNoShareReader(img)) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> FileNodes.open(img, CacheMode.WRITEBACK));
            assertConflict(e, WRITE_CONFLICT, img);
            try (FileDriver second = FileNodes.openNoShareReader(img)) {
                assertEquals(LockLevel.READER_NO_SHARE, second.lockLevel(), "no-share readers coexist");
            }
            // giving up and taking back the permission (migration hand-off) keeps the level
            reader.setWritePermission(false);
            assertEquals(LockLevel.NONE, reader.lockLevel());
            reader.setWritePermission(true);
            assertEquals(LockLevel.READER_NO_SHARE, reader.lockLevel());
        }
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            assertEquals(LockLevel.WRITER, writer.lockLevel(), "the reader has closed: the writer gets in");
        }
    }

    /**
     * (a) qemu-io holds the image read-write: jblock's no-share reader is refused as qemu-img
     * convert's source is, with the same words; qemu-img info (BDRV_O_NO_SHARE is convert's
     * only) and jblock's sharing reader get in.
     */
    @Test
    void noShareReaderIsRefusedWhileQemuIoWrites() throws Exception {
        QemuTools.require("qemu-io", "qemu-img");
        Path img = FileNodes.patterned(dir.resolve("held.img"), 65536);
        try (QemuIo.Holder qemu = new QemuIo.Holder(img, dir.resolve("qemu-io.log"))) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> FileNodes.openNoShareReader(img));
            assertConflict(e, SHARED_WRITE_CONFLICT, img);

            Path copy = dir.resolve("copy.img");
            QemuTools.Result convert = QemuTools.run("qemu-img", "convert", "-f", "raw", "-O", "raw",
                    img.toString(), copy.toString());
            assertFalse(convert.ok(), "qemu-img convert refuses too: " + convert.output());
            assertTrue(convert.output().contains(SHARED_WRITE_CONFLICT), convert.output());
            assertTrue(convert.output().contains("Is another process using the image [" + img + "]?"),
                    convert.output());
            QemuTools.Result info = QemuTools.run("qemu-img", "info", "-f", "raw", img.toString());
            assertTrue(info.ok(), "qemu-img info shares write: " + info.output());

            // negative control: the sharing reader (qemu-io -r's) opens next to the writer
            try (FileDriver sharing = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
                assertEquals(LockLevel.READER, sharing.lockLevel());
                assertEquals(65536, sharing.size());
            }
        }
        try (FileDriver reader = FileNodes.openNoShareReader(img)) {
            assertEquals(LockLevel.READER_NO_SHARE, reader.lockLevel(), "qemu-io has exited: the reader gets in");
        }
    }

    /** (b) jblock holds a no-share reader: a qemu-io writer is refused, qemu-img info gets in. */
    @Test
    void qemuIoWriterIsRefusedWhileNoShareReaderHolds() throws Exception {
        QemuTools.require("qemu-io", "qemu-img");
        Path img = FileNodes.patterned(dir.resolve("ro.img"), 65536);
        try (FileDriver reader = FileNodes.openNoShareReader(img)) {
            QemuTools.Result rw = QemuTools.run("qemu-io", "-f", "raw", "-c", "write -P 0x77 0 512", img.toString());
            assertFalse(rw.ok(), rw.output());
            assertTrue(rw.output().contains("Failed to get"), rw.output());
            assertTrue(rw.output().contains(WRITE_CONFLICT), rw.output());
            assertTrue(rw.output().contains("Is another process using the image [" + img + "]?"), rw.output());
            assertEquals(FileNodes.pattern(0), Files.readAllBytes(img)[0], "the refused write wrote nothing");

            // readers are welcome: qemu-img info, qemu-io -r, and qemu-img convert's no-share source
            QemuTools.Result info = QemuTools.run("qemu-img", "info", "-f", "raw", img.toString());
            assertTrue(info.ok(), info.output());
            assertTrue(info.output().contains("virtual size: 64 KiB"), info.output());
            QemuTools.Result ro = QemuTools.run("qemu-io", "-r", "-f", "raw", "-c", "read 0 512", img.toString());
            assertTrue(ro.ok() && ro.output().contains("read 512/512 bytes"), ro.output());
            Path copy = dir.resolve("copy.img");
            QemuTools.Result convert = QemuTools.run("qemu-img", "convert", "-f", "raw", "-O", "raw",
                    img.toString(), copy.toString());
            assertTrue(convert.ok(), convert.output());
            assertEquals(65536, Files.size(copy));
            assertEquals(LockLevel.READER_NO_SHARE, reader.lockLevel());
        }
        // negative control: next to a sharing reader, the same qemu-io write succeeds
        try (FileDriver sharing = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
            QemuTools.Result rw = QemuTools.run("qemu-io", "-f", "raw", "-c", "write -P 0x77 0 512", img.toString());
            assertTrue(rw.ok() && rw.output().contains("wrote 512/512 bytes"), rw.output());
        }
        assertEquals((byte) 0x77, Files.readAllBytes(img)[0]);
    }
}
