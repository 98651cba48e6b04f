package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.MapNodeOptions;
import io.jblock.storage.testing.QemuIo;
import io.jblock.storage.testing.QemuTools;
import io.jblock.ffm.Errno;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image locking on QEMU's byte scheme: jblock against jblock, and against a real qemu-io
 * process in both directions, with locking=off as the negative control.
 */
class ImageLockTest {
    private static final String WRITE_CONFLICT = "Failed to get \"write\" lock";
    private static final String SHARED_WRITE_CONFLICT = "Failed to get shared \"write\" lock";

    @TempDir
    Path dir;

    private static void assertConflict(BlockIOException e, String qemuWords, Path img) {
        assertTrue(e.getMessage().contains(qemuWords), e.getMessage());
        assertTrue(e.getMessage().contains("Is another process using the image [" + img + "]?"), e.getMessage());
        assertEquals(Errno.EAGAIN, e.errno());
    }

    @Test
    void writerLocksTheBytesQemuUses() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("bytes.img"), 65536);
        long inode = (long) java.nio.file.Files.getAttribute(img, "unix:ino");
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            assertEquals(LockLevel.WRITER, writer.lockLevel());
            // held: consistent read (100), write (101), resize (103); not shared: write (201), resize (203)
            for (long b : new long[] {100, 101, 103, 201, 203}) {
                assertTrue(QemuIo.lockedBy(inode, b), "byte " + b + " locked");
            }
            for (long b : new long[] {102, 200, 202}) {
                assertFalse(QemuIo.lockedBy(inode, b), "byte " + b + " not locked");
            }
        }
        assertFalse(QemuIo.lockedBy(inode, 101), "close drops the locks");
    }

    @Test
    void twoWritersExcludeEachOtherAndReadersAreWelcome() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("jj.img"), 65536);
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> FileNodes.open(img, CacheMode.NONE));
            assertConflict(e, WRITE_CONFLICT, img);
            try (FileDriver reader = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
                assertEquals(LockLevel.READER, reader.lockLevel());
            }
            try (FileDriver unlocked = FileNodes.open(img, CacheMode.WRITEBACK, "locking", "off")) {
                assertEquals(null, unlocked.lockLevel(), "locking=off: no lock descriptor at all");
            }
            assertEquals(LockLevel.WRITER, writer.lockLevel(), "a failed open leaves the holder's locks alone");
        }
        try (FileDriver again = FileNodes.open(img, CacheMode.WRITEBACK)) {
            assertEquals(LockLevel.WRITER, again.lockLevel());
        }
    }

    @Test
    void createDoesNotClobberAnImageInUse() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("inuse.img"), 65536);
        FileDriverFactory factory = new FileDriverFactory();
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            BlockIOException e = assertThrows(BlockIOException.class,
                    () -> factory.create(new TestCreateContext(img.toString(), 4096, MapNodeOptions.of())));
            assertConflict(e, WRITE_CONFLICT, img);
        }
        assertEquals(65536, java.nio.file.Files.size(img), "the refused create changed nothing");
        assertEquals(FileNodes.pattern(4097), java.nio.file.Files.readAllBytes(img)[4097]);
        factory.create(new TestCreateContext(img.toString(), 4096, MapNodeOptions.of()));
        assertEquals(4096, java.nio.file.Files.size(img), "negative control: unused, the image is recreated");
    }

    @Test
    void writePermissionMovesBetweenNodesForMigration() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("handoff.img"), 65536);
        try (FileDriver source = FileNodes.open(img, CacheMode.WRITEBACK);
             FileDriver destination = FileNodes.open(img, CacheMode.WRITEBACK.settings(), false, true)) {
            assertEquals(LockLevel.NONE, destination.lockLevel(), "opened inactive: no locks, as QEMU");
            BlockIOException early = assertThrows(BlockIOException.class, () -> destination.setWritePermission(true));
            assertConflict(early, WRITE_CONFLICT, img);
            assertEquals(LockLevel.NONE, destination.lockLevel(), "a refused change leaves nothing locked");

            source.setWritePermission(false);
            destination.setWritePermission(true);
            assertEquals(LockLevel.WRITER, destination.lockLevel());
            BlockIOException back = assertThrows(BlockIOException.class, () -> source.setWritePermission(true));
            assertConflict(back, WRITE_CONFLICT, img);
        }
    }

    @Test
    void qemuIoIsRefusedWhileJblockWrites() throws Exception {
        QemuTools.require("qemu-io");
        Path img = FileNodes.patterned(dir.resolve("a.img"), 65536);
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 4096, 4096);
            buf.fill((byte) 0x5a);
            writer.write(0, buf, RequestFlags.NONE);

            QemuTools.Result rw = QemuTools.run("qemu-io", "-c", "read 0 512", "-f", "raw", img.toString());
            assertFalse(rw.ok(), rw.output());
            assertTrue(rw.output().contains(WRITE_CONFLICT), rw.output());
            assertTrue(rw.output().contains("Is another process using the image"), rw.output());

            // qemu-io -r takes consistent read only and shares everything: QEMU lets it in, and it
            // sees what jblock wrote (same page cache)
            QemuTools.Result ro = QemuTools.run("qemu-io", "-r", "-c", "read -P 0x5a 0 4096", "-f", "raw", img.toString());
            assertTrue(ro.ok(), ro.output());
            assertTrue(ro.output().contains("read 4096/4096 bytes"), ro.output());
            assertFalse(ro.output().contains("Pattern verification failed"), ro.output());
        }
        // negative control: once jblock has closed, qemu-io writes
        QemuTools.Result after = QemuTools.run("qemu-io", "-c", "write -P 0x6b 0 512", "-f", "raw", img.toString());
        assertTrue(after.ok() && after.output().contains("wrote 512/512 bytes"), after.output());
    }

    @Test
    void qemuIoIsLetInWhenJblockDoesNotLock() throws Exception {
        QemuTools.require("qemu-io");
        Path img = FileNodes.patterned(dir.resolve("off.img"), 65536);
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK, "locking", "off")) {
            QemuTools.Result rw = QemuTools.run("qemu-io", "-c", "write -P 0x11 4096 512", "-f", "raw", img.toString());
            assertTrue(rw.ok() && rw.output().contains("wrote 512/512 bytes"), rw.output());
        }
    }

    @Test
    void jblockIsRefusedWhileQemuIoWrites() throws Exception {
        QemuTools.require("qemu-io");
        Path img = FileNodes.patterned(dir.resolve("b.img"), 65536);
        try (QemuIo.Holder qemu = new QemuIo.Holder(img, dir.resolve("qemu-io.log"))) {
            // qemu-io holds write (byte 101); a jblock writer does not share write
            BlockIOException e = assertThrows(BlockIOException.class, () -> FileNodes.open(img, CacheMode.WRITEBACK));
            assertConflict(e, SHARED_WRITE_CONFLICT, img);

            // a reader shares everything, as qemu-io -r does next to a writer
            qemu.command("write -P 0x3c 8192 4096");
            qemu.command("flush");
            try (FileDriver reader = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false);
                 Arena arena = Arena.ofConfined()) {
                MemorySegment buf = AlignedMemory.allocate(arena, 4096, 4096);
                // qemu-io runs commands asynchronously to us; wait (bounded) for its write to land
                for (int i = 0; i < 1000 && buf.get(ValueLayout.JAVA_BYTE, 4095) != 0x3c; i++) {
                    reader.read(8192, buf);
                    if (buf.get(ValueLayout.JAVA_BYTE, 4095) != 0x3c) {
                        Thread.sleep(10);
                    }
                }
                for (int i = 0; i < 4096; i++) {
                    assertEquals((byte) 0x3c, buf.get(ValueLayout.JAVA_BYTE, i), "byte " + i + ": " + qemu.output());
                }
            }
            // negative control: without locking jblock opens even now
            try (FileDriver unlocked = FileNodes.open(img, CacheMode.WRITEBACK, "locking", "off")) {
                assertEquals(65536, unlocked.size());
            }
        }
        try (FileDriver writer = FileNodes.open(img, CacheMode.WRITEBACK)) {
            assertEquals(LockLevel.WRITER, writer.lockLevel(), "qemu-io has exited: the writer gets in");
        }
    }
}
