package io.jblock.qcow2;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeState;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test-only BlockNode over a BlockDriver (stands in for the generic layer's node). */
final class DriverBackedNode implements BlockNode {
    final BlockDriver driver;
    private final String name;
    private final String driverName;
    private final boolean readOnly;
    private NodeState state;

    DriverBackedNode(String name, String driverName, BlockDriver driver, boolean readOnly, boolean inactive) {
        this.name = name;
        this.driverName = driverName;
        this.driver = driver;
        this.readOnly = readOnly;
        this.state = inactive ? NodeState.INACTIVE : NodeState.ACTIVE;
    }

    Qcow2Driver qcow2() {
        return (Qcow2Driver) driver;
    }

    @Override public String nodeName() { return name; }
    @Override public String driverName() { return driverName; }
    @Override public String filename() { return driver.children().get(0).node().filename(); }
    @Override public BlockLimits limits() { return driver.limits(); }
    @Override public CacheSettings cacheSettings() { return new CacheSettings(true, false, false); }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public NodeState state() { return state; }
    @Override public List<BlockChild> children() { return driver.children(); }
    @Override public long size() throws IOException { return driver.size(); }
    @Override public void read(long offset, MemorySegment dst) throws IOException { driver.read(offset, dst); }
    @Override public void write(long offset, MemorySegment src, int flags) throws IOException { driver.write(offset, src, flags); }
    /** As the generic layer: the driver's own flush, then the writable children's. */
    @Override
    public void flush() throws IOException {
        if (readOnly) {
            return;
        }
        driver.flush();
        for (BlockChild c : driver.children()) {
            if (!c.node().isReadOnly()) {
                c.node().flush();
            }
        }
    }
    @Override public void discard(long offset, long length) throws IOException { driver.discard(offset, length); }
    @Override public void writeZeroes(long offset, long length, int flags) throws IOException { driver.writeZeroes(offset, length, flags); }
    @Override public void truncate(long newSize, Preallocation prealloc) throws IOException { driver.truncate(newSize, prealloc); }
    @Override public BlockStatus blockStatus(long offset, long length) throws IOException { return driver.blockStatus(offset, length); }

    @Override
    public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) {
        return CompletableFuture.runAsync(() -> {
            try { read(offset, dst); } catch (IOException e) { throw new java.io.UncheckedIOException(e); }
        });
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        return CompletableFuture.runAsync(() -> {
            try { write(offset, src, flags); } catch (IOException e) { throw new java.io.UncheckedIOException(e); }
        });
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        return CompletableFuture.runAsync(() -> {
            try { flush(); } catch (IOException e) { throw new java.io.UncheckedIOException(e); }
        });
    }

    @Override
    public void activate() throws IOException {
        if (state == NodeState.INACTIVE) {
            driver.invalidateCache();
            state = NodeState.ACTIVE;
        }
    }

    @Override
    public void inactivate() throws IOException {
        if (state == NodeState.ACTIVE) {
            driver.inactivate();
            state = NodeState.INACTIVE;
        }
    }

    @Override
    public void close() throws IOException {
        if (state == NodeState.CLOSED) {
            return;
        }
        state = NodeState.CLOSED;
        try {
            driver.close();
        } finally {
            for (BlockChild c : driver.children()) {
                c.node().close();
            }
        }
    }
}
