package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.testing.QemuTools;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of qcow2 holes (zero and unallocated clusters) complete at once on the submitting
 * thread; a handler that submits the next read from inside the previous one's handler must not
 * nest without bound (a long chain would overflow the stack and lose its completions): the
 * generic layer hands every 16th nested handler to the engine. Reads over a backing file still
 * show the backing data.
 */
class HoleReadChainTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    /** A chain of reads, each submitted by the handler of the one before. */
    private static class Chain implements CompletionHandler<Void, Void> {
        final BlockNode node;
        final MemorySegment buf;
        final long span;
        final int total;
        final byte expected;
        final AtomicInteger done = new AtomicInteger();
        /** Completions that ran inside the submission of their own request, on its thread. */
        final AtomicInteger inline = new AtomicInteger();
        /** Completions that ran on a thread not submitting anything (handed off). */
        final AtomicInteger elsewhere = new AtomicInteger();
        final ThreadLocal<int[]> submitting = ThreadLocal.withInitial(() -> new int[1]);
        final AtomicInteger maxDepth = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch finished = new CountDownLatch(1);
        final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        Chain(BlockNode node, MemorySegment buf, long span, int total, byte expected) {
            this.node = node;
            this.buf = buf;
            this.span = span;
            this.total = total;
            this.expected = expected;
        }

        void next() {
            int i = done.get();
            buf.fill((byte) 0x55);
            submit((i * 7919L * 4096) % span);
        }

        void submit(long offset) {
            int[] s = submitting.get();
            s[0]++;
            try {
                node.readAsync(offset, buf, null, this);
            } finally {
                s[0]--;
            }
        }

        @Override
        public void completed(Void result, Void attachment) {
            int[] d = depth.get();
            d[0]++;
            try {
                maxDepth.accumulateAndGet(d[0], Math::max);
                (submitting.get()[0] > 0 ? inline : elsewhere).incrementAndGet();
                byte first = buf.get(ValueLayout.JAVA_BYTE, 0);
                byte last = buf.get(ValueLayout.JAVA_BYTE, buf.byteSize() - 1);
                if (first != expected || last != expected) {
                    failed(new AssertionError("read " + first + "/" + last + ", expected " + expected), null);
                    return;
                }
                if (done.incrementAndGet() == total) {
                    finished.countDown();
                } else {
                    next();
                }
            } finally {
                d[0]--;
            }
        }

        @Override
        public void failed(Throwable e, Void attachment) {
            failure.compareAndSet(null, e);
            finished.countDown();
        }
    }

    @Test
    void aLongChainOfHoleReadsCompletesWithBoundedNesting() throws Exception {
        Path img = tmp.resolve("holes.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "64M");
        QemuTools.io(img, "qcow2", "write -z 0 32M"); // zero clusters in the first half, none after
        BlockNode node = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img);
        Arena arena = Arena.ofShared();
        Chain c = new Chain(node, arena.allocate(4096, 4096), 64L << 20, 100_000, (byte) 0);
        c.next();
        // a chain that stalls lost a completion (a StackOverflowError in a handler): its request
        // never leaves the node, so close() would wait for it for ever; fail without closing
        assertTrue(c.finished.await(5, TimeUnit.MINUTES), "the chain stalled after " + c.done.get() + " reads");
        try (node; arena) {
            assertNull(c.failure.get());
            assertEquals(100_000, c.done.get());
            // control: reads really completed on the submitting thread while it was submitting
            // (else the depth bound below would hold vacuously), and some were handed off
            assertTrue(c.inline.get() > 50_000, "completed inside their submission: " + c.inline.get());
            assertTrue(c.elsewhere.get() > 0, "handed to the engine: " + c.elsewhere.get());
            assertTrue(c.maxDepth.get() <= 17, "handlers nested " + c.maxDepth.get() + " deep on one thread");
        }
    }

    @Test
    void unallocatedClustersOverABackingFileStillShowItsData() throws Exception {
        Path base = tmp.resolve("base.raw");
        QemuTools.img("create", "-q", "-f", "raw", base.toString(), "4M");
        QemuTools.io(base, "raw", "write -P 0x11 0 4M");
        Path img = tmp.resolve("top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "raw", img.toString(), "8M");
        try (BlockNode node = BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img);
             Arena arena = Arena.ofShared()) {
            Chain c = new Chain(node, arena.allocate(4096, 4096), 4L << 20, 2_000, (byte) 0x11);
            c.next();
            assertTrue(c.finished.await(5, TimeUnit.MINUTES), "the chain stalled after " + c.done.get() + " reads");
            assertNull(c.failure.get());
            // past the backing file's end the top reads zeroes
            Chain tail = new Chain(node, arena.allocate(4096, 4096), 4L << 20, 100, (byte) 0) {
                @Override
                void next() {
                    buf.fill((byte) 0x55);
                    submit((4L << 20) + (done.get() * 4096L) % (4L << 20));
                }
            };
            tail.next();
            assertTrue(tail.finished.await(5, TimeUnit.MINUTES));
            assertNull(tail.failure.get());
        }
    }
}
