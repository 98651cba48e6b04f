package io.jblock.raw;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.List;

/**
 * One open raw node: requests shifted by {@code offset} to the {@code file} child.
 *
 * <p>Limits: the child's, except that the request alignment is lowered to the largest power of
 * two dividing both {@code offset} and the size. That keeps this node's padding inside its own
 * window (it never reads or writes bytes of the file outside {@code [offset, offset + size)}
 * itself); the child pads what is left to its own alignment, serialised there.
 *
 * <p>Asynchronous requests pass straight through to the child's asynchronous forms, shifted,
 * except a read into the last partial block past a fixed size (it takes the synchronous path,
 * which zero-fills the bytes that are not ours).
 *
 * <p>Thread-safe: holds no mutable state besides the limits recomputed on activation.
 */
final class RawDriver implements BlockDriver {

    private final String nodeName;
    private final BlockNode file;
    /** Asked on every flush by the generic layer: built once. */
    private final List<BlockChild> children;
    private final long offset;
    /** The fixed size, or -1 when the window runs to the end of the file. */
    private final long fixedSize;
    private volatile BlockLimits limits;

    RawDriver(String nodeName, BlockNode file, long offset, long fixedSize) throws IOException {
        this.nodeName = nodeName;
        this.file = file;
        this.children = List.of(new BlockChild("file", file));
        this.offset = offset;
        this.fixedSize = fixedSize;
        this.limits = computeLimits();
    }

    private BlockLimits computeLimits() throws IOException {
        BlockLimits child = file.limits();
        int align = child.requestAlignment();
        align = lowerTo(align, offset);
        align = lowerTo(align, size());
        return align == child.requestAlignment() ? child : child.withRequestAlignment(align);
    }

    /** The largest power of two that is at most {@code align} and divides {@code v} (v = 0: align). */
    private static int lowerTo(int align, long v) {
        if (v == 0) {
            return align;
        }
        long lowBit = Long.lowestOneBit(v);
        return (int) Math.min(align, lowBit);
    }

    @Override
    public BlockLimits limits() {
        return limits;
    }

    /** As QEMU's raw_getlength: follows the file, but never beyond a fixed size. */
    @Override
    public long size() throws IOException {
        long available = Math.max(0, file.size() - offset);
        return fixedSize < 0 ? available : Math.min(fixedSize, available);
    }

    @Override
    public void read(long pos, MemorySegment dst) throws IOException {
        // the generic layer may pad a read into the last partial block: those bytes are not ours
        long avail = Math.max(0, Math.min(dst.byteSize(), size() - pos));
        if (avail > 0) {
            file.read(offset + pos, avail == dst.byteSize() ? dst : dst.asSlice(0, avail));
        }
        if (avail < dst.byteSize()) {
            dst.asSlice(avail).fill((byte) 0);
        }
    }

    @Override
    public void write(long pos, MemorySegment src, int flags) throws IOException {
        file.write(offset + pos, src, flags);
    }

    @Override
    public <A> boolean readAsync(long pos, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        long size;
        try {
            size = size();
        } catch (IOException e) {
            return false; // the synchronous path reports it
        }
        if (dst.byteSize() > size - pos) {
            return false;
        }
        file.readAsync(offset + pos, dst, attachment, handler);
        return true;
    }

    @Override
    public <A> boolean writeAsync(long pos, MemorySegment src, int flags, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        file.writeAsync(offset + pos, src, flags, attachment, handler);
        return true;
    }

    @Override
    public <A> boolean flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        handler.completed(null, attachment); // nothing of our own: the generic layer flushes the child next
        return true;
    }

    @Override
    public void flush() {
        // nothing of our own: the generic layer flushes the file child next
    }

    @Override
    public void discard(long pos, long length) throws IOException {
        file.discard(offset + pos, length);
    }

    @Override
    public void writeZeroes(long pos, long length, int flags) throws IOException {
        file.writeZeroes(offset + pos, length, flags);
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        if (fixedSize >= 0) {
            throw new BlockIOException("Cannot resize fixed-size raw disks", nodeName, file.filename(), newSize);
        }
        if (Long.MAX_VALUE - newSize < offset) {
            throw new BlockIOException("Disk size too large for the chosen offset", nodeName, file.filename(),
                    newSize);
        }
        file.truncate(offset + newSize, prealloc);
    }

    /** The file's status, moved into our coordinates; the host offset is where it lies in the file. */
    @Override
    public BlockStatus blockStatus(long pos, long length) throws IOException {
        BlockStatus s = file.blockStatus(offset + pos, length);
        long host = s.hostOffset() >= 0 ? s.hostOffset() : offset + pos;
        BlockNode hostFile = s.hostFile() != null ? s.hostFile() : file;
        // raw has no backing: every byte is decided here (QEMU marks data and zero runs allocated)
        return new BlockStatus(pos, s.length(), s.data(), s.zero(), true, host, hostFile);
    }

    @Override
    public void invalidateCache() throws IOException {
        limits = computeLimits();
    }

    @Override
    public List<BlockChild> children() {
        return children;
    }

    @Override
    public void close() {
        // the file child is closed by the generic layer
    }
}
