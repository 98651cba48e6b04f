package io.jblock.ffm.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BufferPoolTest {

    @Test
    void acquireGivesAlignedBuffersOfTheSmallestFittingClassAndReusesThem() {
        try (BufferPool pool = new BufferPool("test", 4096, 1 << 20, 4)) {
            MemorySegment a = pool.acquire(1);
            assertEquals(4096, a.byteSize());
            assertTrue(AlignedMemory.isAligned(a, 4096));
            MemorySegment b = pool.acquire(4097);
            assertEquals(8192, b.byteSize());
            MemorySegment c = pool.acquire(1 << 20);
            assertEquals(1 << 20, c.byteSize());
            assertTrue(AlignedMemory.isAligned(c, 4096));
            pool.release(a);
            assertSame(a, pool.acquire(100), "a released buffer is handed out again");
            pool.release(b);
            pool.release(c);
            assertThrows(IllegalArgumentException.class, () -> pool.acquire((1 << 20) + 1));
            assertThrows(IllegalArgumentException.class, () -> pool.acquire(0));
        }
    }

    @Test
    void honoursALargerAlignment() {
        try (BufferPool pool = new BufferPool("big-align", 65536, 1 << 20, 2)) {
            MemorySegment s = pool.acquire(512);
            assertEquals(65536, s.byteSize());
            assertEquals(0, s.address() % 65536);
            pool.release(s);
        }
        assertThrows(IllegalArgumentException.class, () -> new BufferPool("bad", 1000, 4096, 1));
    }

    @Test
    void doubleReleaseForeignSegmentsAndSlicesAreRejected() {
        try (BufferPool pool = new BufferPool("misuse", 4096, 65536, 2);
             BufferPool other = new BufferPool("other", 4096, 65536, 2)) {
            MemorySegment s = pool.acquire(4096);
            pool.release(s);
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.release(s));
            assertTrue(twice.getMessage().contains("released twice"), twice.getMessage());

            MemorySegment foreign = other.acquire(4096);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.release(foreign));
            assertTrue(e.getMessage().contains("not acquired from this pool"), e.getMessage());
            assertTrue(e.getMessage().startsWith("misuse: "), e.getMessage());

            MemorySegment t = pool.acquire(8192);
            assertThrows(IllegalStateException.class, () -> pool.release(t.asSlice(0, 4096)));
            assertThrows(IllegalStateException.class, () -> pool.release(t.asSlice(4096)));
            assertThrows(IllegalStateException.class, () -> pool.release(MemorySegment.ofArray(new byte[4096])));
            pool.release(t); // the real one still goes back fine
        }
    }

    @Test
    void beyondThePooledLimitBuffersAreFreedOnRelease() {
        try (BufferPool pool = new BufferPool("overflow", 4096, 65536, 2)) {
            List<MemorySegment> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                MemorySegment s = pool.acquire(4096);
                s.fill((byte) i);
                held.add(s);
            }
            Set<Long> addresses = new HashSet<>();
            held.forEach(s -> addresses.add(s.address()));
            assertEquals(5, addresses.size(), "handed out the same buffer twice");
            for (MemorySegment s : held) {
                pool.release(s);
            }
            MemorySegment overflow = held.get(4);
            assertThrows(IllegalStateException.class, () -> pool.release(overflow));
            assertThrows(IllegalStateException.class, () -> overflow.get(ValueLayout.JAVA_BYTE, 0),
                    "an overflow buffer is freed on release");
        }
    }

    @Test
    void afterCloseAcquireReleaseAndBufferAccessFail() {
        BufferPool pool = new BufferPool("closing", 4096, 65536, 2);
        MemorySegment s = pool.acquire(4096);
        pool.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.acquire(4096));
        assertEquals("closing: buffer pool is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> pool.release(s));
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        pool.close(); // idempotent
    }

    @Test
    void threadsNeverShareABuffer() throws Exception {
        int threads = 4;
        try (BufferPool pool = new BufferPool("shared", 4096, 16384, 3)) {
            ExecutorService exec = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t + 1;
                    fs.add(exec.submit(() -> {
                        for (int i = 0; i < 20_000; i++) {
                            MemorySegment s = pool.acquire(4096 << (i % 3));
                            s.set(ValueLayout.JAVA_INT, 0, id);
                            s.set(ValueLayout.JAVA_INT, s.byteSize() - 4, i);
                            Thread.yield();
                            assertEquals(id, s.get(ValueLayout.JAVA_INT, 0), "another thread wrote into my buffer");
                            assertEquals(i, s.get(ValueLayout.JAVA_INT, s.byteSize() - 4));
                            pool.release(s);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                exec.shutdown();
            }
        }
    }

    @Test
    void acquireAndReleaseAllocateNothingAfterWarmUp() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean tb && tb.isThreadAllocatedMemorySupported(),
                "this JVM cannot measure per-thread allocation");
        com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) bean;
        try (BufferPool pool = new BufferPool("alloc", 4096, 1 << 20, 8)) {
            MemorySegment[] held = new MemorySegment[8];
            for (int round = 0; round < 2_000; round++) { // warm-up: make the buffers, let the JIT compile
                cycle(pool, held);
            }
            long tid = Thread.currentThread().threadId();
            long before = tb.getThreadAllocatedBytes(tid);
            for (int round = 0; round < 10_000; round++) {
                cycle(pool, held);
            }
            long allocated = tb.getThreadAllocatedBytes(tid) - before;
            // 160,000 acquire/release pairs; one object each would be megabytes.
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated by 160000 acquire/release pairs");
        }
    }

    private static void cycle(BufferPool pool, MemorySegment[] held) {
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.acquire(4096L << (i % 4));
        }
        for (MemorySegment s : held) {
            pool.release(s);
        }
    }
}
