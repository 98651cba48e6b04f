package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jblock.ffm.PageCacheResidency;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** invalidateCache (issue 5 item 2): dropping the page cache, and proving it with mincore and cachestat. */
class CacheInvalidationTest {
    private static final int SIZE = 4 << 20;
    private static final Pattern STAYED = Pattern.compile("page cache still in use: (\\d+) of (\\d+) bytes stayed cached");

    @TempDir
    Path dir;

    /** Writes the whole file through the node and reads it back, so every page is cached. */
    private static void fillAndRead(FileDriver node) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 1 << 20, 4096);
            for (long off = 0; off < SIZE; off += buf.byteSize()) {
                buf.fill((byte) (off >>> 20));
                node.write(off, buf, RequestFlags.NONE);
            }
            for (long off = 0; off < SIZE; off += buf.byteSize()) {
                node.read(off, buf);
                assertEquals((byte) (off >>> 20), buf.get(ValueLayout.JAVA_BYTE, 4095));
            }
        }
    }

    private static long mincore(FileDriver node) throws IOException {
        return PageCacheResidency.MINCORE.residentBytes(node.fd(), 0, SIZE, null);
    }

    private static long cachestat(FileDriver node) throws IOException {
        assumeTrue(PosixIO.cachestatSupported(), "kernel without cachestat (Linux < 6.5)");
        return PageCacheResidency.CACHESTAT.residentBytes(node.fd(), 0, SIZE, null);
    }

    @Test
    void dropCacheEmptiesThePageCacheAndBothMeasuresAgree() throws IOException {
        Path img = dir.resolve("drop.img");
        FileNodes.patterned(img, SIZE);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK, "check-cache-dropped", "on")) {
            fillAndRead(node);
            long before = mincore(node);
            assertEquals(SIZE, before, "written and read: every page cached");
            assertEquals(before, cachestat(node), "mincore and cachestat agree on a cached file");

            node.invalidateCache();
            assertEquals(1, node.counters().fdatasync.sum(), "dirty pages written back first");
            assertEquals(1, node.counters().fadviseDontneed.sum());
            assertEquals(0, mincore(node), "mincore: nothing cached");
            assertEquals(0, cachestat(node), "cachestat: nothing cached");
        }
    }

    @Test
    void dropCacheOffLeavesThePagesCached() throws IOException {
        Path img = dir.resolve("keep.img");
        FileNodes.patterned(img, SIZE);
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK, "drop-cache", "off",
                "x-check-cache-dropped", "on")) {
            fillAndRead(node);
            node.invalidateCache();
            assertEquals(0, node.counters().fadviseDontneed.sum());
            assertEquals(0, node.counters().fdatasync.sum());
            assertEquals(SIZE, mincore(node), "negative control: pages stay with drop-cache=off");
            assertEquals(SIZE, cachestat(node));
        }
    }

    @Test
    void oDirectHasNoPageCacheToDrop() throws IOException {
        Path img = dir.resolve("direct.img");
        FileNodes.patterned(img, SIZE);
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE, "check-cache-dropped", "on")) {
            fillAndRead(node);
            node.invalidateCache();
            assertEquals(0, node.counters().fadviseDontneed.sum(), "no posix_fadvise under O_DIRECT");
            assertEquals(0, node.counters().fdatasync.sum());
        }
    }

    /** Mapped pages survive POSIX_FADV_DONTNEED: the check must notice and say how many bytes stayed. */
    @Test
    void checkCacheDroppedFailsWhenPagesStay() throws IOException {
        Path img = dir.resolve("pinned.img");
        FileNodes.patterned(img, SIZE);
        for (PageCacheResidency measure : PageCacheResidency.values()) {
            if (measure == PageCacheResidency.CACHESTAT && !PosixIO.cachestatSupported()) {
                continue;
            }
            try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK, "check-cache-dropped", "on")) {
                node.residency(measure);
                fillAndRead(node);
                long pinned = 64 * 4096;
                java.lang.foreign.Arena mapping = java.lang.foreign.Arena.ofConfined();
                MemorySegment map = PosixIO.mmapFd(node.fd(), 0, pinned, Libc.PROT_READ(), Libc.MAP_SHARED(),
                        mapping, null);
                try {
                    long sum = 0;
                    for (long off = 0; off < pinned; off += 4096) {
                        sum += map.get(ValueLayout.JAVA_BYTE, off);
                    }
                    assertEquals(0, sum, "the first MiB was written as zeroes");
                    BlockIOException e = assertThrows(BlockIOException.class, node::invalidateCache);
                    Matcher m = STAYED.matcher(e.getMessage());
                    assertTrue(m.find(), measure + ": " + e.getMessage());
                    long stayed = Long.parseLong(m.group(1));
                    assertEquals(SIZE, Long.parseLong(m.group(2)));
                    // large folios may keep more than the mapped pages; never less, never all
                    assertTrue(stayed >= pinned && stayed < SIZE, measure + ": " + e.getMessage());
                    assertEquals(stayed, mincore(node), "mincore agrees with the reported count");
                    if (PosixIO.cachestatSupported()) {
                        assertEquals(stayed, cachestat(node), "cachestat agrees with the reported count");
                    }
                    assertTrue(e.getMessage().contains("measured with " + measure), e.getMessage());
                    assertTrue(e.getMessage().contains(img.toString()), e.getMessage());
                } finally {
                    mapping.close(); // unmaps
                }
                // negative control: unmapped, the same check passes
                node.invalidateCache();
                assertEquals(0, mincore(node));
            }
        }
    }
}
