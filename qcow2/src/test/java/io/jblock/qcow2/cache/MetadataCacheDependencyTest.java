package io.jblock.qcow2.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-ordering rules between metadata caches (QEMU's qcow2_cache_set_dependency and
 * qcow2_cache_depends_on_flush), against a log of what each cache stores and when the file is
 * flushed.
 */
class MetadataCacheDependencyTest {
    private final Arena arena = Arena.ofConfined();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        arena.close();
    }

    private MetadataCache cache(String name, int capacity) {
        return new MetadataCache(name, arena, 512, capacity, new TableIO() {
            @Override
            public void load(long hostOffset, MemorySegment dst) {
                dst.fill((byte) 0);
            }

            @Override
            public void store(long hostOffset, MemorySegment src) {
                log.add(name + "@" + hostOffset);
            }

            @Override
            public void flush() {
                log.add("flush");
            }
        });
    }

    private List<String> taken() {
        List<String> l = List.copyOf(log);
        log.clear();
        return l;
    }

    @Test
    void aCacheThatDependsOnAnotherWritesItAndFlushesFirst() throws IOException {
        MetadataCache l2 = cache("l2", 4);
        MetadataCache rc = cache("rc", 4);
        rc.create(4096);
        rc.create(8192);
        l2.create(512);
        l2.dependOn(rc);
        assertTrue(l2.hasDependency());
        l2.writeBack();
        assertEquals(List.of("rc@4096", "rc@8192", "flush", "l2@512"), taken());
        assertFalse(l2.hasDependency(), "met once");
        l2.markDirty(512);
        l2.writeBack();
        assertEquals(List.of("l2@512"), taken());
    }

    @Test
    void aFlushDependencyFlushesBeforeTheFirstEntryOnly() throws IOException {
        MetadataCache l2 = cache("l2", 4);
        l2.create(512);
        l2.create(1024);
        l2.dependOnFlush();
        l2.writeBack();
        assertEquals(List.of("flush", "l2@512", "l2@1024"), taken());
        l2.markDirty(1024);
        l2.writeBack(1024);
        assertEquals(List.of("l2@1024"), taken());
    }

    @Test
    void theOtherDirectionSettlesTheOlderDependencyFirst() throws IOException {
        MetadataCache l2 = cache("l2", 4);
        MetadataCache rc = cache("rc", 4);
        rc.create(4096);          // a raised refcount ...
        l2.dependOn(rc);          // ... before the L2 entry that uses it
        l2.create(512);           // the L2 entry changes
        rc.dependOn(l2);          // a lowered refcount: now the refcounts wait for the L2 cache
        assertEquals(List.of("rc@4096", "flush"), taken(), "the raised refcount went first");
        assertFalse(l2.hasDependency());
        rc.markDirty(4096);       // the lowered refcount
        rc.writeBack();
        assertEquals(List.of("l2@512", "flush", "rc@4096"), taken());
    }

    @Test
    void aDependencyOnAThirdCacheIsSettledBeforeANewOne() throws IOException {
        MetadataCache a = cache("a", 2);
        MetadataCache b = cache("b", 2);
        MetadataCache c = cache("c", 2);
        b.create(512);
        c.create(512);
        a.dependOn(b);
        a.dependOn(c);
        assertEquals(List.of("b@512", "flush"), taken());
        a.create(512);
        a.writeBack();
        assertEquals(List.of("c@512", "flush", "a@512"), taken());
    }

    @Test
    void evictionAndTheIdleCleanerHonourDependencies() throws IOException {
        MetadataCache l2 = cache("l2", 1);
        MetadataCache rc = cache("rc", 2);
        rc.create(4096);
        l2.create(512);
        l2.dependOn(rc);
        l2.get(1024); // evicts the dirty entry at 512
        assertEquals(List.of("rc@4096", "flush", "l2@512"), taken());
        l2.markDirty(1024);
        l2.dependOnFlush();
        assertEquals(1, l2.cleanIdle(0));
        assertEquals(List.of("flush", "l2@1024"), taken());
    }

    @Test
    void aFailedDependencyKeepsTheEntryDirtyAndTheDependency() throws IOException {
        MetadataCache rc = new MetadataCache("rc", arena, 512, 2, new TableIO() {
            @Override
            public void load(long hostOffset, MemorySegment dst) {
                dst.fill((byte) 0);
            }

            @Override
            public void store(long hostOffset, MemorySegment src) throws IOException {
                throw new IOException("EIO");
            }

            @Override
            public void flush() {
                log.add("flush");
            }
        });
        MetadataCache l2 = cache("l2", 2);
        rc.create(4096);
        l2.create(512);
        l2.dependOn(rc);
        assertThrows(IOException.class, l2::writeBack);
        assertTrue(l2.hasDependency(), "still waits for the refcounts");
        assertTrue(l2.hasDirty() && rc.hasDirty());
        assertEquals(List.of(), taken(), "nothing of the L2 cache was written");
    }

    @Test
    void dropForgetsEntriesAndDependencies() throws IOException {
        MetadataCache l2 = cache("l2", 2);
        MetadataCache rc = cache("rc", 2);
        rc.create(4096);
        l2.create(512);
        l2.dependOn(rc);
        l2.dependOnFlush();
        l2.drop();
        assertFalse(l2.hasDependency());
        assertThrows(IllegalArgumentException.class, () -> l2.dependOn(l2));
    }
}
