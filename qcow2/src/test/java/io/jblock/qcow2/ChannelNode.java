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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test-only protocol node over a FileChannel (stands in for the file driver). */
final class ChannelNode implements BlockNode {
    private final Path path;
    private final FileChannel ch;
    private final boolean readOnly;
    final java.util.concurrent.atomic.AtomicLong flushes = new java.util.concurrent.atomic.AtomicLong();

    ChannelNode(Path path, boolean readOnly) throws IOException {
        this.path = path;
        this.readOnly = readOnly;
        this.ch = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    }

    @Override public String nodeName() { return "file:" + path.getFileName(); }
    @Override public String driverName() { return "file"; }
    @Override public String filename() { return path.toString(); }
    @Override public BlockLimits limits() { return BlockLimits.UNRESTRICTED; }
    @Override public CacheSettings cacheSettings() { return new CacheSettings(true, false, false); }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public NodeState state() { return NodeState.ACTIVE; }
    @Override public List<BlockChild> children() { return List.of(); }
    @Override public long size() throws IOException { return ch.size(); }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        if (offset + dst.byteSize() > ch.size()) {
            throw new IOException("read past end of " + path + ": " + offset + "+" + dst.byteSize() + " > " + ch.size());
        }
        ByteBuffer b = dst.asByteBuffer();
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("EOF");
            }
            pos += n;
        }
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        if (readOnly) {
            throw new IOException("read-only " + path);
        }
        if (offset + src.byteSize() > ch.size()) {
            // as the generic layer's protocol nodes: no writes past the end
            throw new IOException("write past end of " + path + ": " + offset + "+" + src.byteSize() + " > " + ch.size());
        }
        ByteBuffer b = src.asByteBuffer();
        long pos = offset;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    @Override
    public void flush() throws IOException {
        flushes.incrementAndGet();
        ch.force(true);
    }

    @Override public void discard(long offset, long length) { }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        write(offset, MemorySegment.ofArray(new byte[(int) length]), 0);
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        if (newSize < ch.size()) {
            ch.truncate(newSize);
        } else if (newSize > ch.size()) {
            if (prealloc == Preallocation.FULL || prealloc == Preallocation.FALLOC) {
                long pos = ch.size();
                byte[] z = new byte[65536];
                while (pos < newSize) {
                    int n = (int) Math.min(z.length, newSize - pos);
                    ch.write(ByteBuffer.wrap(z, 0, n), pos);
                    pos += n;
                }
            } else {
                ch.write(ByteBuffer.wrap(new byte[1]), newSize - 1);
            }
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) {
        return BlockStatus.data(offset, length, offset, this);
    }

    @Override
    public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) {
        try { read(offset, dst); return CompletableFuture.completedFuture(null); }
        catch (IOException e) { return CompletableFuture.failedFuture(e); }
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        try { write(offset, src, flags); return CompletableFuture.completedFuture(null); }
        catch (IOException e) { return CompletableFuture.failedFuture(e); }
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        try { flush(); return CompletableFuture.completedFuture(null); }
        catch (IOException e) { return CompletableFuture.failedFuture(e); }
    }

    @Override public void activate() { }
    @Override public void inactivate() { }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
