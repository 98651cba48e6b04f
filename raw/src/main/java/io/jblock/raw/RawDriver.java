package io.jblock.raw;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.DebugEvent;
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
 * except requests reaching past the file (a read into the last partial block past a fixed size
 * or past the end of a file whose size is not a multiple of 512, a write growing such a file):
 * they take the synchronous path, which zero-fills the bytes that are not the file's, or grows it.
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

    /**
     * Events of this node's own generic layer (the read-modify-write of a write it pads) go on to
     * the file, where QEMU's block layer announces them: QEMU's raw node keeps byte alignment and
     * the padding happens on the child, whereas this node takes the child's alignment.
     */
    @Override
    public void debugEvent(DebugEvent event) {
        event.announceTo(file);
    }

    @Override
    public BlockLimits limits() {
        return limits;
    }

    /**
     * As QEMU's raw_getlength: follows the file, but never beyond a fixed size. Like every QEMU
     * node, the length is counted in whole 512-byte sectors: the file's, and then this node's,
     * so a 320-byte file is a 512-byte disk whose tail reads as zeroes.
     */
    @Override
    public long size() throws IOException {
        long available = Math.max(0, sectors(file.size()) - offset);
        return fixedSize < 0 ? sectors(available) : Math.min(fixedSize, available);
    }

    private static long sectors(long bytes) {
        return (bytes + SECTOR - 1) & -SECTOR;
    }

    private static final long SECTOR = 512;

    /** Bytes of this node at {@code pos} and after that the file really holds (the rest reads as zeroes). */
    private long inFile(long pos, long length) throws IOException {
        long end = fixedSize < 0 ? file.size() - offset : Math.min(fixedSize, file.size() - offset);
        return Math.max(0, Math.min(length, end - pos));
    }

    @Override
    public void read(long pos, MemorySegment dst) throws IOException {
        // the generic layer may pad a read into the last partial block, and the last sector may
        // end past the file: those bytes are not the file's, they read as zeroes
        long avail = inFile(pos, dst.byteSize());
        DebugEvent.READ_AIO.announceTo(file); // as QEMU's raw_co_preadv (blkdebug rules use it)
        if (avail > 0) {
            file.read(offset + pos, avail == dst.byteSize() ? dst : dst.asSlice(0, avail));
        }
        if (avail < dst.byteSize()) {
            dst.asSlice(avail).fill((byte) 0);
        }
    }

    @Override
    public void write(long pos, MemorySegment src, int flags) throws IOException {
        long end = offset + pos + src.byteSize();
        if (end > file.size()) {
            // the last sector of a file whose size is not a multiple of 512: pwrite grows it in QEMU
            file.truncate(end, Preallocation.OFF);
        }
        DebugEvent.WRITE_AIO.announceTo(file); // as QEMU's raw_co_pwritev
        file.write(offset + pos, src, flags);
    }

    @Override
    public <A> boolean readAsync(long pos, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        try {
            // bytes past the file (a fixed size's last partial block, or the last sector of a file
            // whose size is not a multiple of 512) read as zeroes: the synchronous path fills them
            if (inFile(pos, dst.byteSize()) != dst.byteSize()) {
                return false;
            }
        } catch (IOException e) {
            return false; // the synchronous path reports it
        }
        DebugEvent.READ_AIO.announceTo(file); // as the synchronous form
        file.readAsync(offset + pos, dst, attachment, handler);
        return true;
    }

    @Override
    public <A> boolean writeAsync(long pos, MemorySegment src, int flags, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        try {
            if (offset + pos + src.byteSize() > file.size()) {
                return false; // the last sector of a file not a multiple of 512: the synchronous path grows it
            }
        } catch (IOException e) {
            return false;
        }
        DebugEvent.WRITE_AIO.announceTo(file); // as the synchronous form
        file.writeAsync(offset + pos, src, flags, attachment, handler);
        return true;
    }

    @Override
    public <A> boolean flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        DebugEvent.FLUSH_TO_OS.announceTo(file); // as the synchronous form
        DebugEvent.FLUSH_TO_DISK.announceTo(file);
        handler.completed(null, attachment); // nothing of our own: the generic layer flushes the child next
        return true;
    }

    @Override
    public void flush() {
        // as QEMU's bdrv_co_flush of a raw node: the file hears both flush events (blkdebug rules)
        DebugEvent.FLUSH_TO_OS.announceTo(file);
        DebugEvent.FLUSH_TO_DISK.announceTo(file);
        // nothing of our own: the generic layer flushes the file child next
    }

    @Override
    public void discard(long pos, long length) throws IOException {
        long n = inFile(pos, length);
        if (n > 0) {
            file.discard(offset + pos, n);
        }
    }

    @Override
    public void writeZeroes(long pos, long length, int flags) throws IOException {
        long n = inFile(pos, length);
        if (n > 0) {
            file.writeZeroes(offset + pos, n, flags); // past the file's end it reads as zeroes already
        }
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
        long n = inFile(pos, length);
        if (n == 0) {
            // the zero tail of the last sector, past the file's end
            return new BlockStatus(pos, length, false, true, true, offset + pos, file);
        }
        BlockStatus s = file.blockStatus(offset + pos, n);
        long host = s.hostOffset() >= 0 ? s.hostOffset() : offset + pos;
        BlockNode hostFile = s.hostFile() != null ? s.hostFile() : file;
        long run = s.length();
        long align = file.limits().requestAlignment();
        if (s.data() && run == n && n < length && align > 1) {
            // a data run up to the file's unaligned end takes in the tail of its last block, as
            // file-posix rounds a data extent at EOF up to its request alignment (O_DIRECT)
            long fileEnd = pos + n;
            run = Math.min(length, (fileEnd + align - 1) / align * align - pos);
        }
        // raw has no backing: every byte is decided here (QEMU marks data and zero runs allocated)
        return new BlockStatus(pos, run, s.data(), s.zero(), true, host, hostFile);
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
