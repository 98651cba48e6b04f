package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.qcow2.cache.CacheSizes;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.BlockNode;
import io.jblock.storage.ReadOnlyNodeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Internal snapshots (list, read-only view) and the metadata caches' sizes and counters. */
class SnapshotAndCacheTest {
    @TempDir
    Path tmp;

    @Test
    void snapshotsAreListedAndReadableReadOnly() throws IOException {
        QemuTools.require();
        Path img = tmp.resolve("s.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "2M");
        QemuTools.io(img, "qcow2", "write -P 0x11 0 2M");
        QemuTools.img("snapshot", "-c", "first", img.toString());
        QemuTools.io(img, "qcow2", "write -P 0x22 64k 1M");
        QemuTools.img("snapshot", "-c", "second", img.toString());
        QemuTools.io(img, "qcow2", "write -P 0x33 0 4k");
        long now = System.currentTimeMillis() / 1000;
        try (DriverBackedNode n = TestImages.openReadOnly(img)) {
            List<SnapshotInfo> s = n.qcow2().snapshots();
            assertEquals(2, s.size());
            assertEquals("first", s.get(0).name());
            assertEquals("1", s.get(0).id());
            assertEquals("second", s.get(1).name());
            assertEquals(0, s.get(0).vmStateSize());
            assertEquals(2 << 20, s.get(1).diskSize());
            assertTrue(Math.abs(s.get(1).dateSeconds() - now) < 120, "date " + s.get(1).dateSeconds());
            var check = n.qcow2().check(false, false);
            assertTrue(check.isClean(), "snapshot references are counted: " + check.messages());
        }
        for (String name : new String[] {"first", "second"}) {
            Path raw = tmp.resolve(name + ".raw");
            QemuTools.img("convert", "-O", "raw", "-l", "snapshot.name=" + name, img.toString(), raw.toString());
            byte[] expected = java.nio.file.Files.readAllBytes(raw);
            try (BlockNode n = TestImages.open(img, true, false, Map.of("snapshot.name", name))) {
                ImageAssertions.assertSameBytes(expected, ImageAssertions.readAll(n, 100_000), name);
                try (Arena a = Arena.ofConfined()) {
                    assertThrows(ReadOnlyNodeException.class, () -> n.write(0, a.allocate(1)));
                }
            }
        }
        assertThrows(Qcow2UnsupportedException.class,
                () -> TestImages.open(img, true, false, Map.of("snapshot.name", "nope")));
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    @Test
    void idleEntriesAreWrittenBackAndDroppedByTheCleaner() throws IOException {
        java.util.List<Long> stored = new java.util.ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            var cache = new io.jblock.qcow2.cache.MetadataCache("t", arena, 512, 3, new io.jblock.qcow2.cache.TableIO() {
                @Override
                public void load(long hostOffset, java.lang.foreign.MemorySegment dst) {
                    dst.fill((byte) 0);
                }

                @Override
                public void store(long hostOffset, java.lang.foreign.MemorySegment src) {
                    stored.add(hostOffset);
                }

                @Override
                public void flush() {
                }
            });
            cache.get(512);
            cache.create(1024);
            assertEquals(2, cache.size());
            assertEquals(2, cache.cleanIdle(0));
            assertEquals(0, cache.size());
            assertEquals(java.util.List.of(1024L), stored, "only the dirty entry is written back");
            // a long interval drops nothing that was just used
            cache.get(512);
            assertEquals(0, cache.cleanIdle(java.util.concurrent.TimeUnit.HOURS.toNanos(1)));
            assertEquals(1, cache.size());
        }
    }

    @Test
    void cacheSizesFollowQemuDefaultsAndOptions() throws IOException {
        Path img = tmp.resolve("c.qcow2");
        TestImages.create(img, 64 << 20, Map.of());
        try (DriverBackedNode n = TestImages.open(img)) {
            CacheSizes c = n.qcow2().cacheSizes();
            // 64 MiB / 64 KiB clusters = 1024 L2 entries of 8 bytes: 8 KiB, rounded to one cluster,
            // then raised to QEMU's minimum of 2 cache entries.
            assertEquals(2, c.l2Entries());
            assertEquals(65536, c.l2EntrySize());
            assertEquals(4 * 65536, c.refcountBytes());
            assertEquals(600, c.cleanIntervalSeconds());
        }
        try (DriverBackedNode n = TestImages.open(img, false, false, Map.of("cache-size", "1M"))) {
            CacheSizes c = n.qcow2().cacheSizes();
            assertEquals((1 << 20) - 65536, c.refcountBytes(), "cache-size: L2 covers the disk, the rest is refcount");
        }
        try (DriverBackedNode n = TestImages.open(img, false, false, Map.of("l2-cache-size", "8k"))) {
            CacheSizes c = n.qcow2().cacheSizes();
            assertEquals(4096, c.l2EntrySize(), "smaller entries when the cache does not cover the disk");
            assertEquals(2, c.l2Entries());
        }
        assertThrows(IllegalArgumentException.class, () -> TestImages.open(img, false, false,
                Map.of("cache-size", "1M", "l2-cache-size", "512k", "refcount-cache-size", "512k")));
        assertThrows(IllegalArgumentException.class, () -> TestImages.open(img, false, false,
                Map.of("l2-cache-entry-size", "3000")));
    }

    @Test
    void hitAndMissCountersAndDropCaches() throws IOException {
        Path img = tmp.resolve("h.qcow2");
        TestImages.create(img, 64 << 20, Map.of());
        try (DriverBackedNode n = TestImages.open(img, false, false, Map.of("l2-cache-entry-size", "4k",
                "l2-cache-size", "8k")); Arena a = Arena.ofConfined()) {
            n.write(0, a.allocate(4096).fill((byte) 1));
            n.write(40 << 20, a.allocate(4096).fill((byte) 1));
            n.qcow2().dropCaches();
            var before = n.qcow2().cacheCounters();
            n.read(0, a.allocate(512));
            var afterMiss = n.qcow2().cacheCounters();
            assertEquals(before.l2Misses() + 1, afterMiss.l2Misses());
            n.read(512, a.allocate(512));
            var afterHit = n.qcow2().cacheCounters();
            assertEquals(afterMiss.l2Hits() + 1, afterHit.l2Hits());
            assertEquals(afterMiss.l2Misses(), afterHit.l2Misses());
            n.qcow2().dropCaches();
            n.read(0, a.allocate(512));
            assertEquals(afterHit.l2Misses() + 1, n.qcow2().cacheCounters().l2Misses());
            assertEquals(2, n.qcow2().cacheCounters().l2Entries());
        }
    }
}
