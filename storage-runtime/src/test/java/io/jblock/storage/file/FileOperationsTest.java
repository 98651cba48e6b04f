package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jblock.storage.testing.MapNodeOptions;
import io.jblock.ffm.Errno;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.DriverKind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-zeroes, discard, block status, truncate, create and errors, checked on the file's bytes and blocks. */
class FileOperationsTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void serviceLoaderFindsTheFileProtocolDriver() {
        BlockDriverFactory file = ServiceLoader.load(BlockDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("file")).findFirst().orElseThrow();
        assertEquals(DriverKind.PROTOCOL, file.kind());
        assertTrue(file.optionNames().containsAll(java.util.Set.of("filename", "aio", "locking", "drop-cache",
                "check-cache-dropped", "x-check-cache-dropped", "discard")));
    }

    private static void assertBytes(Path img, long from, long to, java.util.function.LongFunction<Byte> expected)
            throws IOException {
        byte[] content = Files.readAllBytes(img);
        for (long off = from; off < to; off++) {
            assertEquals((byte) expected.apply(off), content[(int) off], "byte at " + off);
        }
    }

    @Test
    void writeZeroesUsesZeroRangeOnExt4() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("z.img"), MIB);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
            node.writeZeroes(65536, 131072, RequestFlags.NONE);
            assumeTrue(node.counters().zeroRange.sum() == 1, "file system without FALLOC_FL_ZERO_RANGE");
            assertEquals(0, node.counters().zeroBufferWrites.sum());
            assertEquals(0, node.counters().fdatasync.sum(), "writeback: no sync");
        }
        assertBytes(img, 0, MIB, off -> off >= 65536 && off < 65536 + 131072 ? 0 : FileNodes.pattern(off));
    }

    @Test
    void writeZeroesWithWritebackOffIsSyncedBecauseFallocateIsNotCoveredByODsync() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("zs.img"), MIB);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITETHROUGH)) {
            node.writeZeroes(0, 4096, RequestFlags.NONE);
            assertEquals(node.counters().zeroBufferWrites.sum() == 0 ? 1 : 0, node.counters().fdatasync.sum());
        }
        assertBytes(img, 0, 8192, off -> off < 4096 ? 0 : FileNodes.pattern(off));
    }

    /** tmpfs has PUNCH_HOLE but not ZERO_RANGE: the fallbacks run for real there. */
    private Path tmpfsImage(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm (tmpfs) here");
        Path d = Files.createTempDirectory(shm, "jblock-file-test");
        d.toFile().deleteOnExit();
        Path img = FileNodes.patterned(d.resolve(name), 256 * 1024);
        img.toFile().deleteOnExit();
        return img;
    }

    @Test
    void writeZeroesFallsBackToPunchHoleThenToWritingZeroes() throws IOException {
        Path img = tmpfsImage("fallback.img");
        try {
            try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK, "discard", "unmap")) {
                node.writeZeroes(0, 65536, RequestFlags.MAY_UNMAP);
                assumeTrue(node.counters().zeroRange.sum() == 0, "this tmpfs has FALLOC_FL_ZERO_RANGE");
                assertEquals(1, node.counters().punchHole.sum(), "MAY_UNMAP with discard=unmap punches a hole");
                assertEquals(0, node.counters().zeroBufferWrites.sum());

                node.writeZeroes(65536, 65536, RequestFlags.NONE);
                assertEquals(1, node.counters().punchHole.sum(), "no MAY_UNMAP: no hole");
                assertEquals(1, node.counters().zeroBufferWrites.sum(), "zeroes written from the zero block");

                BlockIOException e = assertThrows(BlockIOException.class,
                        () -> node.writeZeroes(131072, 4096, RequestFlags.NO_FALLBACK));
                assertEquals(Errno.ENOTSUP, e.errno());
                assertTrue(e.getMessage().contains("NO_FALLBACK"), e.getMessage());
                assertEquals(131072, e.offset());
            }
            try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
                // discard=ignore (default) drops MAY_UNMAP, as QEMU does without BDRV_O_UNMAP
                node.writeZeroes(196608, 4096, RequestFlags.MAY_UNMAP);
                assertEquals(0, node.counters().punchHole.sum());
                assertEquals(1, node.counters().zeroBufferWrites.sum());
            }
            // NO_FALLBACK left its range alone; everything else asked for reads as zeroes
            assertBytes(img, 0, 256 * 1024, off -> off < 131072 || (off >= 196608 && off < 196608 + 4096)
                    ? 0 : FileNodes.pattern(off));
        } finally {
            Files.deleteIfExists(img);
            Files.deleteIfExists(img.getParent());
        }
    }

    @Test
    void discardPunchesAHoleOnlyWithDiscardUnmap() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("d.img"), MIB);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
            node.discard(0, 65536);
            assertEquals(0, node.counters().punchHole.sum());
            BlockStatus s = node.blockStatus(0, MIB);
            assertTrue(s.data(), "discard=ignore leaves the data");
        }
        assertBytes(img, 0, 65536, FileNodes::pattern);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE, "discard", "unmap")) {
            node.discard(0, 65536);
            assertEquals(1, node.counters().punchHole.sum());
            BlockStatus hole = node.blockStatus(0, MIB);
            assertTrue(hole.zero(), "punched range reads as a hole: " + hole);
            assertEquals(65536, hole.length());
            BlockStatus data = node.blockStatus(65536, MIB - 65536);
            assertTrue(data.data());
            assertEquals(MIB - 65536, data.length());
        }
        assertBytes(img, 0, MIB, off -> off < 65536 ? 0 : FileNodes.pattern(off));
    }

    @Test
    void blockStatusFollowsDataAndHoles() throws IOException {
        Path img = dir.resolve("sparse.img");
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(4L * MIB);
            raf.seek(MIB);
            raf.write(new byte[65536]);
            raf.seek(3L * MIB);
            raf.write(new byte[] {1});
        }
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
            BlockStatus first = node.blockStatus(0, 4L * MIB);
            assertTrue(first.zero() && !first.data() && first.allocated(), first.toString());
            assertEquals(MIB, first.length());
            assertEquals(0, first.hostOffset());

            BlockStatus data = node.blockStatus(MIB, 3L * MIB);
            assertTrue(data.data() && !data.zero(), data.toString());
            assertEquals(65536, data.length());
            assertEquals(MIB, data.hostOffset());

            BlockStatus middle = node.blockStatus(MIB + 65536, 3L * MIB - 65536);
            assertTrue(middle.zero(), middle.toString());
            assertEquals(2L * MIB - 65536, middle.length());

            BlockStatus clipped = node.blockStatus(0, 4096);
            assertEquals(4096, clipped.length(), "a run never exceeds the query");

            BlockStatus tail = node.blockStatus(3L * MIB + 4096, MIB - 4096);
            assertTrue(tail.zero());
            assertEquals(MIB - 4096, tail.length());
        }
    }

    @Test
    void truncateGrowsWithEachPreallocationMode() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("t.img"), 65536);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK)) {
            node.truncate(MIB, Preallocation.OFF);
            assertEquals(MIB, node.size());
            long blocksOff = PosixIO.fstatFd(node.fd(), null).blocks() * 512;
            assertTrue(blocksOff < 2 * 65536, "off allocates nothing: " + blocksOff);

            node.truncate(2L * MIB, Preallocation.FALLOC);
            assertEquals(2L * MIB, node.size());
            long blocksFalloc = PosixIO.fstatFd(node.fd(), null).blocks() * 512;
            assertTrue(blocksFalloc >= blocksOff + MIB, "falloc reserves the growth: " + blocksFalloc);

            node.truncate(3L * MIB, Preallocation.FULL);
            assertEquals(3L * MIB, node.size());
            long blocksFull = PosixIO.fstatFd(node.fd(), null).blocks() * 512;
            assertTrue(blocksFull >= blocksFalloc + MIB, "full writes the growth: " + blocksFull);
            BlockStatus full = node.blockStatus(2L * MIB, MIB);
            assertTrue(full.data(), "full preallocation is written data: " + full);

            BlockIOException shrink = assertThrows(BlockIOException.class,
                    () -> node.truncate(MIB, Preallocation.FALLOC));
            assertTrue(shrink.getMessage().contains("Cannot use preallocation for shrinking files"), shrink.getMessage());
            BlockIOException metadata = assertThrows(BlockIOException.class,
                    () -> node.truncate(4L * MIB, Preallocation.METADATA));
            assertTrue(metadata.getMessage().contains("Unsupported preallocation mode: metadata"));
            assertEquals(3L * MIB, node.size(), "refused resizes change nothing");

            node.truncate(32768, Preallocation.OFF);
            assertEquals(32768, node.size());
        }
        byte[] content = Files.readAllBytes(img);
        assertEquals(32768, content.length);
        for (int i = 0; i < content.length; i++) {
            assertEquals(FileNodes.pattern(i), content[i]);
        }
    }

    @Test
    void truncateFullUnderODirectWithAnUnalignedOldSize() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("tf.img"), 1000);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE)) {
            node.truncate(65536, Preallocation.FULL);
            assertEquals(65536, node.size());
        }
        assertBytes(img, 0, 65536, off -> off < 1000 ? FileNodes.pattern(off) : 0);
    }

    @Test
    void createSizesAndPreallocatesTheFile() throws IOException {
        FileDriverFactory factory = new FileDriverFactory();
        for (Preallocation p : new Preallocation[] {Preallocation.OFF, Preallocation.FALLOC, Preallocation.FULL}) {
            Path img = FileNodes.patterned(dir.resolve("c-" + p.qemuName() + ".img"), 8192);
            factory.create(new TestCreateContext(img.toString(), 2L * MIB,
                    MapNodeOptions.of("preallocation", p.qemuName())));
            assertEquals(2L * MIB, Files.size(img));
            byte[] content = Files.readAllBytes(img);
            for (int i = 0; i < content.length; i++) {
                if (content[i] != 0) {
                    throw new AssertionError(p + ": old content survived create at byte " + i);
                }
            }
            long allocated = blocks(img);
            if (p == Preallocation.OFF) {
                assertTrue(allocated < MIB, p + ": " + allocated);
            } else {
                assertTrue(allocated >= 2L * MIB, p + ": " + allocated);
            }
        }
        Path fresh = dir.resolve("fresh.img");
        factory.create(new TestCreateContext(fresh.toString(), 12345, MapNodeOptions.of()));
        assertEquals(12345, Files.size(fresh));
        BlockIOException e = assertThrows(BlockIOException.class, () -> factory.create(
                new TestCreateContext(fresh.toString(), 4096, MapNodeOptions.of("preallocation", "metadata"))));
        assertTrue(e.getMessage().contains("Unsupported preallocation mode: metadata"), e.getMessage());
    }

    private static long blocks(Path img) throws IOException {
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK, "locking", "off")) {
            return PosixIO.fstatFd(node.fd(), null).blocks() * 512;
        }
    }

    @Test
    void concurrentWritesFromManyThreadsAllLand() throws Exception {
        for (CacheMode mode : new CacheMode[] {CacheMode.WRITEBACK, CacheMode.NONE}) {
            Path img = FileNodes.patterned(dir.resolve("mt-" + mode.qemuName() + ".img"), MIB);
            int threads = 4;
            int blocks = MIB / 4096;
            try (FileDriver node = FileNodes.open(img, mode)) {
                java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                    for (int t = 0; t < threads; t++) {
                        int me = t;
                        done.add(pool.submit(() -> {
                            try (Arena arena = Arena.ofConfined()) {
                                MemorySegment buf = AlignedMemory.allocate(arena, 4096, 4096);
                                for (int b = me; b < blocks; b += threads) {
                                    buf.fill((byte) (b * 3 + me));
                                    node.write(b * 4096L, buf, RequestFlags.NONE);
                                }
                            }
                            return null;
                        }));
                    }
                    for (var f : done) {
                        f.get();
                    }
                }
                node.flush();
            }
            byte[] content = Files.readAllBytes(img);
            for (int b = 0; b < blocks; b++) {
                byte expected = (byte) (b * 3 + b % threads);
                assertEquals(expected, content[b * 4096], mode + ": first byte of block " + b);
                assertEquals(expected, content[b * 4096 + 4095], mode + ": last byte of block " + b);
            }
        }
    }

    /** procfs files cannot be synced (EINVAL): a real failing fdatasync, without a failing disk. */
    @Test
    void aFailedFlushMakesEveryLaterFlushFail() throws IOException {
        Path proc = Path.of("/proc/version");
        assumeTrue(Files.isReadable(proc), "/proc/version is not readable here");
        try (FileDriver node = FileNodes.open(proc, CacheMode.WRITEBACK.settings(), true, false, "locking", "off")) {
            BlockIOException first = assertThrows(BlockIOException.class, node::flush);
            assertEquals(Errno.EINVAL, first.errno());
            assertTrue(first.getMessage().contains("flush (fdatasync) failed"), first.getMessage());
            assertEquals(1, node.counters().fdatasync.sum());

            // the kernel may have dropped the dirty pages: a second fdatasync could "succeed" falsely
            BlockIOException second = assertThrows(BlockIOException.class, node::flush);
            assertTrue(second.getMessage().contains("an earlier fdatasync failed with EINVAL"), second.getMessage());
            assertEquals(Errno.EINVAL, second.errno());
            assertEquals(1, node.counters().fdatasync.sum(), "no second fdatasync was even tried");
        }
    }

    /** Cache invalidation syncs through the same rule: its failed fdatasync poisons later flushes. */
    @Test
    void aFailedInvalidationSyncMakesLaterFlushesFail() throws IOException {
        Path proc = Path.of("/proc/version");
        assumeTrue(Files.isReadable(proc), "/proc/version is not readable here");
        try (FileDriver node = FileNodes.open(proc, CacheMode.WRITEBACK.settings(), true, false, "locking", "off")) {
            BlockIOException first = assertThrows(BlockIOException.class, node::invalidateCache);
            assertEquals(Errno.EINVAL, first.errno());
            assertTrue(first.getMessage().contains("cache invalidation (fdatasync) failed"), first.getMessage());
            assertEquals(0, node.counters().fadviseDontneed.sum(), "no DONTNEED after a failed sync");

            BlockIOException second = assertThrows(BlockIOException.class, node::flush);
            assertTrue(second.getMessage().contains("an earlier fdatasync failed with EINVAL"), second.getMessage());
            assertEquals(1, node.counters().fdatasync.sum(), "no second fdatasync was even tried");
        }
    }

    @Test
    void errorsNameNodeFileOffsetAndErrno() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("e.img"), 65536);
        FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 4096, 4096);
            // bypass the generic layer's read-only check: the kernel refuses the write (EBADF)
            BlockIOException e = assertThrows(BlockIOException.class, () -> node.write(8192, buf, RequestFlags.NONE));
            assertEquals(Errno.EBADF, e.errno());
            assertEquals(8192, e.offset());
            assertEquals("node-e.img", e.nodeName());
            assertTrue(e.getMessage().contains("node 'node-e.img' (file " + img + ") at offset 8192"), e.getMessage());
            assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
            assertTrue(e.getCause() instanceof io.jblock.ffm.NativeIOException);

            node.close();
            node.close();
            assertThrows(NodeClosedException.class, () -> node.read(0, buf));
        }
        BlockIOException missing = assertThrows(BlockIOException.class,
                () -> FileNodes.open(dir.resolve("missing.img"), CacheMode.WRITEBACK));
        assertEquals(Errno.ENOENT, missing.errno());
        assertTrue(missing.getMessage().contains("missing.img"), missing.getMessage());
        BlockIOException directory = assertThrows(BlockIOException.class,
                () -> FileNodes.open(dir, CacheMode.WRITEBACK.settings(), true, false));
        assertTrue(directory.getMessage().contains("regular file"), directory.getMessage());
        assertFalse(Files.exists(dir.resolve("missing.img")), "open never creates");
    }
}
