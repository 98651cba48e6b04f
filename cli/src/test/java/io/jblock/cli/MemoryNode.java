package io.jblock.cli;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.NodeState;
import io.jblock.storage.OutOfRangeException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.ReadOnlyNodeException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of a block node: bytes in a heap array, requests recorded, asynchronous requests
 * run on a small pool so that queue depth is real. For the CLI's own logic (command language,
 * bench engine) without drivers.
 */
final class MemoryNode implements BlockNode {
    final byte[] data;
    final List<Long> readOffsets = Collections.synchronizedList(new ArrayList<>());
    final List<Long> writeOffsets = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger flushes = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long failAt = -1;
    private volatile NodeState state;
    private final boolean readOnly;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    MemoryNode(int size, boolean readOnly, boolean inactive) {
        this.data = new byte[size];
        this.readOnly = readOnly;
        this.state = inactive ? NodeState.INACTIVE : NodeState.ACTIVE;
    }

    @Override public String nodeName() { return "mem0"; }
    @Override public String driverName() { return "memory"; }
    @Override public String filename() { return "memory.img"; }
    @Override public BlockLimits limits() { return BlockLimits.UNRESTRICTED; }
    @Override public CacheSettings cacheSettings() { return CacheMode.WRITEBACK.settings(); }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public NodeState state() { return state; }
    @Override public List<BlockChild> children() { return List.of(); }
    @Override public long size() { return data.length; }

    private void range(long offset, long len) throws IOException {
        if (offset < 0 || offset + len > data.length) {
            throw new OutOfRangeException("request past the end (" + data.length + " bytes)", nodeName(), filename(), offset);
        }
        if (offset == failAt) {
            throw new IOException("injected failure at offset " + offset);
        }
    }

    private void writable(long offset) throws IOException {
        if (readOnly) {
            throw new ReadOnlyNodeException("node is read-only", nodeName(), filename(), offset);
        }
        if (state != NodeState.ACTIVE) {
            throw new NodeInactiveException("node is inactive", nodeName(), filename(), offset);
        }
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        range(offset, dst.byteSize());
        readOffsets.add(offset);
        MemorySegment.copy(data, (int) offset, dst, ValueLayout.JAVA_BYTE, 0, (int) dst.byteSize());
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        range(offset, src.byteSize());
        writable(offset);
        writeOffsets.add(offset);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, data, (int) offset, (int) src.byteSize());
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        range(offset, length);
        writable(offset);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        range(offset, length);
        writable(offset);
        java.util.Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        throw new IOException("memory node cannot resize");
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) {
        return BlockStatus.data(offset, length, offset, null);
    }

    private CompletableFuture<Void> async(IoAction a) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        return CompletableFuture.runAsync(() -> {
            try {
                a.run();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }, pool);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Override
    public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) {
        return async(() -> read(offset, dst));
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        return async(() -> write(offset, src, flags));
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        return async(this::flush);
    }

    @Override
    public void activate() {
        state = NodeState.ACTIVE;
    }

    @Override
    public void inactivate() {
        state = NodeState.INACTIVE;
    }

    @Override
    public void close() {
        state = NodeState.CLOSED;
        pool.shutdown();
    }
}
