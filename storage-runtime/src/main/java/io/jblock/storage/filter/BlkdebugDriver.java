package io.jblock.storage.filter;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.DebugBreakpoints;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.options.OptionStrings;
import io.jblock.storage.options.TreeNodeOptions;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The driver of one blkdebug node: checks every request against the {@link BlkdebugRules} and
 * passes it to the {@code image} child, or fails it with the rule's errno as a
 * {@link BlockIOException} that names this node, the image file, the offset and the errno.
 * Limits come from the child unless {@code align}, {@code max-transfer}, {@code opt-write-zero},
 * {@code max-write-zero}, {@code opt-discard} or {@code max-discard} override them; write-zeroes
 * and discards are split into pieces as QEMU's block layer would split them for such limits
 * (jblock's generic layer splits only reads and writes), and write-zeroes pieces smaller than
 * {@code opt-write-zero} fall back to writing zeroes, as QEMU's blkdebug answers them ENOTSUP.
 *
 * <p>Flush: an injected flush error is returned before the image child is asked, so nothing
 * below changed and a later flush that succeeds really makes every earlier write stable. A
 * failed flush is never turned into a success: blkdebug reports each flush's own outcome and
 * keeps no data of its own. (The file driver's fsync-error rule, "failed once, failed until
 * reopened", models the kernel dropping dirty pages; an injected error drops nothing.)
 *
 * <p>Events: the format node above announces its events here; blkdebug also announces QEMU's
 * generic write events on its own node ({@code pwritev}, {@code pwritev_zero},
 * {@code pwritev_done}) around the writes it receives, as QEMU's block layer does.
 *
 * <p>Breakpoints ({@link DebugBreakpoints}, qemu-io's {@code break}): a thread that announces an
 * event with breakpoints stops in the announcement until it is resumed, after the event's rules
 * ran, as QEMU's request coroutine yields in blkdebug_debug_event.
 *
 * <p>Thread-safe: requests run concurrently; rules are guarded by the engine's lock.
 */
final class BlkdebugDriver implements BlockDriver, FaultInjector, DebugBreakpoints {

    private static final int ZERO_BUFFER = 64 * 1024;

    private final String nodeName;
    private final BlockNode image;
    private final BlkdebugRules rules;
    private final BlkdebugBreakpoints breakpoints = new BlkdebugBreakpoints();
    private final long align;
    private final long maxTransfer;
    private final long optWriteZero;
    private final long maxWriteZero;
    private final long optDiscard;
    private final long maxDiscard;
    private final Arena arena = Arena.ofShared();
    private volatile MemorySegment zeroes;
    private volatile boolean diskFull;
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLongArray requestCounts = new AtomicLongArray(BlkdebugIoType.values().length);
    private final AtomicLongArray eventCounts = new AtomicLongArray(BlkdebugRules.EVENTS);
    private final AtomicLong completedWrites = new AtomicLong();
    private final AtomicLong flushedWrites = new AtomicLong();
    /** Modifications attempted (QEMU's write_gen, counted when each ends) and covered by a flush. */
    private final AtomicLong writeGen = new AtomicLong();
    private final AtomicLong flushedGen = new AtomicLong();

    /** The limits the options asked for (0: the child's), checked by the factory. */
    record Overrides(long align, long maxTransfer, long optWriteZero, long maxWriteZero, long optDiscard,
                     long maxDiscard) {
    }

    BlkdebugDriver(String nodeName, BlockNode image, BlkdebugRules rules, Overrides o, boolean diskFull) {
        this.nodeName = nodeName;
        this.image = image;
        this.rules = rules;
        this.align = o.align();
        this.maxTransfer = o.maxTransfer();
        this.optWriteZero = o.optWriteZero();
        this.maxWriteZero = o.maxWriteZero();
        this.optDiscard = o.optDiscard();
        this.maxDiscard = o.maxDiscard();
        this.diskFull = diskFull;
        announce(BlkdebugRules.NONE); // QEMU's bdrv_debug_event(bs, BLKDBG_NONE) at the end of open
    }

    // ---------------------------------------------------------------- limits and identity

    @Override
    public BlockLimits limits() {
        BlockLimits c = image.limits();
        int a = (int) Math.max(align, c.requestAlignment());
        long max = maxTransfer != 0 ? maxTransfer
                : c.maxTransfer() == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(a, c.maxTransfer() / a * a);
        int discard = optDiscard != 0 ? (int) optDiscard : c.discardAlignment();
        return new BlockLimits(a, c.memoryAlignment(), max, c.optimalTransfer(), discard,
                maxDiscard != 0 ? maxDiscard : c.maxDiscard());
    }

    @Override
    public long size() throws IOException {
        return image.size();
    }

    @Override
    public List<BlockChild> children() {
        return List.of(new BlockChild("image", image));
    }

    // ---------------------------------------------------------------- requests

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        check(offset, dst.byteSize(), BlkdebugIoType.READ, "read");
        image.read(offset, dst);
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        announce(DebugEvent.PWRITEV.ordinal());
        try {
            writeChecked(offset, src, flags);
        } finally {
            writeGen.incrementAndGet();
            announce(DebugEvent.PWRITEV_DONE.ordinal());
        }
    }

    private void writeChecked(long offset, MemorySegment src, int flags) throws IOException {
        check(offset, src.byteSize(), BlkdebugIoType.WRITE, "write");
        requireSpace(offset, src.byteSize(), "write");
        image.write(offset, src, flags);
        completedWrites.incrementAndGet();
    }

    @Override
    public int supportedWriteFlags() {
        return RequestFlags.FUA; // passed to the child, whose generic layer emulates it when needed
    }

    /**
     * As QEMU's bdrv_co_flush with blkdebug_co_flush: a flush with no write, write-zeroes or
     * discard since the last successful one is skipped (QEMU's flushed_gen), so rules never see
     * it; otherwise the rules are checked and the image is flushed.
     */
    @Override
    public void flush() throws IOException {
        long gen = writeGen.get();
        if (gen == flushedGen.get()) {
            return;
        }
        long covered = completedWrites.get();
        check(0, 0, BlkdebugIoType.FLUSH, "flush");
        image.flush(); // the generic layer's flush of the child that follows finds nothing to do
        flushedWrites.accumulateAndGet(covered, Math::max);
        flushedGen.accumulateAndGet(gen, Math::max);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        announce(DebugEvent.PWRITEV_ZERO.ordinal());
        try {
            long wzAlign = Math.max(limits().requestAlignment(), optWriteZero);
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                long num = end - pos;
                long into = pos % wzAlign;
                if (into != 0) {
                    num = Math.min(num, wzAlign - into); // head up to the next opt-write-zero boundary
                } else if (num >= wzAlign) {
                    num = num / wzAlign * wzAlign;
                    if (maxWriteZero != 0) {
                        num = Math.min(num, maxWriteZero);
                    }
                }
                if (num < wzAlign) {
                    // QEMU's blkdebug answers ENOTSUP here and the block layer writes zeroes instead
                    if ((flags & RequestFlags.NO_FALLBACK) != 0) {
                        throw new BlockIOException("write-zeroes of " + num + " bytes is smaller than opt-write-zero "
                                + wzAlign + " and NO_FALLBACK forbids writing zeroes: ENOTSUP (Operation not supported)",
                                nodeName, image.filename(), pos, Errno.ENOTSUP, null);
                    }
                    writeZeroBuffer(pos, num, flags & RequestFlags.FUA);
                } else {
                    check(pos, num, BlkdebugIoType.WRITE_ZEROES, "write-zeroes");
                    if ((flags & RequestFlags.MAY_UNMAP) == 0) {
                        requireSpace(pos, num, "write-zeroes");
                    }
                    image.writeZeroes(pos, num, flags);
                    completedWrites.incrementAndGet();
                }
                pos += num;
            }
        } finally {
            writeGen.incrementAndGet();
            announce(DebugEvent.PWRITEV_DONE.ordinal());
        }
    }

    /** The fallback of an unsupported write-zeroes: plain writes of zeroes, each rule-checked. */
    private void writeZeroBuffer(long pos, long length, int flags) throws IOException {
        MemorySegment z = zeroBuffer();
        long chunk = Math.min(z.byteSize(), limits().maxTransfer());
        for (long done = 0; done < length; ) {
            long n = Math.min(chunk, length - done);
            writeChecked(pos + done, z.asSlice(0, n), flags);
            done += n;
        }
    }

    private MemorySegment zeroBuffer() {
        MemorySegment z = zeroes;
        if (z == null) {
            synchronized (arena) {
                z = zeroes;
                if (z == null) {
                    long a = limits().requestAlignment();
                    long size = Math.max(ZERO_BUFFER, a) / a * a;
                    z = arena.allocate(size, 4096); // zero-filled by the allocator
                    zeroes = z;
                }
            }
        }
        return z;
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        long pos = offset;
        long end = offset + length;
        try {
            while (pos < end) {
                long num = end - pos;
                if (maxDiscard != 0) {
                    num = Math.min(num, maxDiscard);
                }
                check(pos, num, BlkdebugIoType.DISCARD, "discard");
                image.discard(pos, num);
                completedWrites.incrementAndGet();
                pos += num;
            }
        } finally {
            writeGen.incrementAndGet();
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        image.truncate(newSize, prealloc); // a filter passes truncation on, as QEMU's bdrv_co_truncate
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        check(offset, length, BlkdebugIoType.BLOCK_STATUS, "block-status");
        BlockStatus s = image.blockStatus(offset, length);
        return new BlockStatus(offset, s.length(), s.data(), s.zero(), s.allocated(), s.hostOffset(), s.hostFile());
    }

    @Override
    public void debugEvent(DebugEvent event) {
        announce(event.ordinal());
    }

    private void announce(int index) {
        eventCounts.incrementAndGet(index);
        rules.event(index);
        breakpoints.reached(index); // QEMU: the request yields after the rules ran
    }

    /** Counts the request and fails it when a rule says so. */
    private void check(long offset, long bytes, BlkdebugIoType type, String what) throws BlockIOException {
        requestCounts.incrementAndGet(type.ordinal());
        BlkdebugRules.Rule r = rules.check(offset, bytes, type);
        if (r != null) {
            injected.incrementAndGet();
            throw injectedError(what + (bytes > 0 ? " of " + bytes + " bytes" : ""),
                    type == BlkdebugIoType.FLUSH ? -1 : offset, r.errno,
                    "injected by blkdebug " + r.describe());
        }
    }

    /** While the disk is full, a write that touches space the child has not allocated fails with ENOSPC. */
    private void requireSpace(long offset, long length, String what) throws IOException {
        if (!diskFull) {
            return;
        }
        long end = offset + length;
        for (long p = offset; p < end; ) {
            BlockStatus s = image.blockStatus(p, end - p);
            if (!s.data()) {
                injected.incrementAndGet();
                throw injectedError(what + " of " + length + " bytes", offset, Errno.ENOSPC,
                        "the host file system is full (blkdebug x-disk-full)");
            }
            p += s.length();
        }
    }

    private BlockIOException injectedError(String doing, long offset, int errno, String why) {
        String what = doing + " failed: " + Errno.name(errno) + " (" + Errno.strerror(errno) + "), " + why;
        return new BlockIOException(what, nodeName, image.filename(), offset < 0 ? -1 : offset, errno, null);
    }

    // ---------------------------------------------------------------- FaultInjector

    @Override
    public void addRules(String options) {
        TreeNodeOptions o = new TreeNodeOptions(OptionStrings.parse(options), nodeName);
        List<BlkdebugRules.Rule> added = BlkdebugRules.fromOptions(o, nodeName);
        o.requireAllUsed();
        rules.add(added, true);
    }

    @Override
    public void clearRules() {
        rules.clear();
    }

    @Override
    public void setDiskFull(boolean full) {
        diskFull = full;
    }

    @Override
    public boolean diskFull() {
        return diskFull;
    }

    @Override
    public long injectedErrors() {
        return injected.get();
    }

    @Override
    public long requests(String ioType) {
        BlkdebugIoType t = BlkdebugIoType.ofQemuName(ioType);
        if (t == null) {
            throw new IllegalArgumentException("unknown blkdebug iotype '" + ioType + "'");
        }
        return requestCounts.get(t.ordinal());
    }

    @Override
    public long events(DebugEvent event) {
        return eventCounts.get(event.ordinal());
    }

    @Override
    public long unflushedWrites() {
        return completedWrites.get() - flushedWrites.get();
    }

    // ---------------------------------------------------------------- DebugBreakpoints

    @Override
    public void setListener(DebugBreakpoints.Listener listener) {
        breakpoints.setListener(listener);
    }

    @Override
    public boolean addBreakpoint(String event, String tag) {
        int index = BlkdebugRules.eventIndex(event);
        return index >= 0 && breakpoints.add(index, tag);
    }

    @Override
    public boolean removeBreakpoint(String tag) {
        return breakpoints.remove(tag);
    }

    @Override
    public boolean resume(String tag) {
        return breakpoints.resume(tag);
    }

    @Override
    public boolean isSuspended(String tag) {
        return breakpoints.isSuspended(tag);
    }

    @Override
    public int suspendedRequests() {
        return breakpoints.waitingThreads();
    }

    @Override
    public List<String> resumeAll() {
        return breakpoints.resumeAll();
    }

    @Override
    public void close() {
        arena.close();
    }
}
