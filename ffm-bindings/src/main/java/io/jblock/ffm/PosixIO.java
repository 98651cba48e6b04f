package io.jblock.ffm;

import io.jblock.ffm.linux.Cachestat;
import io.jblock.ffm.linux.CachestatRange;
import io.jblock.ffm.linux.Flock;
import io.jblock.ffm.linux.Fsxattr;
import io.jblock.ffm.linux.Iovec;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.linux.Stat;
import io.jblock.ffm.linux.Statx;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Checked Linux file syscalls on raw file descriptors (TuplDB {@code PosixFileIO} style).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every failure is a {@link NativeIOException} naming the syscall, errno (number, name,
 *       text) and, where they apply, the path (only used in messages, may be null), offset and
 *       length of the failed call.</li>
 *   <li>{@code EINTR} is retried (except by {@code close}, where Linux has already released the
 *       descriptor); short reads and writes are continued until the request is done or, for
 *       reads, end of file.</li>
 *   <li>No helper allocates native memory per call: errno capture, iovecs and struct results
 *       use a per-thread scratch area allocated once per thread.</li>
 *   <li>Memory safety, also for callers in modules without native access: every buffer is a
 *       {@link MemorySegment} and every length the kernel sees is that segment's size, so no call
 *       touches memory outside the segment it was given; a buffer passed directly (pread, pwrite)
 *       is kept alive by FFM for the call. {@code preadv2Fd}/{@code pwritev2Fd} pass the address
 *       inside an iovec, where FFM cannot keep it alive, so they use a buffer confined to the
 *       calling thread directly and copy any other (shared, global, automatic arena) through a
 *       thread-local native bounce buffer: an arena closed by another thread during the call can
 *       then never be written or read by the kernel. Mappings ({@link #mmapFd}) belong to an
 *       arena and are unmapped when it closes; {@link #madvise} takes only advice that keeps the
 *       contents.</li>
 *   <li>Buffers must be native segments (heap segments are refused with
 *       {@link IllegalArgumentException}); a read into a read-only segment is refused with
 *       {@code IllegalArgumentException("Read-only buffer")}, as {@code FileChannel.read} does.
 *       O_DIRECT alignment is the caller's job (the kernel's EINVAL is reported as such).</li>
 *   <li>Native access: the first call checks it ({@link NativeAccess}); without it, the call
 *       throws {@link NativeAccessException} naming the JVM flag, and nothing is left
 *       half-initialised.</li>
 *   <li>All methods are thread-safe; concurrent positional I/O on one descriptor is allowed.
 *       File descriptors are plain {@code int}s: as with any file API, acting on a descriptor the
 *       caller did not open is the caller's mistake (it cannot reach memory).</li>
 * </ul>
 */
public final class PosixIO {

    private PosixIO() {
    }

    /**
     * Variadic invokers, linked once: one per argument shape we use. A holder, so that linking
     * (a restricted operation) happens on first use, after the {@link NativeAccess} gate, and
     * never in this class's initialiser.
     */
    // One holder class per variadic handle: a handle is linked (a downcall stub and its method
    // handle adapters generated: milliseconds each at start-up) only when first used, so a short
    // command links only the calls it makes.
    private static final class OpenInvoker {
        static final MethodHandle OPEN = Libc.open.makeInvoker(Libc.C_INT).handle();
    }

    private static final class FcntlNoArgInvoker {
        static final MethodHandle FCNTL_NOARG = Libc.fcntl.makeInvoker().handle();
    }

    private static final class FcntlIntInvoker {
        static final MethodHandle FCNTL_INT = Libc.fcntl.makeInvoker(Libc.C_INT).handle();
    }

    private static final class FcntlPtrInvoker {
        static final MethodHandle FCNTL_PTR = Libc.fcntl.makeInvoker(Libc.C_POINTER).handle();
    }

    private static final class IoctlPtrInvoker {
        static final MethodHandle IOCTL_PTR = Libc.ioctl.makeInvoker(Libc.C_POINTER).handle();
    }

    private static final class Syscall4Invoker {
        // syscall(2) reads every argument as a long, so every variadic argument is passed as one.
        static final MethodHandle SYSCALL_4 = Libc.syscall.makeInvoker(
                Libc.C_LONG, Libc.C_POINTER, Libc.C_POINTER, Libc.C_LONG).handle();
    }

    /** The page size, asked once, on first use (a native call: after the gate). */
    private static final class Page {
        static final long SIZE = Libc.sysconf(Libc._SC_PAGESIZE());

        private Page() {
        }
    }

    /** Never started: a thread that owns no arena, to test whether a buffer is confined. */
    private static final Thread FOREIGN_THREAD = new Thread(() -> { }, "jblock-posixio-confinement-probe");

    private static final int EINTR = Errno.EINTR;
    private static final MemorySegment EMPTY_C_STRING = Arena.global().allocate(1);

    private static volatile Boolean cachestatSupported;

    // ---- open / close ----

    /**
     * Opens {@code path} with {@code flags | O_CLOEXEC}; {@code mode} is used when creating.
     *
     * @param path the file to open (NUL-free)
     * @param flags {@code O_*} flags ({@code O_CLOEXEC} is always added)
     * @param mode permission bits for a created file, e.g. {@code 0644}
     * @return the file descriptor
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static int openFd(String path, int flags, int mode) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment cPath = t.cString(path);
        int f = flags | Libc.O_CLOEXEC();
        while (true) {
            int fd = invokeOpen(t.capture, cPath, f, mode);
            if (fd >= 0) {
                return fd;
            }
            int e = Libc.errno(t.capture);
            if (e != EINTR) {
                throw new NativeIOException("open", e, path);
            }
        }
    }

    /**
     * Closes {@code fd}. EINTR counts as closed: Linux releases the descriptor before it can occur.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void closeFd(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.close(cap, fd) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("close", e, path);
            }
        }
    }

    // ---- positional I/O ----

    /**
     * Reads {@code dst.byteSize()} bytes at {@code offset}, continuing over short reads and
     * EINTR.
     *
     * @param fd an open file descriptor
     * @param dst where the bytes go: native, writable, accessible by this thread
     * @param offset file offset in bytes
     * @param path the file's name, for messages only; may be null
     * @return bytes read; less than requested only at end of file
     * @throws IllegalArgumentException {@code "Read-only buffer"} when {@code dst} is read-only,
     *                                  or when it is a heap segment
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static long preadFd(int fd, MemorySegment dst, long offset, String path) throws NativeIOException {
        return transfer(Transfer.PREAD, fd, dst, offset, 0, path);
    }

    /**
     * Writes all of {@code src} at {@code offset}, continuing over short writes and EINTR.
     *
     * @param fd an open file descriptor
     * @param src the bytes to write: native, accessible by this thread
     * @param offset file offset in bytes
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void pwriteFd(int fd, MemorySegment src, long offset, String path) throws NativeIOException {
        transfer(Transfer.PWRITE, fd, src, offset, 0, path);
    }

    /**
     * {@code preadv2} with one iovec and {@code RWF_*} flags (e.g. {@code RWF_HIPRI},
     * {@code RWF_NOWAIT}, {@code RWF_DONTCACHE}). Continues over short reads and
     * EINTR like {@link #preadFd}. With RWF_NOWAIT, EAGAIN is thrown (the data is not cached);
     * with a flag the kernel does not know, EOPNOTSUPP (or EINVAL) is thrown. A buffer not
     * confined to the calling thread is read through a bounce buffer (see the class comment).
     *
     * @param fd an open file descriptor
     * @param dst where the bytes go: native, writable, accessible by this thread
     * @param offset file offset in bytes
     * @param rwfFlags {@code RWF_*} flags, 0 for none
     * @param path the file's name, for messages only; may be null
     * @return bytes read; less than requested only at end of file
     * @throws IllegalArgumentException {@code "Read-only buffer"} when {@code dst} is read-only,
     *                                  or when it is a heap segment
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static long preadv2Fd(int fd, MemorySegment dst, long offset, int rwfFlags, String path)
            throws NativeIOException {
        return transfer(Transfer.PREADV2, fd, dst, offset, rwfFlags, path);
    }

    /**
     * {@code pwritev2} with one iovec and {@code RWF_*} flags (e.g. {@code RWF_DSYNC}
     * for a write that is durable when this returns, {@code RWF_DONTCACHE}). Writes all
     * of {@code src}, continuing over short writes and EINTR. A buffer not confined to the
     * calling thread is written from a bounce buffer, one megabyte per call (so a longer write
     * with {@code RWF_ATOMIC} needs a confined buffer).
     *
     * @param fd an open file descriptor
     * @param src the bytes to write: native, accessible by this thread
     * @param offset file offset in bytes
     * @param rwfFlags {@code RWF_*} flags, 0 for none
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void pwritev2Fd(int fd, MemorySegment src, long offset, int rwfFlags, String path)
            throws NativeIOException {
        transfer(Transfer.PWRITEV2, fd, src, offset, rwfFlags, path);
    }

    /** The four positional transfers {@link #transfer} drives; the name is the failed syscall's. */
    /**
     * pread and pwrite linked without errno capture, for the first try of every plain transfer.
     * Capturing errno costs each call a slice of the capture segment (an allocation C2 removes
     * only when the whole downcall inlines into the caller: 40 B per qcow2 read before) and a
     * call to {@code __errno_location}; a transfer that succeeds needs neither. A call that
     * returns -1 is issued again with capture, and that call's result and errno are the ones
     * reported: a pread or pwrite at an offset that failed moved no bytes, so issuing it again
     * reads or writes exactly what the first would have (a transient error may then succeed,
     * as the EINTR retry already lets it). Never used for calls whose error is consumed by the
     * first report (fsync, fdatasync, close): those always capture.
     */
    private static final class UncapturedTransfer {
        private static final MethodHandle PREAD =
                Linker.nativeLinker().downcallHandle(Libc.pread$address(), Libc.pread$descriptor());
        private static final MethodHandle PWRITE =
                Linker.nativeLinker().downcallHandle(Libc.pwrite$address(), Libc.pwrite$descriptor());

        static long pread(int fd, MemorySegment buf, long count, long offset) {
            try {
                return (long) PREAD.invokeExact(fd, buf, count, offset);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError("should not reach here", e);
            }
        }

        static long pwrite(int fd, MemorySegment buf, long count, long offset) {
            try {
                return (long) PWRITE.invokeExact(fd, buf, count, offset);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError("should not reach here", e);
            }
        }
    }

    private enum Transfer {
        PREAD("pread", true, false), PWRITE("pwrite", false, false), PREADV2("preadv2", true, true),
        PWRITEV2("pwritev2", false, true);

        final String syscall;
        final boolean read;
        /** The buffer's address travels inside an iovec, where FFM does not keep it alive. */
        final boolean iovec;

        Transfer(String syscall, boolean read, boolean iovec) {
            this.syscall = syscall;
            this.read = read;
            this.iovec = iovec;
        }
    }

    /**
     * The checks of every transfer: a native buffer, writable for a read, accessible by this
     * thread and alive (the iovec forms pass only its address, so FFM checks nothing there).
     */
    private static void checkBuffer(Transfer op, MemorySegment buf) {
        if (op.read && buf.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (!buf.isNative()) {
            throw new IllegalArgumentException(op.syscall + " needs a native buffer, not a heap segment");
        }
        if (!buf.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException(op.syscall + ": the buffer is confined to another thread");
        }
        if (!buf.scope().isAlive()) {
            throw new IllegalStateException(op.syscall + ": the buffer's arena is already closed");
        }
    }

    /**
     * The one loop over short transfers and EINTR behind the four positional calls: moves
     * {@code buf} at {@code offset} until it is done or, for a read, end of file (a 0 return).
     * A write that returns 0 made no progress and reported no error: it is reported as EIO
     * rather than retried forever. A failure names the remaining offset and length.
     *
     * @return bytes moved
     */
    private static long transfer(Transfer op, int fd, MemorySegment buf, long offset, int rwfFlags, String path)
            throws NativeIOException {
        checkBuffer(op, buf);
        ThreadScratch t = ThreadScratch.get();
        if (op.iovec && buf.isAccessibleBy(FOREIGN_THREAD)) {
            return bounced(op, fd, buf, offset, rwfFlags, path, t);
        }
        return transferDirect(op, fd, buf, offset, rwfFlags, path, t);
    }

    /**
     * An iovec transfer of a buffer another thread could free during the call (shared, global or
     * automatic arena): through this thread's bounce buffer, a megabyte at a time, so the kernel
     * only ever sees memory that stays alive.
     */
    private static long bounced(Transfer op, int fd, MemorySegment buf, long offset, int rwfFlags, String path,
                                ThreadScratch t) throws NativeIOException {
        MemorySegment bounce = t.bounce();
        long size = buf.byteSize();
        long done = 0;
        while (done < size) {
            long n = Math.min(bounce.byteSize(), size - done);
            MemorySegment b = bounce.asSlice(0, n);
            if (op.read) {
                long got = transferDirect(op, fd, b, offset + done, rwfFlags, path, t);
                MemorySegment.copy(b, 0, buf, done, got);
                done += got;
                if (got < n) {
                    break; // end of file
                }
            } else {
                MemorySegment.copy(buf, done, b, 0, n);
                transferDirect(op, fd, b, offset + done, rwfFlags, path, t);
                done += n;
            }
        }
        return done;
    }

    private static long transferDirect(Transfer op, int fd, MemorySegment buf, long offset, int rwfFlags, String path,
                                       ThreadScratch t) throws NativeIOException {
        MemorySegment cap = t.capture;
        long size = buf.byteSize();
        long done = 0;
        while (done < size) {
            MemorySegment rest = done == 0 ? buf : buf.asSlice(done);
            long n = switch (op) {
                // first without errno capture; a -1 is issued again with it (UncapturedTransfer)
                case PREAD -> {
                    long r = UncapturedTransfer.pread(fd, rest, size - done, offset + done);
                    yield r >= 0 ? r : Libc.pread(cap, fd, rest, size - done, offset + done);
                }
                case PWRITE -> {
                    long r = UncapturedTransfer.pwrite(fd, rest, size - done, offset + done);
                    yield r >= 0 ? r : Libc.pwrite(cap, fd, rest, size - done, offset + done);
                }
                case PREADV2, PWRITEV2 -> {
                    Iovec.iov_base(t.iovec, rest);
                    Iovec.iov_len(t.iovec, size - done);
                    yield op == Transfer.PREADV2
                            ? Libc.preadv2(cap, fd, t.iovec, 1, offset + done, rwfFlags)
                            : Libc.pwritev2(cap, fd, t.iovec, 1, offset + done, rwfFlags);
                }
            };
            if (n > 0) {
                done += n;
            } else if (n == 0) {
                if (op.read) {
                    break;
                }
                throw new NativeIOException(op.syscall, Errno.EIO, path, offset + done, size - done);
            } else {
                int e = Libc.errno(cap);
                if (e != EINTR) {
                    throw new NativeIOException(op.syscall, e, path, offset + done, size - done);
                }
            }
        }
        return done;
    }

    // ---- durability and space ----

    /**
     * {@code fsync}: data and metadata are durable when this returns.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void fsyncFd(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.fsync(cap, fd) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("fsync", e, path);
            }
        }
    }

    /**
     * {@code fdatasync}: data (and the metadata needed to read it) are durable when this returns.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void fdatasyncFd(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.fdatasync(cap, fd) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("fdatasync", e, path);
            }
        }
    }

    /**
     * {@code sync_file_range}: starts or waits for writeback; gives no durability guarantee.
     *
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param nbytes bytes from {@code offset}; 0 to the end of the file
     * @param flags {@code SYNC_FILE_RANGE_*} flags
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void syncFileRangeFd(int fd, long offset, long nbytes, int flags, String path)
            throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.sync_file_range(cap, fd, offset, nbytes, flags) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("sync_file_range", e, path, offset, nbytes);
            }
        }
    }

    /**
     * {@code posix_fadvise} (which returns its error instead of setting errno).
     *
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param len bytes from {@code offset}; 0 to the end of the file
     * @param advice a {@code POSIX_FADV_*} value
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void fadviseFd(int fd, long offset, long len, int advice, String path) throws NativeIOException {
        NativeAccess.require();
        int r = Libc.posix_fadvise(fd, offset, len, advice);
        if (r != 0) {
            throw new NativeIOException("posix_fadvise", r, path, offset, len);
        }
    }

    /**
     * {@code fallocate} with {@code FALLOC_FL_*} mode bits (0 allocates; PUNCH_HOLE needs KEEP_SIZE).
     *
     * @param fd an open file descriptor
     * @param mode {@code FALLOC_FL_*} bits, 0 to allocate
     * @param offset file offset in bytes
     * @param len length in bytes
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void fallocateFd(int fd, int mode, long offset, long len, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.fallocate(cap, fd, mode, offset, len) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("fallocate", e, path, offset, len);
            }
        }
    }

    /**
     * {@code posix_fallocate} (returns its error instead of setting errno). glibc emulates it
     * by writing zeros where the file system lacks fallocate.
     *
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param len length in bytes
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void posixFallocateFd(int fd, long offset, long len, String path) throws NativeIOException {
        NativeAccess.require();
        int r;
        while ((r = Libc.posix_fallocate(fd, offset, len)) != 0) {
            if (r != EINTR) {
                throw new NativeIOException("posix_fallocate", r, path, offset, len);
            }
        }
    }

    /**
     * {@code ftruncate} to {@code size} bytes.
     *
     * @param fd an open file descriptor
     * @param size the new size in bytes
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void ftruncateFd(int fd, long size, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.ftruncate(cap, fd, size) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("ftruncate", e, path, size, -1);
            }
        }
    }

    // ---- metadata ----

    /**
     * {@code fstat}.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return size, blocks, block size, mode and device/inode numbers
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static FileStat fstatFd(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment st = t.struct;
        if (Libc.fstat(t.capture, fd, st) != 0) {
            throw new NativeIOException("fstat", Libc.errno(t.capture), path);
        }
        return new FileStat(Stat.st_size(st), Stat.st_blocks(st), (int) Stat.st_blksize(st), Stat.st_mode(st),
                Stat.st_dev(st), Stat.st_ino(st), Stat.st_rdev(st));
    }

    /**
     * {@code statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_DIOALIGN)}.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return the basic fields and, where the kernel and file system report them, the O_DIRECT alignments
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static StatxInfo statxFd(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment stx = t.struct;
        stx.fill((byte) 0);
        if (Libc.statx(t.capture, fd, EMPTY_C_STRING, Libc.AT_EMPTY_PATH(),
                Libc.STATX_BASIC_STATS() | Libc.STATX_DIOALIGN(), stx) != 0) {
            throw new NativeIOException("statx", Libc.errno(t.capture), path);
        }
        int mask = Statx.stx_mask(stx);
        boolean dio = (mask & Libc.STATX_DIOALIGN()) != 0;
        return new StatxInfo(mask, Statx.stx_size(stx), Statx.stx_blocks(stx), Statx.stx_blksize(stx),
                Short.toUnsignedInt(Statx.stx_mode(stx)),
                dio ? Statx.stx_dio_mem_align(stx) : 0, dio ? Statx.stx_dio_offset_align(stx) : 0);
    }

    /**
     * {@code lseek}. For {@code SEEK_DATA}/{@code SEEK_HOLE}, returns -1 where the kernel says
     * ENXIO (no data, or no hole, at or after {@code offset}).
     *
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param whence {@code SEEK_SET}, {@code SEEK_CUR}, {@code SEEK_END}, {@code SEEK_DATA} or {@code SEEK_HOLE}
     * @param path the file's name, for messages only; may be null
     * @return the resulting offset, or -1 for ENXIO under SEEK_DATA/SEEK_HOLE
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static long lseekFd(int fd, long offset, int whence, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        long r = Libc.lseek(cap, fd, offset, whence);
        if (r < 0) {
            int e = Libc.errno(cap);
            if (e == Errno.ENXIO && (whence == Libc.SEEK_DATA() || whence == Libc.SEEK_HOLE())) {
                return -1;
            }
            throw new NativeIOException("lseek", e, path, offset, -1);
        }
        return r;
    }

    // ---- fcntl, locks ----

    /**
     * {@code fcntl(F_GETFL)}: the file status flags (O_DIRECT, O_APPEND, access mode, ...).
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return the status flags, as the kernel reports them (with its own O_LARGEFILE bit)
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static int fcntlGetFlags(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        int r = invokeFcntl(FcntlNoArgInvoker.FCNTL_NOARG, cap, fd, Libc.F_GETFL());
        if (r < 0) {
            throw new NativeIOException("fcntl(F_GETFL)", Libc.errno(cap), path);
        }
        return r;
    }

    /**
     * {@code fcntl(F_SETFL)}: sets O_APPEND, O_DIRECT, O_NOATIME, O_NONBLOCK (others are ignored by Linux).
     *
     * @param fd an open file descriptor
     * @param flags the new status flags
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void fcntlSetFlags(int fd, int flags, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        if (invokeFcntlInt(cap, fd, Libc.F_SETFL(), flags) < 0) {
            throw new NativeIOException("fcntl(F_SETFL)", Libc.errno(cap), path);
        }
    }

    /**
     * Takes (or with {@code F_UNLCK} releases) an open-file-description lock on
     * {@code [start, start+len)} ({@code len == 0}: to end of file). OFD locks belong to the
     * open file description, so two opens of one file in one process do conflict.
     *
     * @param wait {@code F_OFD_SETLKW} (block until granted, EINTR retried) instead of {@code F_OFD_SETLK}
     * @param fd an open file descriptor
     * @param type {@code F_RDLCK}, {@code F_WRLCK} or {@code F_UNLCK}
     * @param start first byte of the range
     * @param len bytes in the range; 0 to the end of the file
     * @param path the file's name, for messages only; may be null
     * @return false when the lock conflicts with another (only without {@code wait})
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static boolean ofdSetLock(int fd, short type, long start, long len, boolean wait, String path)
            throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment fl = t.struct;
        int cmd = wait ? Libc.F_OFD_SETLKW() : Libc.F_OFD_SETLK();
        while (true) {
            fillFlock(fl, type, start, len);
            if (invokeFcntlPtr(t.capture, fd, cmd, fl) == 0) {
                return true;
            }
            int e = Libc.errno(t.capture);
            if (e == EINTR) {
                continue;
            }
            if (!wait && (e == Errno.EAGAIN || e == Errno.EACCES)) {
                return false;
            }
            throw new NativeIOException(wait ? "fcntl(F_OFD_SETLKW)" : "fcntl(F_OFD_SETLK)", e, path, start, len);
        }
    }

    /**
     * {@code F_OFD_GETLK}: would a lock of {@code type} on the range conflict?
     *
     * @param fd an open file descriptor
     * @param type the lock type to test, {@code F_RDLCK} or {@code F_WRLCK}
     * @param start first byte of the range
     * @param len bytes in the range; 0 to the end of the file
     * @param path the file's name, for messages only; may be null
     * @return {@code F_UNLCK} when it would not, else the conflicting lock's type
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static short ofdGetLock(int fd, short type, long start, long len, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment fl = t.struct;
        fillFlock(fl, type, start, len);
        if (invokeFcntlPtr(t.capture, fd, Libc.F_OFD_GETLK(), fl) != 0) {
            throw new NativeIOException("fcntl(F_OFD_GETLK)", Libc.errno(t.capture), path, start, len);
        }
        return Flock.l_type(fl);
    }

    private static void fillFlock(MemorySegment fl, short type, long start, long len) {
        fl.asSlice(0, Flock.sizeof()).fill((byte) 0); // OFD commands require l_pid == 0
        Flock.l_type(fl, type);
        Flock.l_whence(fl, (short) Libc.SEEK_SET());
        Flock.l_start(fl, start);
        Flock.l_len(fl, len);
    }

    // ---- block devices ----

    /**
     * {@code ioctl(BLKGETSIZE64)}: size of a block device in bytes.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return the device's size in bytes
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static long ioctlBlkGetSize64(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKGETSIZE64(), "ioctl(BLKGETSIZE64)", path);
        return t.struct.get(ValueLayout.JAVA_LONG, 0);
    }

    /**
     * {@code ioctl(BLKSSZGET)}: logical sector size of a block device.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return the logical sector size in bytes
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static int ioctlBlkSszGet(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKSSZGET(), "ioctl(BLKSSZGET)", path);
        return t.struct.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * {@code ioctl(BLKPBSZGET)}: physical sector size of a block device.
     *
     * @param fd an open file descriptor
     * @param path the file's name, for messages only; may be null
     * @return the physical sector size in bytes
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static int ioctlBlkPbszGet(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKPBSZGET(), "ioctl(BLKPBSZGET)", path);
        return t.struct.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * {@code ioctl(BLKDISCARD)} of {@code [off, off+len)} on a block device.
     *
     * @param fd an open file descriptor
     * @param off first byte to discard
     * @param len bytes to discard
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void ioctlBlkDiscard(int fd, long off, long len, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        t.struct.set(ValueLayout.JAVA_LONG, 0, off);
        t.struct.set(ValueLayout.JAVA_LONG, 8, len);
        if (invokeIoctlPtr(t.capture, fd, Libc.BLKDISCARD(), t.struct) != 0) {
            throw new NativeIOException("ioctl(BLKDISCARD)", Libc.errno(t.capture), path, off, len);
        }
    }

    // ---- file attributes ----

    /**
     * Adds {@code FS_NOCOW_FL} to the file's flags ({@code FS_IOC_GETFLAGS}, then
     * {@code FS_IOC_SETFLAGS}), as QEMU does for {@code nocow=on}: only btrfs has the flag.
     * Best effort, as there.
     *
     * @param fd an open file descriptor
     * @return whether both calls succeeded
     */
    public static boolean ioctlAddNoCowFlag(int fd) {
        ThreadScratch t = ThreadScratch.get();
        t.struct.set(ValueLayout.JAVA_INT, 0, 0);
        if (invokeIoctlPtr(t.capture, fd, Libc.FS_IOC_GETFLAGS(), t.struct) != 0) {
            return false;
        }
        int flags = t.struct.get(ValueLayout.JAVA_INT, 0);
        t.struct.set(ValueLayout.JAVA_INT, 0, flags | (int) Libc.FS_NOCOW_FL());
        return invokeIoctlPtr(t.capture, fd, Libc.FS_IOC_SETFLAGS(), t.struct) == 0;
    }

    /**
     * Sets the file's extent size hint ({@code FS_IOC_FSGETXATTR}, then {@code FS_IOC_FSSETXATTR}
     * with {@code FS_XFLAG_EXTSIZE}), as QEMU's file driver does on new images; filesystems without
     * extent size hints (anything but XFS) refuse it or ignore it.
     *
     * @param fd an open file descriptor
     * @param hint the hint in bytes, an unsigned 32-bit value
     * @param path the file's name, for the error message
     * @throws NativeIOException when either call fails
     */
    public static void ioctlSetExtentSizeHint(int fd, int hint, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment attr = t.struct.asSlice(0, Fsxattr.sizeof());
        attr.fill((byte) 0);
        if (invokeIoctlPtr(t.capture, fd, Libc.FS_IOC_FSGETXATTR(), attr) != 0) {
            throw new NativeIOException("ioctl(FS_IOC_FSGETXATTR)", Libc.errno(t.capture), path);
        }
        Fsxattr.fsx_xflags(attr, Fsxattr.fsx_xflags(attr) | (int) Libc.FS_XFLAG_EXTSIZE());
        Fsxattr.fsx_extsize(attr, hint);
        if (invokeIoctlPtr(t.capture, fd, Libc.FS_IOC_FSSETXATTR(), attr) != 0) {
            throw new NativeIOException("ioctl(FS_IOC_FSSETXATTR)", Libc.errno(t.capture), path);
        }
    }

    private static void ioctlPtr(ThreadScratch t, int fd, long request, String what, String path)
            throws NativeIOException {
        t.struct.set(ValueLayout.JAVA_LONG, 0, 0L);
        if (invokeIoctlPtr(t.capture, fd, request, t.struct) != 0) {
            throw new NativeIOException(what, Libc.errno(t.capture), path);
        }
    }

    // ---- memory mappings ----

    /**
     * {@code mmap(NULL, length, prot, flags, fd, offset)}: maps the file into memory owned by
     * {@code arena}, as {@code FileChannel.map(mode, offset, size, arena)} does. The kernel chooses
     * the address ({@code MAP_FIXED} is refused). Closing the arena unmaps it; afterwards any
     * access through the segment throws {@link IllegalStateException}, so a mapping can never be
     * used after it is gone. Touching a page past the end of the file raises SIGBUS, which the JVM
     * reports as an {@link InternalError} for segment accesses, as for FileChannel mappings.
     *
     * @param arena the mapping's lifetime; a confined or shared arena to unmap it explicitly,
     *              an automatic one to leave it to the garbage collector
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param length length in bytes
     * @param prot {@code PROT_*} bits
     * @param flags {@code MAP_*} flags, without {@code MAP_FIXED}
     * @param path the file's name, for messages only; may be null
     * @return a segment of exactly {@code length} bytes, read-only unless {@code prot} has
     *         {@code PROT_WRITE}
     * @throws IllegalArgumentException for a {@code length} below 1 or {@code MAP_FIXED} in {@code flags}
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static MemorySegment mmapFd(int fd, long offset, long length, int prot, int flags, Arena arena,
                                       String path) throws NativeIOException {
        if (length < 1) {
            throw new IllegalArgumentException("mmap length must be positive: " + length);
        }
        if ((flags & Libc.MAP_FIXED()) != 0) {
            throw new IllegalArgumentException("mmap with MAP_FIXED is refused: the kernel chooses the address");
        }
        MemorySegment cap = ThreadScratch.get().capture;
        MemorySegment addr = Libc.mmap(cap, MemorySegment.NULL, length, prot, flags, fd, offset);
        if (addr.address() == -1L) { // MAP_FAILED
            throw new NativeIOException("mmap", Libc.errno(cap), path, offset, length);
        }
        MemorySegment mapping = addr.reinterpret(length, arena, PosixIO::unmapQuietly);
        return (prot & Libc.PROT_WRITE()) == 0 ? mapping.asReadOnly() : mapping;
    }

    /** The arena's cleanup of a mapping: munmap, whose failure (EINVAL on a bad range) cannot happen here. */
    private static void unmapQuietly(MemorySegment mapping) {
        MemorySegment cap = ThreadScratch.get().capture;
        Libc.munmap(cap, mapping, mapping.byteSize());
    }

    /**
     * {@code mincore}: one byte per page of {@code mapping} into {@code vec}; bit 0 set means
     * the page is resident. {@code mapping} must start on a page (the kernel's EINVAL otherwise).
     *
     * @param mapping a mapping (page-aligned address)
     * @param vec one byte per page of {@code mapping}; writable
     * @throws IllegalArgumentException when {@code vec} is read-only or shorter than one byte per page
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void mincore(MemorySegment mapping, MemorySegment vec) throws NativeIOException {
        long page = pageSize();
        long pages = (mapping.byteSize() + page - 1) / page;
        if (vec.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (vec.byteSize() < pages) {
            throw new IllegalArgumentException("mincore needs " + pages + " bytes of vector for "
                    + mapping.byteSize() + " bytes of mapping, got " + vec.byteSize());
        }
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.mincore(cap, mapping, mapping.byteSize(), vec) != 0) {
            throw new NativeIOException("mincore", Libc.errno(cap), null, mapping.address(), mapping.byteSize());
        }
    }

    /**
     * {@code madvise} over the whole mapping, for advice that never changes what the memory
     * holds: {@code MADV_NORMAL}, {@code MADV_RANDOM}, {@code MADV_SEQUENTIAL}, {@code MADV_WILLNEED},
     * {@code MADV_COLD}, {@code MADV_PAGEOUT}, {@code MADV_HUGEPAGE}, {@code MADV_NOHUGEPAGE}.
     * Advice that discards contents ({@code MADV_DONTNEED}, {@code MADV_FREE}, {@code MADV_REMOVE},
     * ...) would reach whole pages, beyond the segment, and is refused.
     *
     * @param mapping a mapping (page-aligned address)
     * @param advice a content-preserving {@code MADV_*} value
     * @throws IllegalArgumentException for advice not in the list above
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static void madvise(MemorySegment mapping, int advice) throws NativeIOException {
        if (!CONTENT_PRESERVING_ADVICE.contains(advice)) {
            throw new IllegalArgumentException("madvise advice " + advice + " is refused: only advice that keeps "
                    + "the contents (normal, random, sequential, willneed, cold, pageout, hugepage, nohugepage) is taken");
        }
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.madvise(cap, mapping, mapping.byteSize(), advice) != 0) {
            throw new NativeIOException("madvise", Libc.errno(cap), null, mapping.address(), mapping.byteSize());
        }
    }

    // ---- page cache ----

    /**
     * {@code cachestat(fd, {offset, length}, &cs, 0)} (Linux 6.5+; {@code length == 0}: to end
     * of file). Throws a NativeIOException with ENOSYS where the kernel lacks it.
     *
     * @param fd an open file descriptor
     * @param offset file offset in bytes
     * @param length bytes from {@code offset}; 0 to the end of the file
     * @param path the file's name, for messages only; may be null
     * @return the page counts of the range
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public static CacheStat cachestatFd(int fd, long offset, long length, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment range = t.struct.asSlice(0, CachestatRange.sizeof());
        MemorySegment cs = t.struct.asSlice(64, Cachestat.sizeof());
        CachestatRange.off(range, offset);
        CachestatRange.len(range, length);
        cs.fill((byte) 0);
        if (invokeSyscall4(t.capture, Libc.SYS_cachestat(), fd, range, cs, 0L) != 0) {
            throw new NativeIOException("cachestat", Libc.errno(t.capture), path, offset, length);
        }
        return new CacheStat(Cachestat.nr_cache(cs), Cachestat.nr_dirty(cs), Cachestat.nr_writeback(cs),
                Cachestat.nr_evicted(cs), Cachestat.nr_recently_evicted(cs));
    }

    /** {@return whether the running kernel has {@code cachestat} (probed once, with an invalid descriptor)} */
    public static boolean cachestatSupported() {
        Boolean s = cachestatSupported;
        if (s == null) {
            ThreadScratch t = ThreadScratch.get();
            MemorySegment range = t.struct.asSlice(0, CachestatRange.sizeof());
            range.fill((byte) 0);
            long r = invokeSyscall4(t.capture, Libc.SYS_cachestat(), -1, range, t.struct.asSlice(64), 0L);
            // EBADF means the syscall exists and looked at the descriptor; ENOSYS means it does not.
            s = !(r != 0 && Libc.errno(t.capture) == Errno.ENOSYS);
            cachestatSupported = s;
        }
        return s;
    }

    /** {@return the system page size ({@code sysconf(_SC_PAGESIZE)})} */
    public static long pageSize() {
        NativeAccess.require();
        return Page.SIZE;
    }

    private static final java.util.Set<Integer> CONTENT_PRESERVING_ADVICE = java.util.Set.of(Libc.MADV_NORMAL(),
            Libc.MADV_RANDOM(), Libc.MADV_SEQUENTIAL(), Libc.MADV_WILLNEED(), Libc.MADV_COLD(), Libc.MADV_PAGEOUT(),
            Libc.MADV_HUGEPAGE(), Libc.MADV_NOHUGEPAGE());

    // ---- exact invocations of the variadic handles ----

    private static int invokeOpen(MemorySegment cap, MemorySegment path, int flags, int mode) {
        try {
            return (int) OpenInvoker.OPEN.invokeExact(cap, path, flags, mode);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeFcntl(MethodHandle h, MemorySegment cap, int fd, int cmd) {
        try {
            return (int) h.invokeExact(cap, fd, cmd);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeFcntlInt(MemorySegment cap, int fd, int cmd, int arg) {
        try {
            return (int) FcntlIntInvoker.FCNTL_INT.invokeExact(cap, fd, cmd, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeFcntlPtr(MemorySegment cap, int fd, int cmd, MemorySegment arg) {
        try {
            return (int) FcntlPtrInvoker.FCNTL_PTR.invokeExact(cap, fd, cmd, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeIoctlPtr(MemorySegment cap, int fd, long request, MemorySegment arg) {
        try {
            return (int) IoctlPtrInvoker.IOCTL_PTR.invokeExact(cap, fd, request, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static long invokeSyscall4(MemorySegment cap, long nr, long a, MemorySegment b, MemorySegment c, long d) {
        try {
            return (long) Syscall4Invoker.SYSCALL_4.invokeExact(cap, nr, a, b, c, d);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }
}
