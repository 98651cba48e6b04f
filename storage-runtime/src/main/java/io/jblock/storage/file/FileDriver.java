package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.FileStat;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PageCacheResidency;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.uring.IoUring;
import io.jblock.ffm.uring.UringCompletion;
import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} protocol driver (QEMU's block/file-posix.c): a regular file or a block
 * device accessed with pread/pwrite through one data descriptor.
 *
 * <p>Durability: with writeback off the descriptor has O_DSYNC, so a write is stable when it
 * returns; with writeback on, a FUA write uses pwritev2(RWF_DSYNC) and flush is fdatasync.
 * Once an fdatasync has failed, every later flush fails too: Linux marks the failed pages
 * clean, so a second fdatasync would report success for writes that were lost (QEMU's
 * page_cache_inconsistent). With cache.no-flush, flush and FUA do nothing.
 *
 * <p>Alignment: without O_DIRECT none; with O_DIRECT what {@link AlignmentProbe} found, as
 * {@link #limits()}. The generic layer only sends requests that satisfy them.
 *
 * <p>Locking: {@link ImageLock} on a descriptor of its own, QEMU-compatible; opened inactive
 * the node holds no lock until {@link #setWritePermission(boolean)}.
 *
 * <p>Asynchronous requests ({@code aio}): with {@code aio=threads} the driver has no
 * asynchronous path and the generic layer runs them on the graph's thread engine. With
 * {@code aio=io_uring} (and {@code aio=native}, which jblock serves with io_uring: it has no
 * Linux AIO engine) the node owns an {@link IoUring} ring with its descriptor registered, and
 * {@link #readAsync}, {@link #writeAsync} and {@link #flushAsync} go straight into it: READ,
 * WRITE (with RWF_DSYNC for FUA where writeback is on; writethrough and directsync already have
 * O_DSYNC) and FSYNC with IORING_FSYNC_DATASYNC. Completions run on the ring's thread: short
 * transfers are resubmitted for the rest, a read that reaches end of file completes as the
 * synchronous read does, EINTR and EAGAIN are resubmitted (as QEMU does), anything else fails
 * the request with a BlockIOException naming the node, the file, the offset and the errno.
 * Synchronous requests always run on the calling thread. When the kernel refuses io_uring
 * (ENOSYS, EPERM under {@code kernel.io_uring_disabled} or seccomp, ...), the node falls back to
 * {@code aio=threads}, and the first such fallback of the process is logged once.
 *
 * <p>Thread safety: requests may run concurrently; pread/pwrite on one descriptor need no
 * lock. close must not race with requests (the generic layer drains first); it closes the ring
 * after the ring has seen the completion of everything it submitted.
 */
final class FileDriver implements BlockDriver, AutoCloseable {
    /** Largest request: Linux transfers at most 0x7ffff000 bytes per call, we stay below. */
    static final long MAX_TRANSFER = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(FileDriver.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();
    private static final AtomicBoolean NATIVE_LOGGED = new AtomicBoolean();

    // what a ring request is, in its tag
    private static final int RING_READ = 1;
    private static final int RING_WRITE = 2;
    private static final int RING_FLUSH = 3;
    private static final int RING_OP = 0xff;
    private static final int RING_FUA = 0x100;

    private final FileDescription description;
    private final FileOptions options;
    private final CacheSettings cache;
    private final boolean readOnly;
    private final boolean noShare;
    private final int fd;
    private final boolean blockDevice;
    /**
     * A character device (host_device on /dev/null): its flush is skipped while nothing was
     * written since the last one, as QEMU's write generation skips it, so that closing a
     * device that was only read does not fail on an fdatasync the device refuses (EINVAL).
     */
    private final boolean characterDevice;
    private final AtomicLong deviceWrites = new AtomicLong();
    private volatile long flushedDeviceWrites;
    private final FileAlignment alignment;
    private final BlockLimits limits;
    private final ImageLock lock;
    private final SyscallCounters counters = new SyscallCounters();
    private volatile PageCacheResidency residency = PageCacheResidency.best();
    private volatile boolean rwfDsyncUnsupported;
    private volatile NativeIOException failedSync;
    private volatile boolean closed;
    /** The node's ring, or null: aio=threads, or io_uring refused by the kernel. */
    private final IoUring ring;
    private final UringCompletion completions = this::ringCompleted;

    private FileDriver(FileDescription description, FileOptions options, CacheSettings cache, boolean readOnly,
                       boolean noShare, int fd, boolean blockDevice, boolean characterDevice, FileAlignment alignment,
                       ImageLock lock, IoUring ring) {
        this.ring = ring;
        this.description = description;
        this.options = options;
        this.cache = cache;
        this.readOnly = readOnly;
        this.noShare = noShare;
        this.fd = fd;
        this.blockDevice = blockDevice;
        this.characterDevice = characterDevice;
        this.alignment = alignment;
        this.lock = lock;
        long optimal = alignment.physicalBlockSize() > alignment.requestAlignment() ? alignment.physicalBlockSize() : 0;
        this.limits = new BlockLimits(alignment.requestAlignment(), alignment.memoryAlignment(), MAX_TRANSFER,
                optimal, 0);
    }

    /** Opens the node: data descriptor, file type check, alignment, then locks. */
    static FileDriver open(OpenContext context) throws IOException {
        return open(context, FileProtocol.FILE);
    }

    /** Opens the node as the file-posix driver {@code protocol}, which decides the file types it takes. */
    static FileDriver open(OpenContext context, FileProtocol protocol) throws IOException {
        FileOptions options = FileOptions.parse(context.options());
        FileDescription description = new FileDescription(context.nodeName(), options.filename());
        CacheSettings cache = context.cacheSettings();
        boolean readOnly = context.readOnly();
        boolean noShare = context.noShare();
        int fd = openData(options.filename(), FileOpenFlags.of(cache, readOnly), description);
        ImageLock lock = null;
        IoUring ring = null;
        boolean ok = false;
        try {
            FileStat stat = PosixIO.fstatFd(fd, options.filename());
            protocol.requireType(stat, description);
            FileAlignment alignment = AlignmentProbe.discover(fd, stat, cache.direct(), options.filename());
            lock = ImageLock.open(options.filename(), options.filename(), options.locking(), description);
            if (lock != null) {
                lock.setLevel(context.inactive() ? LockLevel.NONE : LockLevel.active(readOnly, noShare));
            }
            ring = openRing(options.aio(), fd, description);
            FileDriver driver = new FileDriver(description, options, cache, readOnly, noShare, fd, stat.isBlockDevice(),
                    FileProtocol.isCharacterDevice(stat), alignment, lock, ring);
            ok = true;
            return driver;
        } catch (NativeIOException e) {
            throw description.failure("opening the image", -1, e);
        } finally {
            if (!ok) {
                if (ring != null) {
                    ring.close();
                }
                if (lock != null) {
                    try {
                        lock.close();
                    } catch (BlockIOException e) {
                        // the open failure is the one to report
                    }
                }
                closeQuietly(fd, options.filename());
            }
        }
    }

    /**
     * Opens the data descriptor. EINVAL with O_DIRECT is retried without it to tell "the file
     * system refuses O_DIRECT" from any other EINVAL.
     */
    private static int openData(String path, int flags, FileDescription description) throws BlockIOException {
        try {
            return PosixIO.openFd(path, flags, 0);
        } catch (NativeIOException e) {
            int direct = Libc.O_DIRECT();
            if (e.errno() == Errno.EINVAL && (flags & direct) != 0) {
                int buffered;
                try {
                    buffered = PosixIO.openFd(path, flags & ~direct, 0);
                } catch (NativeIOException again) {
                    throw description.failure("opening the image", -1, again);
                }
                closeQuietly(buffered, path);
                throw new BlockIOException("file system does not support O_DIRECT (try cache.direct=off)",
                        description.nodeName(), path, -1, e.errno(), e);
            }
            throw description.failure("opening the image", -1, e);
        }
    }

    /**
     * The node's ring for {@code aio=io_uring} and {@code aio=native}, or null for
     * {@code aio=threads} and when the kernel refuses io_uring (logged once per process).
     */
    private static IoUring openRing(AioMode aio, int fd, FileDescription description) {
        if (aio == AioMode.THREADS) {
            return null;
        }
        if (aio == AioMode.NATIVE && NATIVE_LOGGED.compareAndSet(false, true)) {
            LOG.info("file node '{}': aio=native is served by io_uring (jblock has no Linux AIO engine)",
                    description.nodeName());
        }
        try {
            return IoUring.open(description.nodeName(), IoUring.DEFAULT_CAPACITY, new int[] {fd});
        } catch (NativeIOException e) {
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.warn("file node '{}' ({}): io_uring is not available ({}: {} ({}){}); using aio=threads instead",
                        description.nodeName(), description.path(), e.syscall(), e.errnoName(), e.strerror(),
                        ioUringSysctl());
            } else {
                LOG.debug("file node '{}': io_uring not available ({}), using aio=threads",
                        description.nodeName(), e.getMessage());
            }
            return null;
        }
    }

    /** {@code ", kernel.io_uring_disabled=N"} when that sysctl exists and is set, else empty. */
    private static String ioUringSysctl() {
        try {
            String v = Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
            return v.equals("0") ? "" : "; kernel.io_uring_disabled=" + v;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public BlockLimits limits() {
        return limits;
    }

    @Override
    public long size() throws IOException {
        checkOpen(-1);
        try {
            return blockDevice ? PosixIO.ioctlBlkGetSize64(fd, description.path())
                    : PosixIO.fstatFd(fd, description.path()).size();
        } catch (NativeIOException e) {
            throw description.failure("size query", -1, e);
        }
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        checkOpen(offset);
        long length = dst.byteSize();
        long n;
        try {
            n = PosixIO.preadFd(fd, dst, offset, description.path());
        } catch (NativeIOException e) {
            throw description.failure("read of " + length + " bytes", offset, e);
        }
        if (n < length) {
            completeShortRead(offset, dst, n);
        }
    }

    /**
     * A read ended at end of file. Under O_DIRECT the last block of a file whose size is not
     * aligned is read in full and the bytes past the end are zeroes (as QEMU does); anything
     * else means the file shrank under the node, and inventing zeroes would be wrong data.
     */
    private void completeShortRead(long offset, MemorySegment dst, long n) throws IOException {
        long length = dst.byteSize();
        long fileSize = size();
        long alignedEnd = (fileSize + alignment.requestAlignment() - 1) / alignment.requestAlignment()
                * alignment.requestAlignment();
        if (offset + n >= fileSize && offset + length <= alignedEnd) {
            dst.asSlice(n).fill((byte) 0);
            return;
        }
        throw description.failure("read of " + length + " bytes returned only " + n
                + " bytes: end of file at " + fileSize + " (the file shrank under this node?)", offset + n);
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        checkOpen(offset);
        try {
            writeChecked(offset, src, flags);
        } finally {
            if (characterDevice) {
                deviceWrites.incrementAndGet();
            }
        }
    }

    private void writeChecked(long offset, MemorySegment src, int flags) throws IOException {
        boolean fua = (flags & RequestFlags.FUA) != 0 && cache.writeback() && !cache.noFlush();
        if (fua && !rwfDsyncUnsupported) {
            try {
                PosixIO.pwritev2Fd(fd, src, offset, Libc.RWF_DSYNC(), description.path());
                counters.dsyncWrites.increment();
                return;
            } catch (NativeIOException e) {
                if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.ENOSYS) {
                    throw description.failure("FUA write of " + src.byteSize() + " bytes", offset, e);
                }
                rwfDsyncUnsupported = true;
            }
        }
        try {
            PosixIO.pwriteFd(fd, src, offset, description.path());
        } catch (NativeIOException e) {
            throw description.failure("write of " + src.byteSize() + " bytes", offset, e);
        }
        if (fua) {
            syncData("FUA write (fdatasync)", offset);
        }
    }

    // ---------------------------------------------------------------- asynchronous forms (io_uring)

    @Override
    public <A> boolean readAsync(long offset, MemorySegment dst, A attachment,
                                 CompletionHandler<Void, ? super A> handler) {
        IoUring r = ring;
        if (r == null) {
            return false;
        }
        if (closed) {
            handler.failed(closedFailure(offset), attachment);
            return true;
        }
        try {
            r.read(0, dst, offset, 0, completions, RING_READ, attachment, handler);
        } catch (IllegalStateException e) {
            handler.failed(closedFailure(offset), attachment); // the ring is closing: the node is
        }
        return true;
    }

    @Override
    public <A> boolean writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        IoUring r = ring;
        if (r == null) {
            return false;
        }
        if (closed) {
            handler.failed(closedFailure(offset), attachment);
            return true;
        }
        // writethrough and directsync have O_DSYNC; RWF_DSYNC exists wherever io_uring does (4.7 < 5.1)
        boolean fua = (flags & RequestFlags.FUA) != 0 && cache.writeback() && !cache.noFlush();
        try {
            r.write(0, src, offset, fua ? Libc.RWF_DSYNC() : 0, completions, fua ? RING_WRITE | RING_FUA : RING_WRITE,
                    attachment, handler);
        } catch (IllegalStateException e) {
            handler.failed(closedFailure(offset), attachment);
        }
        return true;
    }

    @Override
    public <A> boolean flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        IoUring r = ring;
        if (r == null) {
            return false;
        }
        if (closed) {
            handler.failed(closedFailure(-1), attachment);
            return true;
        }
        if (cache.noFlush() || characterDevice && deviceWrites.get() == flushedDeviceWrites) {
            handler.completed(null, attachment);
            return true;
        }
        NativeIOException earlier = failedSync;
        if (earlier != null) {
            handler.failed(syncRefused("flush (fdatasync)", -1, earlier), attachment);
            return true;
        }
        counters.fdatasync.increment();
        try {
            r.fsync(0, Libc.IORING_FSYNC_DATASYNC(), completions, RING_FLUSH, attachment, handler);
        } catch (IllegalStateException e) {
            handler.failed(closedFailure(-1), attachment);
        }
        return true;
    }

    /** A ring completion, on the ring's thread: finish the request, or resubmit what is left of it. */
    @SuppressWarnings("unchecked")
    private void ringCompleted(int res, long offset, MemorySegment buffer, int tag, Object attachment, Object h) {
        CompletionHandler<Void, Object> handler = (CompletionHandler<Void, Object>) h;
        int op = tag & RING_OP;
        if (res == -Errno.EINTR || res == -Errno.EAGAIN) {
            resubmit(op, tag, offset, buffer, attachment, handler); // as QEMU's luring_process_completions
            return;
        }
        switch (op) {
            case RING_READ -> readCompleted(res, offset, buffer, tag, attachment, handler);
            case RING_WRITE -> writeCompleted(res, offset, buffer, tag, attachment, handler);
            default -> flushCompleted(res, attachment, handler);
        }
    }

    private void readCompleted(int res, long offset, MemorySegment dst, int tag, Object attachment,
                               CompletionHandler<Void, Object> handler) {
        long length = dst.byteSize();
        if (res == length) {
            handler.completed(null, attachment);
        } else if (res > 0) {
            resubmit(RING_READ, tag, offset + res, dst.asSlice(res), attachment, handler); // short read: the rest
        } else if (res == 0) {
            try {
                completeShortRead(offset, dst, 0);
                handler.completed(null, attachment);
            } catch (IOException e) {
                handler.failed(e, attachment);
            }
        } else {
            handler.failed(description.failure("read of " + length + " bytes", offset,
                    new NativeIOException("io_uring read", -res, description.path(), offset, length)), attachment);
        }
    }

    private void writeCompleted(int res, long offset, MemorySegment src, int tag, Object attachment,
                                CompletionHandler<Void, Object> handler) {
        long length = src.byteSize();
        boolean fua = (tag & RING_FUA) != 0;
        if (characterDevice && (res <= 0 || res == length)) {
            deviceWrites.incrementAndGet();
        }
        if (res == length) {
            if (fua) {
                counters.dsyncWrites.increment();
            }
            handler.completed(null, attachment);
        } else if (res > 0) {
            resubmit(RING_WRITE, tag, offset + res, src.asSlice(res), attachment, handler);
        } else {
            int errno = res == 0 ? Errno.EIO : -res; // no progress and no error: as PosixIO's pwrite loop
            handler.failed(description.failure((fua ? "FUA write of " : "write of ") + length + " bytes", offset,
                    new NativeIOException("io_uring write", errno, description.path(), offset, length)), attachment);
        }
    }

    private void flushCompleted(int res, Object attachment, CompletionHandler<Void, Object> handler) {
        if (res >= 0) {
            handler.completed(null, attachment);
            return;
        }
        NativeIOException e = new NativeIOException("io_uring fdatasync", -res, description.path());
        failedSync = e; // as syncData: Linux marked the failed pages clean, later flushes must fail too
        handler.failed(description.failure("flush (fdatasync)", -1, e), attachment);
    }

    private void resubmit(int op, int tag, long offset, MemorySegment buffer, Object attachment,
                          CompletionHandler<Void, Object> handler) {
        try {
            switch (op) {
                case RING_READ -> ring.read(0, buffer, offset, 0, completions, tag, attachment, handler);
                case RING_WRITE -> ring.write(0, buffer, offset, (tag & RING_FUA) != 0 ? Libc.RWF_DSYNC() : 0,
                        completions, tag, attachment, handler);
                default -> ring.fsync(0, Libc.IORING_FSYNC_DATASYNC(), completions, tag, attachment, handler);
            }
        } catch (IllegalStateException e) {
            handler.failed(closedFailure(offset), attachment);
        }
    }

    private NodeClosedException closedFailure(long offset) {
        return new NodeClosedException("the file node is closed", description.nodeName(), description.path(), offset);
    }

    @Override
    public void flush() throws IOException {
        checkOpen(-1);
        if (cache.noFlush()) {
            return;
        }
        long written = deviceWrites.get();
        if (characterDevice && written == flushedDeviceWrites) {
            return;
        }
        syncData("flush (fdatasync)", -1);
        flushedDeviceWrites = written;
    }

    /** fdatasync, refusing forever after the first failure (see the class comment). */
    private void syncData(String doing, long offset) throws BlockIOException {
        NativeIOException earlier = failedSync;
        if (earlier != null) {
            throw syncRefused(doing, offset, earlier);
        }
        counters.fdatasync.increment();
        try {
            PosixIO.fdatasyncFd(fd, description.path());
        } catch (NativeIOException e) {
            failedSync = e;
            throw description.failure(doing, offset, e);
        }
    }

    private BlockIOException syncRefused(String doing, long offset, NativeIOException earlier) {
        return new BlockIOException(doing + " refused: an earlier fdatasync failed with " + earlier.errnoName()
                + ", so writes acknowledged before it may be lost", description.nodeName(),
                description.path(), offset, earlier.errno(), earlier);
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        checkOpen(offset);
        if (options.discard() == DiscardMode.IGNORE) {
            return;
        }
        // discard is advisory: a file system without hole punching just keeps the data
        if (tryFallocate(Libc.FALLOC_FL_PUNCH_HOLE() | Libc.FALLOC_FL_KEEP_SIZE(), offset, length, "discard")) {
            counters.punchHole.increment();
        }
    }

    /**
     * ZERO_RANGE first; then, if the caller allows deallocation and the node has
     * discard=unmap (QEMU drops MAY_UNMAP otherwise), PUNCH_HOLE, which reads as zeroes; then
     * writing zeroes, unless NO_FALLBACK. fallocate is metadata that O_DSYNC does not cover, so
     * with writeback off (or FUA) it is followed by fdatasync.
     */
    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        checkOpen(offset);
        boolean mayUnmap = (flags & RequestFlags.MAY_UNMAP) != 0 && options.discard() == DiscardMode.UNMAP;
        boolean fua = (flags & RequestFlags.FUA) != 0;
        boolean viaFallocate = true;
        if (tryFallocate(Libc.FALLOC_FL_ZERO_RANGE(), offset, length, "write-zeroes (FALLOC_FL_ZERO_RANGE)")) {
            counters.zeroRange.increment();
        } else if (mayUnmap && tryFallocate(Libc.FALLOC_FL_PUNCH_HOLE() | Libc.FALLOC_FL_KEEP_SIZE(), offset, length,
                "write-zeroes (FALLOC_FL_PUNCH_HOLE)")) {
            counters.punchHole.increment();
        } else if ((flags & RequestFlags.NO_FALLBACK) != 0) {
            throw description.failure("write-zeroes of " + length + " bytes with NO_FALLBACK: the file system "
                    + "supports neither FALLOC_FL_ZERO_RANGE" + (mayUnmap ? " nor FALLOC_FL_PUNCH_HOLE" : "")
                    + " here", offset, Errno.ENOTSUP);
        } else {
            writeZeroBuffers(offset, length);
            viaFallocate = false;
        }
        boolean stableAlready = !viaFallocate && !cache.writeback();
        if (!cache.noFlush() && !stableAlready && (fua || !cache.writeback())) {
            syncData("write-zeroes (fdatasync)", offset);
        }
    }

    private void writeZeroBuffers(long offset, long length) throws BlockIOException {
        for (long done = 0; done < length; ) {
            long n = Math.min(ZeroBlock.SIZE, length - done);
            try {
                PosixIO.pwriteFd(fd, ZeroBlock.of(n), offset + done, description.path());
            } catch (NativeIOException e) {
                throw description.failure("write-zeroes of " + n + " bytes (writing zeroes)", offset + done, e);
            }
            counters.zeroBufferWrites.increment();
            if (characterDevice) {
                deviceWrites.incrementAndGet();
            }
            done += n;
        }
    }

    /**
     * fallocate; false when the file system does not support the mode (and, for block
     * devices, when the range is not on logical blocks, which buffered I/O allows).
     */
    private boolean tryFallocate(int mode, long offset, long length, String doing) throws BlockIOException {
        try {
            PosixIO.fallocateFd(fd, mode, offset, length, description.path());
            return true;
        } catch (NativeIOException e) {
            if (e.errno() == Errno.EOPNOTSUPP || (blockDevice && e.errno() == Errno.EINVAL)) {
                return false;
            }
            throw description.failure(doing + " of " + length + " bytes", offset, e);
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        checkOpen(newSize);
        if (blockDevice) {
            if (prealloc != Preallocation.OFF) {
                throw description.failure("Preallocation mode '" + prealloc.qemuName()
                        + "' unsupported for this non-regular file", newSize, Errno.ENOTSUP);
            }
            long size = size();
            if (newSize > size) {
                throw description.failure("Cannot grow device files (device size " + size + ", requested "
                        + newSize + ")", newSize, Errno.EINVAL);
            }
            return;
        }
        long current = size();
        FileResize.resize(fd, cache.direct(), current, newSize, prealloc, description);
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        checkOpen(offset);
        return SparseScan.status(fd, offset, length, alignment.requestAlignment(), description);
    }

    /**
     * Drops the host page cache of the file (QEMU's raw_co_invalidate_cache), so that data
     * another process wrote is read from disk: fdatasync, then posix_fadvise(DONTNEED) over the
     * whole file. Nothing to do under O_DIRECT (no page cache used) or with drop-cache=off.
     * With check-cache-dropped, verifies that no page stayed and fails saying how many bytes did.
     */
    @Override
    public void invalidateCache() throws IOException {
        checkOpen(-1);
        if (cache.direct() || !options.dropCache()) {
            return;
        }
        // QEMU flushes through bdrv_co_flush here: the same sync, with its failed-sync rule
        syncData("cache invalidation (fdatasync)", -1);
        counters.fadviseDontneed.increment();
        try {
            PosixIO.fadviseFd(fd, 0, 0, Libc.POSIX_FADV_DONTNEED(), description.path());
        } catch (NativeIOException e) {
            throw description.failure("cache invalidation (posix_fadvise DONTNEED)", -1, e);
        }
        if (options.checkCacheDropped()) {
            checkCacheDropped();
        }
    }

    private void checkCacheDropped() throws IOException {
        PageCacheResidency measure = residency;
        long size = size();
        long resident;
        try {
            resident = measure.residentBytes(fd, 0, size, description.path());
        } catch (NativeIOException e) {
            throw description.failure("checking that the page cache was dropped (" + measure + ")", -1, e);
        }
        if (resident > 0) {
            throw description.failure("page cache still in use: " + resident + " of " + size
                    + " bytes stayed cached after posix_fadvise(POSIX_FADV_DONTNEED) (measured with "
                    + measure + "; is the file mapped or in use by another process?)", -1);
        }
    }

    /** Takes the writer's locks (or the reader's, read-only) or gives up every lock, as QEMU's inactive nodes. */
    @Override
    public void setWritePermission(boolean write) throws IOException {
        checkOpen(-1);
        if (lock == null) {
            return;
        }
        lock.setLevel(!write ? LockLevel.NONE : LockLevel.active(readOnly, noShare));
    }

    @Override
    public List<BlockChild> children() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (ring != null) {
            ring.close(); // nothing is in flight (the generic layer drained): releases the ring
        }
        BlockIOException failure = null;
        try {
            PosixIO.closeFd(fd, description.path());
        } catch (NativeIOException e) {
            failure = description.failure("close", -1, e);
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (BlockIOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen(long offset) throws NodeClosedException {
        if (closed) {
            throw new NodeClosedException("the file node is closed", description.nodeName(), description.path(),
                    offset);
        }
    }

    private static void closeQuietly(int fd, String path) {
        try {
            PosixIO.closeFd(fd, path);
        } catch (NativeIOException e) {
            // already failing; the first error is the one to report
        }
    }

    // ---- test hooks (package-private) ----

    int fd() {
        return fd;
    }

    SyscallCounters counters() {
        return counters;
    }

    FileAlignment alignment() {
        return alignment;
    }

    LockLevel lockLevel() {
        return lock == null ? null : lock.level();
    }

    void residency(PageCacheResidency measure) {
        this.residency = measure;
    }

    /** The node's ring, or null (aio=threads or the fallback). */
    IoUring ring() {
        return ring;
    }
}
