package io.jblock.qcow2.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache's index (open addressing on primitive keys), its LRU order, and misses read with the
 * lock released ({@link MetadataCache#loadOutsideLock}).
 */
class MetadataCacheIndexTest {
    private final Arena arena = Arena.ofShared();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        arena.close();
    }

    /** Loads fill the table with the low byte of its offset / 512, so the content says which table it is. */
    private TableIO io(CountDownLatch loading, CountDownLatch release) {
        return new TableIO() {
            @Override
            public void load(long hostOffset, MemorySegment dst) throws IOException {
                synchronized (log) {
                    log.add("load@" + hostOffset);
                }
                if (loading != null) {
                    loading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                dst.fill((byte) (hostOffset / 512));
            }

            @Override
            public void store(long hostOffset, MemorySegment src) {
                synchronized (log) {
                    log.add("store@" + hostOffset);
                }
            }

            @Override
            public void flush() {
            }
        };
    }

    @Test
    void indexAgreesWithAHashMapUnderRandomPutsAndRemoves() {
        SlotIndex index = new SlotIndex(64);
        Map<Long, Integer> reference = new HashMap<>();
        Random r = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            // few distinct keys in a small table: long probe runs and many backward shifts
            long key = (long) r.nextInt(96) * 65536;
            if (r.nextBoolean() && reference.size() < 64) {
                if (!reference.containsKey(key)) {
                    index.put(key, step & 0xffff);
                    reference.put(key, step & 0xffff);
                }
            } else {
                Integer expected = reference.remove(key);
                assertEquals(expected == null ? -1 : expected, index.remove(key), "remove " + key);
            }
            long probe = (long) r.nextInt(96) * 65536;
            assertEquals(reference.getOrDefault(probe, -1), index.get(probe), "get " + probe + " at step " + step);
        }
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvicted() throws IOException {
        MetadataCache c = new MetadataCache("t", arena, 512, 3, io(null, null));
        c.get(512);
        c.get(1024);
        c.get(1536);
        c.get(512);      // 1024 is now the least recently used
        c.create(2048);  // evicts it
        assertTrue(c.contains(512) && c.contains(1536) && c.contains(2048));
        assertFalse(c.contains(1024));
        c.get(1536);
        c.get(512);
        c.get(4096);     // evicts the dirty 2048, writing it first
        assertFalse(c.contains(2048));
        assertEquals(List.of("load@512", "load@1024", "load@1536", "store@2048", "load@4096"), log);
        assertEquals(3, c.size());
        assertEquals(4, c.misses());
        assertEquals(3, c.hits());
    }

    /**
     * A miss read with {@link MetadataCache#loadOutsideLock} leaves the lock free during the read:
     * another thread takes it and finds a cached table meanwhile. The negative control: {@code get}
     * on a miss keeps the lock during the read, and the other thread cannot take it.
     */
    @Test
    void aMissReadOutsideTheLockDoesNotHoldUpAHit() throws Exception {
        for (boolean outside : new boolean[] {true, false}) {
            ReentrantLock lock = new ReentrantLock();
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            MetadataCache c = new MetadataCache("t", arena, 512, 4, io(loading, release), lock);
            lock.lock();
            try {
                c.create(512); // cached: what the other thread looks up
            } finally {
                lock.unlock();
            }
            MemorySegment scratch = arena.allocate(512);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread miss = new Thread(() -> {
                lock.lock();
                try {
                    if (outside) {
                        c.loadOutsideLock(4096, scratch);
                    } else {
                        c.get(4096);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    lock.unlock();
                }
            });
            miss.start();
            loading.await(); // the miss is reading now
            boolean took = lock.tryLock();
            if (took) {
                try {
                    assertEquals(0, c.get(512).get(ValueLayout.JAVA_BYTE, 0), "a hit while the miss reads");
                } finally {
                    lock.unlock();
                }
            }
            release.countDown();
            miss.join();
            assertEquals(null, failure.get());
            assertEquals(outside, took, outside ? "the lock is free while a miss reads outside it"
                    : "negative control: get keeps the lock while it reads");
            lock.lock();
            try {
                assertTrue(c.contains(4096));
                assertEquals(8, c.get(4096).get(ValueLayout.JAVA_BYTE, 0), "the table read is installed");
            } finally {
                lock.unlock();
            }
        }
    }

    /** A table created (and changed) while its old content is being read must not be overwritten by that read. */
    @Test
    void aLoadThatWasOvertakenIsDropped() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MetadataCache c = new MetadataCache("t", arena, 512, 4, io(loading, release), lock);
        MemorySegment scratch = arena.allocate(512);
        Thread miss = new Thread(() -> {
            lock.lock();
            try {
                c.loadOutsideLock(4096, scratch);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                lock.unlock();
            }
        });
        miss.start();
        loading.await();
        lock.lock();
        try {
            c.create(4096).fill((byte) 0x5a);
        } finally {
            lock.unlock();
        }
        release.countDown();
        miss.join();
        lock.lock();
        try {
            assertEquals(0x5a, c.get(4096).get(ValueLayout.JAVA_BYTE, 0), "the newer table is kept");
            assertTrue(c.hasDirty());
        } finally {
            lock.unlock();
        }
    }
}
