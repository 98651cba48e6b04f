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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test-only file node that records writes and flushes in order, delegating to another node. */
final class RecordingNode implements BlockNode {
    record Event(String kind, long offset, long length) {
    }

    private final BlockNode d;
    final List<Event> events = new ArrayList<>();

    RecordingNode(BlockNode delegate) {
        this.d = delegate;
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
        events.add(new Event("write", offset, src.byteSize()));
        d.write(offset, src, flags);
    }

    @Override
    public synchronized void flush() throws IOException {
        events.add(new Event("flush", -1, -1));
        d.flush();
    }

    @Override public void discard(long offset, long length) throws IOException { d.discard(offset, length); }
    @Override public void writeZeroes(long offset, long length, int flags) throws IOException { d.writeZeroes(offset, length, flags); }

    @Override
    public synchronized void truncate(long newSize, Preallocation prealloc) throws IOException {
        events.add(new Event("truncate", newSize, 0));
        d.truncate(newSize, prealloc);
    }

    @Override public BlockStatus blockStatus(long offset, long length) throws IOException { return d.blockStatus(offset, length); }
    @Override public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) { return d.readAsync(offset, dst); }
    @Override public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) { return d.writeAsync(offset, src, flags); }
    @Override public CompletableFuture<Void> flushAsync() { return d.flushAsync(); }
    @Override public void activate() throws IOException { d.activate(); }
    @Override public void inactivate() throws IOException { d.inactivate(); }
    @Override public void close() throws IOException { d.close(); }
}
