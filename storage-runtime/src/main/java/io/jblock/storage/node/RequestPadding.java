package io.jblock.storage.node;

import io.jblock.ffm.memory.BufferPool;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Turns any request into requests that satisfy a driver's {@link BlockLimits} (QEMU block/io.c):
 * unaligned heads and tails go through a bounce buffer from the graph's {@link BufferPool}
 * (read-modify-write for writes), buffers that are on the heap or not aligned to the memory
 * alignment are bounced in chunks, and transfers longer than {@code maxTransfer} are split.
 *
 * <p>Writes register their range in {@link RangeLocks}: read-modify-write cycles take their
 * padded range exclusively, so overlapping unaligned writes never lose each other's bytes;
 * aligned writes take their range shared. Callers have checked state and range.
 */
final class RequestPadding {

    private final BlockDriver driver;
    private final int align;
    private final int memAlign;
    private final long maxTransfer;
    private final long bounceChunk;
    private final int discardGranularity;
    private final long maxDiscard;
    private final BufferPool pool;
    private final RangeLocks locks;
    private final NodeErrors errors;
    /**
     * The node's size as the node last saw it, for drivers over child nodes (a padded read never
     * asks them past it); null for protocol drivers, which read short at the end themselves.
     */
    private final java.util.function.LongSupplier nodeSize;

    RequestPadding(BlockDriver driver, BlockLimits limits, BufferPool pool, long maxBounce, RangeLocks locks,
                   NodeErrors errors, java.util.function.LongSupplier nodeSize) {
        this.driver = driver;
        this.nodeSize = nodeSize;
        this.align = limits.requestAlignment();
        this.memAlign = limits.memoryAlignment();
        this.maxTransfer = limits.maxTransfer();
        long chunk = Math.min(maxBounce, maxTransfer) / align * align;
        this.bounceChunk = Math.max(chunk, align);
        int d = limits.discardAlignment();
        this.discardGranularity = d > align && d % align == 0 ? d : align;
        this.maxDiscard = limits.maxDiscard();
        this.pool = pool;
        this.locks = locks;
        this.errors = errors;
    }

    long down(long v) {
        return v - Math.floorMod(v, (long) align);
    }

    long up(long v) {
        long r = Math.floorMod(v, (long) align);
        return r == 0 ? v : v + (align - r);
    }

    int alignment() {
        return align;
    }

    /**
     * Whether a read or write of {@code s} at {@code offset} can go to the driver as one request,
     * untouched: offset and length aligned, at most {@code maxTransfer}, buffer usable directly.
     */
    boolean direct(long offset, MemorySegment s) {
        long len = s.byteSize();
        return offset % align == 0 && len % align == 0 && len <= maxTransfer && directOk(s);
    }

    /** Whether the driver may use {@code s} as it is: native and aligned in memory. */
    private boolean directOk(MemorySegment s) {
        return s.isNative() && (s.address() & (memAlign - 1)) == 0;
    }

    // ---------------------------------------------------------------- read

    void read(long offset, MemorySegment dst) throws IOException {
        long len = dst.byteSize();
        long end = offset + len;
        long start = down(offset);
        long stop = up(end);
        if (start == offset && stop == end) {
            readMiddle(offset, dst);
            return;
        }
        if (stop - start <= bounceChunk) {
            readThroughBounce(start, stop - start, dst, 0, offset - start, len);
            return;
        }
        long midStart = up(offset);
        long midEnd = down(end);
        if (midStart > offset) {
            readThroughBounce(start, align, dst, 0, offset - start, midStart - offset);
        }
        if (midEnd > midStart) {
            readMiddle(midStart, dst.asSlice(midStart - offset, midEnd - midStart));
        }
        if (end > midEnd) {
            readThroughBounce(midEnd, align, dst, midEnd - offset, 0, end - midEnd);
        }
    }

    /** An aligned range: straight into {@code dst} when it is usable, else in bounced chunks. */
    private void readMiddle(long pos, MemorySegment dst) throws IOException {
        if (directOk(dst)) {
            readAligned(pos, dst);
            return;
        }
        long total = dst.byteSize();
        for (long done = 0; done < total; ) {
            long n = Math.min(bounceChunk, total - done);
            readThroughBounce(pos + done, n, dst, done, 0, n);
            done += n;
        }
    }

    private void readThroughBounce(long alignedPos, long alignedLen, MemorySegment dst, long dstOffset,
                                   long skip, long copyLen) throws IOException {
        MemorySegment buf = pool.acquire(alignedLen);
        try {
            MemorySegment b = buf.asSlice(0, alignedLen);
            readAligned(alignedPos, b);
            MemorySegment.copy(b, skip, dst, dstOffset, copyLen);
        } finally {
            pool.release(buf);
        }
    }

    private void readAligned(long pos, MemorySegment seg) throws IOException {
        long total = seg.byteSize();
        long limit = nodeSize == null ? Long.MAX_VALUE : nodeSize.getAsLong();
        if (pos + total > limit) {
            // padding ran past the end of a node whose size is not a multiple of the alignment
            // (a qcow2 file ending with a table's last entry): as QEMU's bdrv_aligned_preadv,
            // what lies past the end reads as zeroes, and the driver is asked only for the rest
            long have = Math.max(0, limit - pos);
            seg.asSlice(have).fill((byte) 0);
            if (have == 0) {
                return;
            }
            seg = seg.asSlice(0, have);
            total = have;
        }
        for (long done = 0; done < total; ) {
            long n = Math.min(maxTransfer, total - done);
            try {
                driver.read(pos + done, n == total ? seg : seg.asSlice(done, n)); // no slice object in the common case
            } catch (IOException e) {
                throw errors.wrap("read", pos + done, e);
            }
            done += n;
        }
    }

    // ---------------------------------------------------------------- write

    /**
     * Writes {@code src} (or zeroes when {@code src} is null and {@code zeroFlags} applies) at
     * {@code offset}. {@code serialize=false} only for the negative-control test.
     */
    void write(long offset, MemorySegment src, int flags, boolean serialize) throws IOException {
        write(offset, src, flags, serialize, null);
    }

    /**
     * As {@link #write(long, MemorySegment, int, boolean)}; an aligned write registers
     * {@code reuse} (when not null) instead of a new range object.
     */
    void write(long offset, MemorySegment src, int flags, boolean serialize, RangeLocks.Range reuse)
            throws IOException {
        long len = src.byteSize();
        long end = offset + len;
        long start = down(offset);
        long stop = up(end);
        if (start == offset && stop == end) {
            RangeLocks.Range r = reuse == null ? locks.acquire(offset, end, false) : locks.acquire(reuse, offset, end, false);
            try {
                writeMiddle(offset, src, flags);
            } finally {
                locks.release(r);
            }
            return;
        }
        RangeLocks.Range r = locks.acquire(start, stop, serialize);
        try {
            if (stop - start <= bounceChunk) {
                MemorySegment buf = pool.acquire(stop - start);
                try {
                    MemorySegment b = buf.asSlice(0, stop - start);
                    readPadding(b, start, stop, offset, end);
                    MemorySegment.copy(src, 0, b, offset - start, len);
                    writeAligned(start, b, flags);
                } finally {
                    pool.release(buf);
                }
                return;
            }
            long midStart = up(offset);
            long midEnd = down(end);
            if (midStart > offset) {
                modifyBlock(start, src, 0, offset - start, midStart - offset, flags);
            }
            if (midEnd > midStart) {
                writeMiddle(midStart, src.asSlice(midStart - offset, midEnd - midStart), flags);
            }
            if (end > midEnd) {
                modifyBlock(midEnd, src, midEnd - offset, 0, end - midEnd, flags);
            }
        } finally {
            locks.release(r);
        }
    }

    /**
     * Reads the head and tail blocks of a padded buffer that the request does not cover, with
     * QEMU's debug events (bdrv_padding_rmw_read): a padded range of one block, or of two blocks
     * with both a head and a tail, is read at once ("merged reads").
     */
    private void readPadding(MemorySegment b, long start, long stop, long offset, long end) throws IOException {
        boolean head = offset != start;
        boolean tail = end != stop;
        boolean merge = stop - start == align || (head && tail && stop - start == 2L * align);
        if (head || merge) {
            announceRmw(head, merge && tail, false);
            readAligned(start, b.asSlice(0, merge ? stop - start : align));
            announceRmw(head, merge && tail, true);
            if (merge) {
                return;
            }
        }
        if (tail) {
            announceRmw(false, true, false);
            readAligned(stop - align, b.asSlice(stop - align - start, align));
            announceRmw(false, true, true);
        }
    }

    /** QEMU's pwritev_rmw_{head,tail} before a padding read, pwritev_rmw_after_{head,tail} after it. */
    private void announceRmw(boolean head, boolean tail, boolean after) {
        if (head) {
            driver.debugEvent(after ? DebugEvent.PWRITEV_RMW_AFTER_HEAD : DebugEvent.PWRITEV_RMW_HEAD);
        }
        if (tail) {
            driver.debugEvent(after ? DebugEvent.PWRITEV_RMW_AFTER_TAIL : DebugEvent.PWRITEV_RMW_TAIL);
        }
    }

    /** Read-modify-write of one block; {@code src == null} writes zeroes. */
    private void modifyBlock(long blockPos, MemorySegment src, long srcOffset, long skip, long copyLen, int flags)
            throws IOException {
        MemorySegment buf = pool.acquire(align);
        try {
            MemorySegment b = buf.asSlice(0, align);
            boolean head = skip > 0;
            boolean tail = skip + copyLen < align;
            announceRmw(head, tail, false);
            readAligned(blockPos, b);
            announceRmw(head, tail, true);
            if (src == null) {
                b.asSlice(skip, copyLen).fill((byte) 0);
            } else {
                MemorySegment.copy(src, srcOffset, b, skip, copyLen);
            }
            writeAligned(blockPos, b, flags);
        } finally {
            pool.release(buf);
        }
    }

    private void writeMiddle(long pos, MemorySegment src, int flags) throws IOException {
        if (directOk(src)) {
            writeAligned(pos, src, flags);
            return;
        }
        long total = src.byteSize();
        for (long done = 0; done < total; ) {
            long n = Math.min(bounceChunk, total - done);
            MemorySegment buf = pool.acquire(n);
            try {
                MemorySegment b = buf.asSlice(0, n);
                MemorySegment.copy(src, done, b, 0, n);
                writeAligned(pos + done, b, flags);
            } finally {
                pool.release(buf);
            }
            done += n;
        }
    }

    private void writeAligned(long pos, MemorySegment seg, int flags) throws IOException {
        long total = seg.byteSize();
        for (long done = 0; done < total; ) {
            long n = Math.min(maxTransfer, total - done);
            try {
                driver.write(pos + done, n == total ? seg : seg.asSlice(done, n), flags);
            } catch (IOException e) {
                throw errors.wrap("write", pos + done, e);
            }
            done += n;
        }
    }

    // ---------------------------------------------------------------- zeroes, discard

    /**
     * Zeroes {@code [offset, offset+length)}: the aligned middle with the driver's write-zeroes,
     * unaligned head and tail blocks by read-modify-write (serialised like writes).
     * {@code rmwFlags} are the write flags for those blocks.
     */
    void writeZeroes(long offset, long length, int zeroFlags, int rmwFlags, boolean serialize) throws IOException {
        long end = offset + length;
        long start = down(offset);
        long stop = up(end);
        if (start == offset && stop == end) {
            RangeLocks.Range r = locks.acquire(offset, end, false);
            try {
                zeroesAligned(offset, length, zeroFlags);
            } finally {
                locks.release(r);
            }
            return;
        }
        RangeLocks.Range r = locks.acquire(start, stop, serialize);
        try {
            if (stop - start == align) {
                modifyBlock(start, null, 0, offset - start, length, rmwFlags);
                return;
            }
            long midStart = up(offset);
            long midEnd = down(end);
            if (midStart > offset) {
                modifyBlock(start, null, 0, offset - start, midStart - offset, rmwFlags);
            }
            if (midEnd > midStart) {
                zeroesAligned(midStart, midEnd - midStart, zeroFlags);
            }
            if (end > midEnd) {
                modifyBlock(midEnd, null, 0, 0, end - midEnd, rmwFlags);
            }
        } finally {
            locks.release(r);
        }
    }

    private void zeroesAligned(long pos, long length, int flags) throws IOException {
        try {
            driver.writeZeroes(pos, length, flags);
        } catch (IOException e) {
            throw errors.wrap("write-zeroes", pos, e);
        }
    }

    /**
     * Discards {@code [offset, offset+length)} as QEMU's bdrv_co_pdiscard fragments it: the
     * unaligned head up to the first discard-granule boundary, the aligned middle in chunks of at
     * most {@code maxDiscard} (rounded down to the granule), and the unaligned tail, each passed
     * on as its own request (a node below may still discard whole units inside a partial granule,
     * as qcow2 does with whole clusters). Each piece is rounded inwards to the request alignment;
     * a piece smaller than that is dropped, as the drivers QEMU fragments for refuse it (discard
     * is a hint). Returns the bytes passed on.
     */
    long discard(long offset, long length) throws IOException {
        long g = discardGranularity;
        long end = offset + length;
        long headEnd = Math.min(end, Math.ceilDiv(offset, g) * g);
        long tailStart = Math.max(headEnd, Math.floorDiv(end, g) * g);
        long chunk = Math.max(g, Math.min(maxDiscard, Long.MAX_VALUE - g) / g * g);
        RangeLocks.Range r = locks.acquire(offset, end, false);
        try {
            long passed = discardPiece(offset, headEnd);
            for (long pos = headEnd; pos < tailStart; ) {
                long n = Math.min(chunk, tailStart - pos);
                passed += discardPiece(pos, pos + n);
                pos += n;
            }
            return passed + discardPiece(tailStart, end);
        } finally {
            locks.release(r);
        }
    }

    /** One fragment of a discard, rounded inwards to the request alignment. */
    private long discardPiece(long from, long to) throws IOException {
        long s = up(from);
        long e = down(to);
        if (s >= e) {
            return 0;
        }
        try {
            driver.discard(s, e - s);
        } catch (IOException ex) {
            throw errors.wrap("discard", s, ex);
        }
        return e - s;
    }

    // ---------------------------------------------------------------- block status

    /** Block status of a run starting at {@code offset}, queried at aligned offsets. */
    BlockStatus blockStatus(long offset, long length, long size) throws IOException {
        long limit = Math.min(offset + length, size);
        long qStart = down(offset);
        long qEnd = up(limit);
        while (true) {
            BlockStatus st;
            try {
                st = driver.blockStatus(qStart, qEnd - qStart);
            } catch (IOException e) {
                throw errors.wrap("block-status", qStart, e);
            }
            if (st == null || st.offset() != qStart || st.length() > qEnd - qStart) {
                throw errors.failure("driver answered block status " + (st == null ? "null"
                        : "[" + st.offset() + ", +" + st.length() + ")") + " to a query for ["
                        + qStart + ", +" + (qEnd - qStart) + ")", qStart, 0);
            }
            long runEnd = qStart + st.length();
            if (runEnd <= offset) {
                qStart = runEnd; // a run shorter than the alignment, before our offset
                continue;
            }
            long resultEnd = Math.min(runEnd, limit);
            long host = st.hostOffset() >= 0 ? st.hostOffset() + (offset - qStart) : -1;
            return new BlockStatus(offset, resultEnd - offset, st.data(), st.zero(), st.allocated(), host,
                    st.hostFile());
        }
    }
}
