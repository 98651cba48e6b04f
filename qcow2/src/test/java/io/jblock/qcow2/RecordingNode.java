package io.jblock.qcow2;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeState;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Test-only file node that records writes (with their data), discards, write-zeroes, truncates
 * and flushes in the order they reach it, delegating to another node. A flush is recorded when
 * it starts: it covers the writes recorded before it, not the ones that complete while it runs.
 */
final class RecordingNode implements BlockNode {
    /**
     * One request. {@code data} holds a write's bytes (zeroes for write-zeroes and discard, which
     * a file with punched holes reads as zeroes); null for flush and truncate.
     */
    record Event(String kind, long offset, long length, byte[] data) {
        Event(String kind, long offset, long length) {
            this(kind, offset, length, null);
        }

        boolean isFlush() {
            return kind.equals("flush");
        }

        /** Whether the request changes bytes of the file (write, write-zeroes, discard). */
        boolean changesData() {
            return data != null;
        }

        @Override
        public String toString() {
            return kind + (offset >= 0 ? "@" + offset + "+" + length : "");
        }
    }

    /** Runs when a flush starts, after it is recorded and outside the node's lock. */
    interface FlushHook {
        void beforeFlush() throws IOException;
    }

    private final BlockNode d;
    final List<Event> events = new ArrayList<>();
    volatile FlushHook flushHook;

    RecordingNode(BlockNode delegate) {
        this.d = delegate;
    }

    /** A copy of the events so far (the list itself is guarded by this node). */
    synchronized List<Event> snapshot() {
        return List.copyOf(events);
    }

    @Override public String nodeName() { return d.nodeName(); }
    @Override public String driverName() { return d.driverName(); }
    @Override public String filename() { return d.filename(); }
    @Override public BlockLimits limits() { return d.limits(); }
    @Override public CacheSettings cacheSettings() { return d.cacheSettings(); }
    @Override public boolean isReadOnly() { return d.isReadOnly(); }
    @Override public NodeState state() { return d.state(); }
    @Override public List<BlockChild> children() { return d.children(); }
    @Override public long size() throws IOException { return d.size(); }
    @Override public void read(long offset, MemorySegment dst) throws IOException { d.read(offset, dst); }

    @Override
    public synchronized void write(long offset, MemorySegment src, int flags) throws IOException {
        d.write(offset, src, flags);
        events.add(new Event("write", offset, src.byteSize(), src.toArray(ValueLayout.JAVA_BYTE)));
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            events.add(new Event("flush", -1, -1));
        }
        FlushHook hook = flushHook;
        if (hook != null) {
            hook.beforeFlush();
        }
        d.flush();
    }

    @Override
    public synchronized void discard(long offset, long length) throws IOException {
        d.discard(offset, length);
        events.add(new Event("discard", offset, length, new byte[(int) length]));
    }

    @Override
    public synchronized void writeZeroes(long offset, long length, int flags) throws IOException {
        d.writeZeroes(offset, length, flags);
        events.add(new Event("zeroes", offset, length, new byte[(int) length]));
    }

    @Override
    public synchronized void truncate(long newSize, Preallocation prealloc) throws IOException {
        d.truncate(newSize, prealloc);
        events.add(new Event("truncate", newSize, 0));
    }

    @Override public BlockStatus blockStatus(long offset, long length) throws IOException { return d.blockStatus(offset, length); }
    @Override public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) { return d.readAsync(offset, dst); }
    @Override public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) { return d.writeAsync(offset, src, flags); }
    @Override public CompletableFuture<Void> flushAsync() { return d.flushAsync(); }
    @Override public void activate() throws IOException { d.activate(); }
    @Override public void inactivate() throws IOException { d.inactivate(); }
    @Override public void close() throws IOException { d.close(); }
}
