package io.jblock.storage.filter;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeState;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A node that forwards everything to another; tests override what they want to delay or fail. */
class ForwardingNode implements BlockNode {
    final BlockNode target;

    ForwardingNode(BlockNode target) {
        this.target = target;
    }

    @Override
    public String nodeName() {
        return target.nodeName();
    }

    @Override
    public String driverName() {
        return target.driverName();
    }

    @Override
    public String filename() {
        return target.filename();
    }

    @Override
    public BlockLimits limits() {
        return target.limits();
    }

    @Override
    public CacheSettings cacheSettings() {
        return target.cacheSettings();
    }

    @Override
    public boolean isReadOnly() {
        return target.isReadOnly();
    }

    @Override
    public NodeState state() {
        return target.state();
    }

    @Override
    public List<BlockChild> children() {
        return target.children();
    }

    @Override
    public long size() throws IOException {
        return target.size();
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        target.read(offset, dst);
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        target.write(offset, src, flags);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        target.discard(offset, length);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        target.writeZeroes(offset, length, flags);
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        target.truncate(newSize, prealloc);
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        return target.blockStatus(offset, length);
    }

    @Override
    public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) {
        return target.readAsync(offset, dst);
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        return target.writeAsync(offset, src, flags);
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        return target.flushAsync();
    }

    @Override
    public void activate() throws IOException {
        target.activate();
    }

    @Override
    public void inactivate() throws IOException {
        target.inactivate();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
