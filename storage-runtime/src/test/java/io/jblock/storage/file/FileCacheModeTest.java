package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each cache mode's open flags, read back from the kernel (/proc/self/fdinfo), and how many
 * syncs a write and a flush cost.
 */
class FileCacheModeTest {
    @TempDir
    Path dir;

    /** The {@code flags:} line of /proc/self/fdinfo/FD, octal as the kernel prints it. */
    static int kernelFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new IllegalStateException("no flags line in /proc/self/fdinfo/" + fd);
    }

    @ParameterizedTest
    @EnumSource(CacheMode.class)
    void openFlagsFollowTheCacheMode(CacheMode mode) throws IOException {
        Path img = FileNodes.patterned(dir.resolve("a.img"), 1 << 16);
        try (FileDriver rw = FileNodes.open(img, mode);
             FileDriver ro = FileNodes.open(img, mode.settings(), true, false)) {
            int flags = kernelFlags(rw.fd());
            assertEquals(Libc.O_RDWR(), flags & Libc.O_ACCMODE(), "access mode, " + mode);
            assertEquals(mode.settings().direct(), (flags & Libc.O_DIRECT()) != 0, "O_DIRECT, " + mode);
            assertEquals(!mode.settings().writeback(), (flags & Libc.O_DSYNC()) == Libc.O_DSYNC(), "O_DSYNC, " + mode);
            // O_SYNC contains the O_DSYNC bit; we must never ask for the stronger (metadata) sync
            assertEquals(0, flags & (Libc.O_SYNC() & ~Libc.O_DSYNC()), "no O_SYNC, " + mode);
            assertEquals(Libc.O_CLOEXEC(), flags & Libc.O_CLOEXEC(), "close-on-exec, " + mode);

            int roFlags = kernelFlags(ro.fd());
            assertEquals(Libc.O_RDONLY(), roFlags & Libc.O_ACCMODE(), "read-only access mode, " + mode);
            assertEquals(mode.settings().direct(), (roFlags & Libc.O_DIRECT()) != 0, "read-only O_DIRECT, " + mode);
        }
    }

    @ParameterizedTest
    @EnumSource(CacheMode.class)
    void syncsPerWriteAndFlush(CacheMode mode) throws IOException {
        Path img = FileNodes.patterned(dir.resolve("b.img"), 1 << 16);
        try (FileDriver node = FileNodes.open(img, mode); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 4096, 4096);
            buf.fill((byte) 0x5a);
            for (int i = 0; i < 4; i++) {
                node.write(i * 4096L, buf, RequestFlags.NONE);
            }
            // writethrough and directsync are stable through O_DSYNC: no fdatasync per write
            assertEquals(0, node.counters().fdatasync.sum(), "fdatasync per write, " + mode);
            assertEquals(0, node.counters().dsyncWrites.sum(), "RWF_DSYNC writes, " + mode);

            node.flush();
            long expectedFlushSyncs = mode.settings().noFlush() ? 0 : 1;
            assertEquals(expectedFlushSyncs, node.counters().fdatasync.sum(), "fdatasync per flush, " + mode);

            node.write(8 * 4096L, buf, RequestFlags.FUA);
            // FUA costs one RWF_DSYNC write in writeback modes, nothing extra where O_DSYNC is on,
            // and is ignored with cache.no-flush, as QEMU ignores flushes there
            long expectedDsync = mode.settings().writeback() && !mode.settings().noFlush() ? 1 : 0;
            assertEquals(expectedDsync, node.counters().dsyncWrites.sum(), "RWF_DSYNC writes after FUA, " + mode);
            assertEquals(expectedFlushSyncs, node.counters().fdatasync.sum(), "fdatasync after FUA, " + mode);
        }
        byte[] content = Files.readAllBytes(img);
        for (int i = 0; i < 4 * 4096; i++) {
            assertEquals((byte) 0x5a, content[i], "byte " + i);
        }
        assertEquals((byte) 0x5a, content[8 * 4096]);
        assertEquals(FileNodes.pattern(4 * 4096), content[4 * 4096], "untouched byte after the writes");
    }

    @Test
    void writeReadRoundTripInEveryMode() throws IOException {
        for (CacheMode mode : CacheMode.values()) {
            Path img = FileNodes.patterned(dir.resolve("c-" + mode.qemuName() + ".img"), 1 << 16);
            try (FileDriver node = FileNodes.open(img, mode); Arena arena = Arena.ofConfined()) {
                MemorySegment src = AlignedMemory.allocate(arena, 8192, 4096);
                for (int i = 0; i < 8192; i++) {
                    src.set(ValueLayout.JAVA_BYTE, i, (byte) (i ^ 0x33));
                }
                node.write(16384, src, RequestFlags.NONE);
                MemorySegment dst = AlignedMemory.allocate(arena, 32768, 4096);
                node.read(8192, dst);
                byte[] expected = new byte[32768];
                for (int i = 0; i < expected.length; i++) {
                    long off = 8192 + i;
                    expected[i] = off >= 16384 && off < 16384 + 8192 ? (byte) ((off - 16384) ^ 0x33) : FileNodes.pattern(off);
                }
                assertArrayEquals(expected, dst.toArray(ValueLayout.JAVA_BYTE), mode.qemuName());
            }
        }
    }
}
