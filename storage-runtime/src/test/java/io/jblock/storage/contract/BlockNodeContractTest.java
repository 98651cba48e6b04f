package io.jblock.storage.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.NodeState;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.OutOfRangeException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.ReadOnlyNodeException;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every node configuration must show (issue 3, item 10). A subclass says how to
 * create a fresh image of {@link #imageSize()} bytes and how to open it; every test compares what
 * it reads with a shadow copy of what it wrote, byte for byte.
 *
 * <p>Subclasses: {@link #createImage(long)}, {@link #openImage(OpenOptions)}, and optionally
 * {@link #discardReadsZeroes()}, {@link #deleteImage()}, {@link #afterEachCheck()} (the test
 * drivers assert there that no misaligned request reached them) and {@link #asyncDataPath()}
 * (every read and write of the data tests then goes through the asynchronous forms).
 */
public abstract class BlockNodeContractTest {

    /** Creates a fresh, all-zero image of {@code size} bytes (replacing any previous one). */
    protected abstract void createImage(long size) throws IOException;

    /** Opens the image created last. */
    protected abstract BlockNode openImage(OpenOptions options) throws IOException;

    /** Whether a discarded range of whole blocks then reads as zeroes (else: undefined). */
    protected boolean discardReadsZeroes() {
        return false;
    }

    /** Image size; 4 MiB, larger than one bounce chunk (1 MiB). */
    protected long imageSize() {
        return 4L << 20;
    }

    /** Frees the image after each test. */
    protected void deleteImage() throws IOException {
    }

    /** Extra checks after each test (e.g. no driver-contract violation). */
    protected void afterEachCheck() {
    }

    /**
     * Whether the helpers {@link #writeShadowed} and {@link #read} use {@code writeAsync} and
     * {@code readAsync} (waiting for each) instead of the synchronous forms, so that every data
     * test also runs on the node's asynchronous path (io_uring, say).
     */
    protected boolean asyncDataPath() {
        return false;
    }

    protected BlockNode node;
    protected byte[] shadow;
    protected Arena arena;

    @BeforeEach
    void openFresh() throws IOException {
        createImage(imageSize());
        node = openImage(OpenOptions.DEFAULT);
        shadow = new byte[Math.toIntExact(imageSize())];
        arena = Arena.ofShared();
    }

    @AfterEach
    void closeAll() throws IOException {
        if (arena == null) {
            return; // createImage skipped the test (an assumption failed): nothing was opened
        }
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            arena.close();
            deleteImage();
        }
        afterEachCheck();
    }

    // ---------------------------------------------------------------- helpers

    /** The kinds of buffer a caller may pass: heap, aligned native, misaligned native slice. */
    protected MemorySegment buffer(int kind, long size) {
        return switch (kind % 3) {
            case 0 -> MemorySegment.ofArray(new byte[Math.toIntExact(size)]);
            case 1 -> arena.allocate(Math.max(size, 1), 4096).asSlice(0, size);
            default -> arena.allocate(size + 1, 4096).asSlice(1, size);
        };
    }

    protected void writeShadowed(long offset, byte[] data, int bufferKind) throws IOException {
        writeShadowed(offset, data, bufferKind, RequestFlags.NONE);
    }

    protected void writeShadowed(long offset, byte[] data, int bufferKind, int flags) throws IOException {
        MemorySegment src = buffer(bufferKind, data.length);
        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, data.length);
        if (asyncDataPath()) {
            await(node.writeAsync(offset, src, flags));
        } else {
            node.write(offset, src, flags);
        }
        System.arraycopy(data, 0, shadow, (int) offset, data.length);
    }

    protected byte[] read(long offset, int length, int bufferKind) throws IOException {
        MemorySegment dst = buffer(bufferKind, length);
        if (asyncDataPath()) {
            await(node.readAsync(offset, dst));
        } else {
            node.read(offset, dst);
        }
        return dst.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Waits for an asynchronous request, throwing its IOException as the synchronous form would. */
    protected static void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("asynchronous request did not complete", e);
        }
    }

    protected void verifyAll(String when) throws IOException {
        byte[] all = read(0, shadow.length, 1);
        if (!Arrays.equals(shadow, all)) {
            fail(when + ": first difference at offset " + Arrays.mismatch(shadow, all));
        }
    }

    protected static byte[] random(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    protected void assertNamesNode(BlockIOException e, long offset) {
        assertEquals(node.nodeName(), e.nodeName(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + node.nodeName() + "'"), e.getMessage());
        if (node.filename() != null) {
            assertEquals(node.filename(), e.filename());
            assertTrue(e.getMessage().contains(node.filename()), e.getMessage());
        }
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + offset), e.getMessage());
    }

    // ---------------------------------------------------------------- size and fresh content

    @Test
    void sizeIsTheImageSize() throws IOException {
        assertEquals(imageSize(), node.size());
        assertEquals(NodeState.ACTIVE, node.state());
    }

    @Test
    void freshImageReadsAsZeroes() throws IOException {
        verifyAll("fresh image");
    }

    @Test
    void zeroLengthRequestsDoNothing() throws IOException {
        node.read(imageSize(), buffer(1, 0));
        node.write(imageSize(), buffer(1, 0));
        node.writeZeroes(0, 0, 0);
        verifyAll("after zero-length requests");
    }

    // ---------------------------------------------------------------- data paths

    @Test
    void alignedWritesAndReadsMatchShadow() throws IOException {
        Random r = new Random(1);
        int blocks = (int) (imageSize() / 4096);
        for (int i = 0; i < 60; i++) {
            int first = r.nextInt(blocks);
            int count = 1 + r.nextInt(Math.min(64, blocks - first));
            writeShadowed(first * 4096L, random(r, count * 4096), i);
            int rf = r.nextInt(blocks);
            int rc = 1 + r.nextInt(Math.min(64, blocks - rf));
            assertArrayEquals(Arrays.copyOfRange(shadow, rf * 4096, (rf + rc) * 4096), read(rf * 4096L, rc * 4096, i + 1),
                    "aligned read " + i);
        }
        verifyAll("after aligned writes");
    }

    @Test
    void unalignedWritesAndReadsMatchShadow() throws IOException {
        Random r = new Random(2);
        for (int i = 0; i < 200; i++) {
            int len = 1 + r.nextInt(i % 10 == 0 ? 70_000 : 3000);
            long off = r.nextInt((int) imageSize() - len);
            writeShadowed(off, random(r, len), i);
            int rlen = 1 + r.nextInt(9000);
            long roff = r.nextInt((int) imageSize() - rlen);
            assertArrayEquals(Arrays.copyOfRange(shadow, (int) roff, (int) roff + rlen), read(roff, rlen, i + 2),
                    "read " + i + " at " + roff + " +" + rlen);
        }
        verifyAll("after unaligned writes");
    }

    @Test
    void requestsLargerThanOneBounceBufferMatchShadow() throws IOException {
        Random r = new Random(3);
        int len = (int) Math.min(imageSize() - 8192, 3 * (1 << 20) + 777);
        writeShadowed(4095, random(r, len), 0); // heap: bounced in pieces, unaligned head and tail
        writeShadowed(3, random(r, 1 << 20), 2); // misaligned native
        assertArrayEquals(Arrays.copyOfRange(shadow, 1, 1 + len), read(1, len, 0));
        assertArrayEquals(Arrays.copyOfRange(shadow, 4096, 4096 + len), read(4096, len, 2));
        verifyAll("after large writes");
    }

    @Test
    void firstAndLastBytes() throws IOException {
        writeShadowed(0, new byte[] {7}, 0);
        writeShadowed(imageSize() - 1, new byte[] {9}, 2);
        writeShadowed(imageSize() - 5000, random(new Random(4), 5000), 1);
        assertArrayEquals(new byte[] {shadow[shadow.length - 1]}, read(imageSize() - 1, 1, 0));
        verifyAll("after writes at both ends");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentDisjointRequestsMatchShadow() throws Exception {
        int threads = 6;
        long region = imageSize() / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(100 + id);
                    for (int i = 0; i < 60; i++) {
                        int len = 1 + r.nextInt(20_000);
                        long off = id * region + r.nextInt((int) region - len);
                        byte[] data = random(r, len);
                        synchronized (shadow) {
                            System.arraycopy(data, 0, shadow, (int) off, len);
                        }
                        MemorySegment src = buffer(i, len);
                        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, len);
                        node.write(off, src);
                        byte[] back = read(off, len, i + 1);
                        assertArrayEquals(data, back, "thread " + id + " write " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        verifyAll("after concurrent disjoint writes");
    }

    /**
     * Many threads write adjacent unaligned slots that share blocks, all at once, round after
     * round: without serialised read-modify-write, slots get overwritten with stale bytes.
     */
    @Test
    void concurrentAdjacentUnalignedWritesLoseNoBytes() throws Exception {
        int threads = 8;
        int slot = 300; // shares 512- and 4096-byte blocks with its neighbours
        long base = 4096 - 1000;
        int rounds = 40;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        byte[][] last = new byte[threads][];
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(200 + id);
                    for (int i = 0; i < rounds; i++) {
                        byte[] data = random(r, slot);
                        MemorySegment src = buffer(id + i, slot);
                        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, slot);
                        barrier.await(1, TimeUnit.MINUTES);
                        node.write(base + (long) id * slot, src);
                        last[id] = data;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            System.arraycopy(last[t], 0, shadow, (int) (base + (long) t * slot), slot);
        }
        verifyAll("after adjacent unaligned writes");
    }

    // ---------------------------------------------------------------- flush, discard, zeroes

    @Test
    void flushAndReopenKeepData() throws IOException {
        writeShadowed(12345, random(new Random(5), 40_000), 2);
        writeShadowed(50_000, random(new Random(55), 4096), 1, RequestFlags.FUA);
        writeShadowed(70_001, random(new Random(56), 999), 0, RequestFlags.FUA);
        node.flush();
        node.close();
        node = openImage(OpenOptions.DEFAULT);
        verifyAll("after flush, close and reopen");
    }

    @Test
    void writeZeroesReadsAsZeroes() throws IOException {
        Random r = new Random(6);
        writeShadowed(0, random(r, 300_000), 1);
        long[][] ranges = {{4096, 8192}, {100, 50}, {5000, 70_000}, {131_072, 65_536}, {200_001, 3}};
        for (long[] z : ranges) {
            node.writeZeroes(z[0], z[1], 0);
            Arrays.fill(shadow, (int) z[0], (int) (z[0] + z[1]), (byte) 0);
        }
        node.writeZeroes(250_000, 20_000, RequestFlags.MAY_UNMAP);
        Arrays.fill(shadow, 250_000, 270_000, (byte) 0);
        verifyAll("after write-zeroes");
    }

    @Test
    void discardKeepsTheRestAndZeroesWherePromised() throws IOException {
        Random r = new Random(7);
        writeShadowed(0, random(r, 1 << 20), 1);
        node.discard(1000, 300_000); // unaligned ends: only whole blocks may go
        if (discardReadsZeroes()) {
            // bytes outside the discarded range keep their data; whole blocks inside read as zeroes
            byte[] back = read(0, 1 << 20, 1);
            assertArrayEquals(Arrays.copyOfRange(shadow, 0, 1000), Arrays.copyOfRange(back, 0, 1000));
            assertArrayEquals(Arrays.copyOfRange(shadow, 301_000, 1 << 20), Arrays.copyOfRange(back, 301_000, 1 << 20));
            byte[] middle = Arrays.copyOfRange(back, 65_536, 262_144);
            assertArrayEquals(new byte[middle.length], middle);
            System.arraycopy(back, 0, shadow, 0, back.length);
        } else {
            byte[] back = read(0, 1 << 20, 1);
            assertArrayEquals(Arrays.copyOfRange(shadow, 0, 1000), Arrays.copyOfRange(back, 0, 1000));
            assertArrayEquals(Arrays.copyOfRange(shadow, 301_000, 1 << 20), Arrays.copyOfRange(back, 301_000, 1 << 20));
            System.arraycopy(back, 0, shadow, 0, back.length);
        }
        writeShadowed(2000, random(r, 10_000), 0);
        verifyAll("after discard and rewrite");
    }

    @Test
    void blockStatusCoversTheQueriedStart() throws IOException {
        writeShadowed(8192, random(new Random(8), 8192), 1);
        BlockStatus s = node.blockStatus(8192 + 7, 100_000);
        assertEquals(8192 + 7, s.offset());
        assertTrue(s.length() >= 1 && s.length() <= 100_000, s.toString());
        BlockStatus whole = node.blockStatus(0, imageSize());
        assertTrue(whole.length() <= imageSize());
        assertThrows(OutOfRangeException.class, () -> node.blockStatus(imageSize(), 1));
    }

    /**
     * Issue 10, item 3: a run never leaves [offset, size), also when offset + length overflows,
     * with the same answer as the query clamped by hand; the edges fail with clear messages.
     */
    @Test
    void blockStatusRunsStayInsideTheNode() throws IOException {
        writeShadowed(8192, random(new Random(21), 8192), 1);
        long size = imageSize();
        for (long off : new long[] {0, 8192, 8192 + 7, 20_000, size - 4096, size - 1}) {
            BlockStatus huge = node.blockStatus(off, Long.MAX_VALUE);
            assertEquals(off, huge.offset(), huge.toString());
            assertTrue(huge.length() >= 1 && huge.length() <= size - off, off + ": " + huge);
            long overflow = off == 0 ? Long.MAX_VALUE : Long.MAX_VALUE - off + 1; // offset + length wraps
            BlockStatus overflowing = node.blockStatus(off, overflow);
            assertEquals(huge, overflowing);
            assertEquals(node.blockStatus(off, size - off), huge, "clamped by hand at " + off);
        }
        OutOfRangeException negative = assertThrows(OutOfRangeException.class, () -> node.blockStatus(-1, 4096));
        assertTrue(negative.getMessage().contains("negative offset"), negative.getMessage());
        assertEquals(-1, negative.offset());
        assertThrows(OutOfRangeException.class, () -> node.blockStatus(Long.MIN_VALUE, Long.MAX_VALUE));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> node.blockStatus(0, 0));
        assertEquals("block-status length must be positive: 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> node.blockStatus(4096, -1));
        OutOfRangeException end = assertThrows(OutOfRangeException.class, () -> node.blockStatus(size, Long.MAX_VALUE));
        assertNamesNode(end, size);
    }

    /**
     * Issue 10, item 2: a read into a read-only segment is refused as FileChannel.read refuses
     * it, on the direct path (aligned native buffer) and the bounced ones (heap, misaligned,
     * unaligned range), synchronously and asynchronously, and nothing is written into the buffer.
     */
    @Test
    void readsIntoReadOnlySegmentsAreRefusedOnEveryPath() throws Exception {
        writeShadowed(0, random(new Random(22), 3 * 4096), 1);
        long[][] requests = {{0, 4096}, {4096, 8192}, {7, 100}, {4000, 200}};
        for (int kind = 0; kind < 3; kind++) {
            for (long[] rq : requests) {
                MemorySegment writable = buffer(kind, rq[1]);
                MemorySegment readOnly = writable.asReadOnly();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> node.read(rq[0], readOnly), "buffer kind " + kind + " at " + rq[0]);
                assertEquals("Read-only buffer", e.getMessage());
                assertArrayEquals(new byte[(int) rq[1]], writable.toArray(ValueLayout.JAVA_BYTE),
                        "the refused read wrote into the buffer");
                // control: the writable view of the same buffer reads the data
                node.read(rq[0], writable);
                assertArrayEquals(Arrays.copyOfRange(shadow, (int) rq[0], (int) (rq[0] + rq[1])),
                        writable.toArray(ValueLayout.JAVA_BYTE));
            }
        }
        MemorySegment async = arena.allocate(4096, 4096);
        IllegalArgumentException e = assertCause(IllegalArgumentException.class, node.readAsync(0, async.asReadOnly()));
        assertEquals("Read-only buffer", e.getMessage());
        assertArrayEquals(new byte[4096], async.toArray(ValueLayout.JAVA_BYTE));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void pastTheEndIsRefusedNamingNodeFileAndOffset() {
        long off = imageSize() - 10;
        OutOfRangeException r = assertThrows(OutOfRangeException.class, () -> node.read(off, buffer(1, 20)));
        assertNamesNode(r, off);
        OutOfRangeException w = assertThrows(OutOfRangeException.class, () -> node.write(off, buffer(0, 11)));
        assertNamesNode(w, off);
        assertThrows(OutOfRangeException.class, () -> node.writeZeroes(imageSize(), 1, 0));
        assertThrows(OutOfRangeException.class, () -> node.discard(off, 4096));
        OutOfRangeException n = assertThrows(OutOfRangeException.class, () -> node.read(-1, buffer(1, 1)));
        assertEquals(-1, n.offset());
    }

    @Test
    void readOnlyNodeRefusesModificationsNamingNodeFileAndOffset() throws IOException {
        writeShadowed(0, random(new Random(9), 10_000), 1);
        node.close();
        node = openImage(OpenOptions.READ_ONLY);
        assertTrue(node.isReadOnly());
        ReadOnlyNodeException w = assertThrows(ReadOnlyNodeException.class, () -> node.write(4096, buffer(1, 4096)));
        assertNamesNode(w, 4096);
        assertThrows(ReadOnlyNodeException.class, () -> node.writeZeroes(0, 512, 0));
        assertThrows(ReadOnlyNodeException.class, () -> node.discard(0, 4096));
        assertThrows(ReadOnlyNodeException.class, () -> node.truncate(imageSize() * 2, Preallocation.OFF));
        node.flush(); // nothing to do, but allowed
        verifyAll("read-only node");
    }

    @Test
    void useAfterCloseIsRefused() throws Exception {
        node.close();
        node.close(); // idempotent
        assertEquals(NodeState.CLOSED, node.state());
        NodeClosedException r = assertThrows(NodeClosedException.class, () -> node.read(512, buffer(1, 512)));
        assertNamesNode(r, 512);
        assertThrows(NodeClosedException.class, () -> node.write(0, buffer(1, 512)));
        assertThrows(NodeClosedException.class, () -> node.flush());
        assertThrows(NodeClosedException.class, () -> node.size());
        assertThrows(NodeClosedException.class, () -> node.activate());
        assertCause(NodeClosedException.class, node.readAsync(0, buffer(1, 512)));
        assertCause(NodeClosedException.class, node.flushAsync());
    }

    // ---------------------------------------------------------------- state

    @Test
    void inactiveNodeReadsButRefusesWritesUntilActivated() throws IOException {
        writeShadowed(1000, random(new Random(10), 5000), 0);
        node.close();
        node = openImage(OpenOptions.defaults().inactive());
        assertEquals(NodeState.INACTIVE, node.state());
        verifyAll("inactive node");
        NodeInactiveException e = assertThrows(NodeInactiveException.class, () -> node.write(77, buffer(0, 10)));
        assertNamesNode(e, 77);
        assertThrows(NodeInactiveException.class, () -> node.writeZeroes(0, 4096, 0));
        assertThrows(NodeInactiveException.class, () -> node.discard(0, 4096));
        node.activate();
        assertEquals(NodeState.ACTIVE, node.state());
        writeShadowed(77, random(new Random(11), 10), 0);
        node.inactivate();
        assertEquals(NodeState.INACTIVE, node.state());
        assertThrows(NodeInactiveException.class, () -> node.write(0, buffer(1, 512)));
        verifyAll("inactivated node");
        node.activate();
        writeShadowed(3, random(new Random(12), 3), 2);
        verifyAll("re-activated node");
    }

    // ---------------------------------------------------------------- asynchronous forms

    @Test
    void asyncRequestsMatchShadow() throws Exception {
        Random r = new Random(13);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int len = 1 + r.nextInt(9000);
            long off = i * 60_000L + r.nextInt(1000); // disjoint
            byte[] data = random(r, len);
            System.arraycopy(data, 0, shadow, (int) off, len);
            MemorySegment src = buffer(i, len);
            MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, len);
            writes.add(node.writeAsync(off, src, i % 7 == 0 ? RequestFlags.FUA : RequestFlags.NONE));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        node.flushAsync().get(1, TimeUnit.MINUTES);
        MemorySegment all = arena.allocate(shadow.length, 4096);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (long off = 0; off < shadow.length; off += 100_000) {
            long len = Math.min(100_000, shadow.length - off);
            reads.add(node.readAsync(off, all.asSlice(off, len)));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        assertArrayEquals(shadow, all.toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void asyncFailuresCompleteExceptionallyWithTheSameException() throws Exception {
        CompletableFuture<Void> past = node.readAsync(imageSize() - 1, buffer(1, 2));
        OutOfRangeException e = assertCause(OutOfRangeException.class, past);
        assertNamesNode(e, imageSize() - 1);
        try (Arena confined = Arena.ofConfined()) {
            assertCause(IllegalArgumentException.class, node.writeAsync(0, confined.allocate(512), 0));
        }
    }

    /**
     * Many aligned and unaligned asynchronous writes and reads in flight at once, from several
     * threads, over disjoint ranges, with every kind of buffer and some FUA: the bytes match.
     */
    @Test
    void concurrentAsyncRequestsOfEveryShapeMatchShadow() throws Exception {
        int threads = 4;
        int perThread = 48;
        long region = imageSize() / (threads * perThread) / 4096 * 4096;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                submitted.add(pool.submit(() -> {
                    Random r = new Random(300 + id);
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long slot = (long) (id * perThread + i) * region;
                        boolean aligned = i % 2 == 0;
                        int len = aligned ? 4096 * (1 + r.nextInt((int) Math.max(1, region / 4096)))
                                : 1 + r.nextInt((int) region - 1);
                        len = (int) Math.min(len, region);
                        long off = aligned ? slot : slot + r.nextInt((int) (region - len) + 1);
                        byte[] data = random(r, len);
                        synchronized (shadow) {
                            System.arraycopy(data, 0, shadow, (int) off, len);
                        }
                        MemorySegment src = aligned ? arena.allocate(len, 4096) : buffer(i / 2, len);
                        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, len);
                        mine.add(node.writeAsync(off, src, i % 5 == 0 ? RequestFlags.FUA : RequestFlags.NONE));
                    }
                    return mine;
                }));
            }
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Void>>> f : submitted) {
                all.addAll(f.get(2, TimeUnit.MINUTES));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        // read back in aligned and unaligned pieces, all in flight together
        MemorySegment back = arena.allocate(shadow.length, 4096);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        Random r = new Random(301);
        for (long off = 0; off < shadow.length; ) {
            long len = Math.min(shadow.length - off, r.nextBoolean() ? 65_536 : 1 + r.nextInt(70_000));
            reads.add(node.readAsync(off, back.asSlice(off, len)));
            off += len;
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        int mismatch = Arrays.mismatch(shadow, back.toArray(ValueLayout.JAVA_BYTE));
        assertEquals(-1, mismatch, "first difference after concurrent asynchronous requests");
        node.flushAsync().get(1, TimeUnit.MINUTES);
    }

    /** The completion-handler form: called once, with the synchronous form's exception. */
    @Test
    void asyncHandlerFormCompletesOnceWithTheSynchronousErrors() throws Exception {
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(4);
        java.nio.channels.CompletionHandler<Void, String> h = new java.nio.channels.CompletionHandler<>() {
            @Override
            public void completed(Void v, String tag) {
                outcomes.add(tag + ":ok");
                done.countDown();
            }

            @Override
            public void failed(Throwable e, String tag) {
                outcomes.add(tag + ":" + e.getClass().getSimpleName());
                done.countDown();
            }
        };
        MemorySegment buf = arena.allocate(8192, 4096);
        buf.fill((byte) 0x6b);
        node.writeAsync(4096, buf, RequestFlags.NONE, "write", h);
        node.readAsync(imageSize() - 4096, arena.allocate(8192, 4096), "past-end", h);
        node.readAsync(0, buf.asReadOnly(), "read-only", h);
        node.flushAsync("flush", h);
        assertTrue(done.await(2, TimeUnit.MINUTES));
        assertEquals(List.of("flush:ok", "past-end:OutOfRangeException", "read-only:IllegalArgumentException",
                "write:ok"), outcomes.stream().map(Object::toString).sorted().toList());
        System.arraycopy(buf.toArray(ValueLayout.JAVA_BYTE), 0, shadow, 4096, 8192);
        verifyAll("after handler-form requests");
    }

    /**
     * close() with asynchronous requests in flight (queued on the engine or in the driver): it
     * waits for every one of them, they complete normally, their data is there after reopening,
     * and requests after close fail with NodeClosedException.
     */
    @Test
    void closeWaitsForAsyncRequestsInFlightAndRefusesLaterOnes() throws Exception {
        Random r = new Random(14);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        int count = 300;
        int len = (int) Math.min(8192, imageSize() / count / 4096 * 4096);
        for (int i = 0; i < count; i++) {
            long off = (long) i * len;
            byte[] data = random(r, len);
            System.arraycopy(data, 0, shadow, (int) off, len);
            MemorySegment src = i % 3 == 0 ? buffer(0, len) : arena.allocate(len, 4096);
            MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, len);
            writes.add(node.writeAsync(off, src, RequestFlags.NONE));
        }
        node.close();
        for (CompletableFuture<Void> w : writes) {
            assertTrue(w.isDone(), "close returned before a request it accepted completed");
            w.get(); // completed normally, not failed by the close
        }
        assertCause(NodeClosedException.class, node.writeAsync(0, arena.allocate(4096, 4096), RequestFlags.NONE));
        node = openImage(OpenOptions.DEFAULT);
        verifyAll("after close with requests in flight and reopen");
    }

    /** A request's future completes only when the request does: no cancel, no outside completion. */
    @Test
    void requestFuturesCannotBeCancelledOrCompletedFromOutside() throws Exception {
        MemorySegment buf = arena.allocate(4096, 4096);
        CompletableFuture<Void> f = node.readAsync(0, buf);
        assertFalse(f.cancel(true));
        assertThrows(UnsupportedOperationException.class, () -> f.complete(null));
        assertThrows(UnsupportedOperationException.class, () -> f.completeExceptionally(new IOException("x")));
        assertThrows(UnsupportedOperationException.class, () -> f.obtrudeValue(null));
        CompletableFuture<Void> timed = f.orTimeout(1, TimeUnit.MINUTES);
        assertTrue(timed != f, "the timeout applies to a dependent copy");
        f.get(1, TimeUnit.MINUTES);
        timed.get(1, TimeUnit.MINUTES);
        assertFalse(f.isCancelled());
        CompletableFuture<Void> derived = node.readAsync(0, buf).thenRun(() -> { });
        derived.get(1, TimeUnit.MINUTES);
        assertFalse(derived.cancel(true), "already complete"); // derived stages are ordinary futures
    }

    protected static <T extends Throwable> T assertCause(Class<T> type, CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.MINUTES));
        return assertInstanceOf(type, e.getCause());
    }
}
