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
 *   <li>Buffers must be native segments; O_DIRECT alignment is the caller's job (the kernel's
 *       EINVAL is reported as such). A buffer passed directly (pread, pwrite) is kept alive by
 *       FFM for the call; {@code preadv2Fd}/{@code pwritev2Fd} pass its address inside an
 *       iovec, where FFM cannot, so its arena must not be closed while they run.</li>
 *   <li>All methods are thread-safe; concurrent positional I/O on one descriptor is allowed.</li>
 * </ul>
 */
public final class PosixIO {

    private PosixIO() {
    }

    // Variadic invokers, linked once: one per argument shape we use.
    private static final MethodHandle OPEN = Libc.open.makeInvoker(Libc.C_INT).handle();
    private static final MethodHandle FCNTL_NOARG = Libc.fcntl.makeInvoker().handle();
    private static final MethodHandle FCNTL_INT = Libc.fcntl.makeInvoker(Libc.C_INT).handle();
    private static final MethodHandle FCNTL_PTR = Libc.fcntl.makeInvoker(Libc.C_POINTER).handle();
    private static final MethodHandle IOCTL_PTR = Libc.ioctl.makeInvoker(Libc.C_POINTER).handle();
    // syscall(2) reads every argument as a long, so every variadic argument is passed as one.
    private static final MethodHandle SYSCALL_4 = Libc.syscall.makeInvoker(
            Libc.C_LONG, Libc.C_POINTER, Libc.C_POINTER, Libc.C_LONG).handle();

    private static final int EINTR = Errno.EINTR;
    private static final long PAGE_SIZE = Libc.sysconf(Libc._SC_PAGESIZE());
    private static final MemorySegment EMPTY_C_STRING = Arena.global().allocate(1);

    private static volatile Boolean cachestatSupported;

    // ---- open / close ----

    /**
     * Opens {@code path} with {@code flags | O_CLOEXEC}; {@code mode} is used when creating.
     * @return the file descriptor
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

    /** Closes {@code fd}. EINTR counts as closed: Linux releases the descriptor before it can occur. */
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
     * EINTR. @return bytes read; less than requested only at end of file
     */
    public static long preadFd(int fd, MemorySegment dst, long offset, String path) throws NativeIOException {
        return transfer(Transfer.PREAD, fd, dst, offset, 0, path);
    }

    /** Writes all of {@code src} at {@code offset}, continuing over short writes and EINTR. */
    public static void pwriteFd(int fd, MemorySegment src, long offset, String path) throws NativeIOException {
        transfer(Transfer.PWRITE, fd, src, offset, 0, path);
    }

    /**
     * {@code preadv2} with one iovec and {@code RWF_*} flags (e.g. {@link Libc#RWF_HIPRI()},
     * {@link Libc#RWF_NOWAIT()}, {@link Libc#RWF_DONTCACHE()}). Continues over short reads and
     * EINTR like {@link #preadFd}. With RWF_NOWAIT, EAGAIN is thrown (the data is not cached);
     * with a flag the kernel does not know, EOPNOTSUPP (or EINVAL) is thrown.
     * @return bytes read; less than requested only at end of file
     */
    public static long preadv2Fd(int fd, MemorySegment dst, long offset, int rwfFlags, String path)
            throws NativeIOException {
        return transfer(Transfer.PREADV2, fd, dst, offset, rwfFlags, path);
    }

    /**
     * {@code pwritev2} with one iovec and {@code RWF_*} flags (e.g. {@link Libc#RWF_DSYNC()}
     * for a write that is durable when this returns, {@link Libc#RWF_DONTCACHE()}). Writes all
     * of {@code src}, continuing over short writes and EINTR.
     */
    public static void pwritev2Fd(int fd, MemorySegment src, long offset, int rwfFlags, String path)
            throws NativeIOException {
        transfer(Transfer.PWRITEV2, fd, src, offset, rwfFlags, path);
    }

    /** The four positional transfers {@link #transfer} drives; the name is the failed syscall's. */
    private enum Transfer {
        PREAD("pread", true), PWRITE("pwrite", false), PREADV2("preadv2", true), PWRITEV2("pwritev2", false);

        final String syscall;
        final boolean read;

        Transfer(String syscall, boolean read) {
            this.syscall = syscall;
            this.read = read;
        }
    }

    /**
     * The one loop over short transfers and EINTR behind the four positional calls: moves
     * {@code buf} at {@code offset} until it is done or, for a read, end of file (a 0 return).
     * A write that returns 0 made no progress and reported no error: it is reported as EIO
     * rather than retried forever. A failure names the remaining offset and length.
     * @return bytes moved
     */
    private static long transfer(Transfer op, int fd, MemorySegment buf, long offset, int rwfFlags, String path)
            throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment cap = t.capture;
        long size = buf.byteSize();
        long done = 0;
        while (done < size) {
            MemorySegment rest = done == 0 ? buf : buf.asSlice(done);
            long n = switch (op) {
                case PREAD -> Libc.pread(cap, fd, rest, size - done, offset + done);
                case PWRITE -> Libc.pwrite(cap, fd, rest, size - done, offset + done);
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

    /** {@code fsync}: data and metadata are durable when this returns. */
    public static void fsyncFd(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.fsync(cap, fd) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("fsync", e, path);
            }
        }
    }

    /** {@code fdatasync}: data (and the metadata needed to read it) are durable when this returns. */
    public static void fdatasyncFd(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        while (Libc.fdatasync(cap, fd) != 0) {
            int e = Libc.errno(cap);
            if (e != EINTR) {
                throw new NativeIOException("fdatasync", e, path);
            }
        }
    }

    /** {@code sync_file_range}: starts or waits for writeback; gives no durability guarantee. */
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

    /** {@code posix_fadvise} (which returns its error instead of setting errno). */
    public static void fadviseFd(int fd, long offset, long len, int advice, String path) throws NativeIOException {
        int r = Libc.posix_fadvise(fd, offset, len, advice);
        if (r != 0) {
            throw new NativeIOException("posix_fadvise", r, path, offset, len);
        }
    }

    /** {@code fallocate} with {@code FALLOC_FL_*} mode bits (0 allocates; PUNCH_HOLE needs KEEP_SIZE). */
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
     */
    public static void posixFallocateFd(int fd, long offset, long len, String path) throws NativeIOException {
        int r;
        while ((r = Libc.posix_fallocate(fd, offset, len)) != 0) {
            if (r != EINTR) {
                throw new NativeIOException("posix_fallocate", r, path, offset, len);
            }
        }
    }

    /** {@code ftruncate} to {@code size} bytes. */
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

    /** {@code fstat}. */
    public static FileStat fstatFd(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        MemorySegment st = t.struct;
        if (Libc.fstat(t.capture, fd, st) != 0) {
            throw new NativeIOException("fstat", Libc.errno(t.capture), path);
        }
        return new FileStat(Stat.st_size(st), Stat.st_blocks(st), (int) Stat.st_blksize(st), Stat.st_mode(st),
                Stat.st_dev(st), Stat.st_ino(st), Stat.st_rdev(st));
    }

    /** {@code statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_DIOALIGN)}. */
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

    /** {@code fcntl(F_GETFL)}: the file status flags (O_DIRECT, O_APPEND, access mode, ...). */
    public static int fcntlGetFlags(int fd, String path) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        int r = invokeFcntl(FCNTL_NOARG, cap, fd, Libc.F_GETFL());
        if (r < 0) {
            throw new NativeIOException("fcntl(F_GETFL)", Libc.errno(cap), path);
        }
        return r;
    }

    /** {@code fcntl(F_SETFL)}: sets O_APPEND, O_DIRECT, O_NOATIME, O_NONBLOCK (others are ignored by Linux). */
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
     * @param wait {@code F_OFD_SETLKW} (block until granted, EINTR retried) instead of {@code F_OFD_SETLK}
     * @return false when the lock conflicts with another (only without {@code wait})
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
     * @return {@code F_UNLCK} when it would not, else the conflicting lock's type
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

    /** {@code ioctl(BLKGETSIZE64)}: size of a block device in bytes. */
    public static long ioctlBlkGetSize64(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKGETSIZE64(), "ioctl(BLKGETSIZE64)", path);
        return t.struct.get(ValueLayout.JAVA_LONG, 0);
    }

    /** {@code ioctl(BLKSSZGET)}: logical sector size of a block device. */
    public static int ioctlBlkSszGet(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKSSZGET(), "ioctl(BLKSSZGET)", path);
        return t.struct.get(ValueLayout.JAVA_INT, 0);
    }

    /** {@code ioctl(BLKPBSZGET)}: physical sector size of a block device. */
    public static int ioctlBlkPbszGet(int fd, String path) throws NativeIOException {
        ThreadScratch t = ThreadScratch.get();
        ioctlPtr(t, fd, Libc.BLKPBSZGET(), "ioctl(BLKPBSZGET)", path);
        return t.struct.get(ValueLayout.JAVA_INT, 0);
    }

    /** {@code ioctl(BLKDISCARD)} of {@code [off, off+len)} on a block device. */
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
     * Best effort, as there: returns whether both calls succeeded.
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
     * @param hint the hint in bytes, an unsigned 32-bit value
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
     * {@code mmap(NULL, length, prot, flags, fd, offset)}.
     * @return a segment of exactly {@code length} bytes; its lifetime ends with {@link #munmap}
     *         (it is not tied to an arena, so using it after munmap crashes: unmap only when done)
     */
    public static MemorySegment mmapFd(int fd, long offset, long length, int prot, int flags, String path)
            throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        MemorySegment addr = Libc.mmap(cap, MemorySegment.NULL, length, prot, flags, fd, offset);
        if (addr.address() == -1L) { // MAP_FAILED
            throw new NativeIOException("mmap", Libc.errno(cap), path, offset, length);
        }
        return addr.reinterpret(length);
    }

    /** {@code munmap} of a whole mapping returned by {@link #mmapFd}. */
    public static void munmap(MemorySegment mapping) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.munmap(cap, mapping, mapping.byteSize()) != 0) {
            throw new NativeIOException("munmap", Libc.errno(cap), null, mapping.address(), mapping.byteSize());
        }
    }

    /**
     * {@code mincore}: one byte per page of {@code mapping} into {@code vec}; bit 0 set means
     * the page is resident.
     */
    public static void mincore(MemorySegment mapping, MemorySegment vec) throws NativeIOException {
        long pages = (mapping.byteSize() + PAGE_SIZE - 1) / PAGE_SIZE;
        if (vec.byteSize() < pages) {
            throw new IllegalArgumentException("mincore needs " + pages + " bytes of vector for "
                    + mapping.byteSize() + " bytes of mapping, got " + vec.byteSize());
        }
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.mincore(cap, mapping, mapping.byteSize(), vec) != 0) {
            throw new NativeIOException("mincore", Libc.errno(cap), null, mapping.address(), mapping.byteSize());
        }
    }

    /** {@code madvise} over the whole mapping. */
    public static void madvise(MemorySegment mapping, int advice) throws NativeIOException {
        MemorySegment cap = ThreadScratch.get().capture;
        if (Libc.madvise(cap, mapping, mapping.byteSize(), advice) != 0) {
            throw new NativeIOException("madvise", Libc.errno(cap), null, mapping.address(), mapping.byteSize());
        }
    }

    // ---- page cache ----

    /**
     * {@code cachestat(fd, {offset, length}, &cs, 0)} (Linux 6.5+; {@code length == 0}: to end
     * of file). Throws a NativeIOException with ENOSYS where the kernel lacks it.
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

    /** Whether the running kernel has {@code cachestat} (probed once, with an invalid descriptor). */
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

    /** The system page size ({@code sysconf(_SC_PAGESIZE)}). */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    // ---- exact invocations of the variadic handles ----

    private static int invokeOpen(MemorySegment cap, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(cap, path, flags, mode);
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
            return (int) FCNTL_INT.invokeExact(cap, fd, cmd, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeFcntlPtr(MemorySegment cap, int fd, int cmd, MemorySegment arg) {
        try {
            return (int) FCNTL_PTR.invokeExact(cap, fd, cmd, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static int invokeIoctlPtr(MemorySegment cap, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR.invokeExact(cap, fd, request, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static long invokeSyscall4(MemorySegment cap, long nr, long a, MemorySegment b, MemorySegment c, long d) {
        try {
            return (long) SYSCALL_4.invokeExact(cap, nr, a, b, c, d);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }
}
