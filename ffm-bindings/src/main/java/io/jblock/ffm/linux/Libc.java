// Written by hand in the shape jextract 22 generates for jextract/linux_io.h
// (jextract could not be installed here). Hand edits are listed in jextract/PATCHES.md.

package io.jblock.ffm.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

import static java.lang.foreign.ValueLayout.*;

/**
 * Header class for {@code linux_io.h}: the libc functions and constants jblock uses on Linux
 * (x86-64 and aarch64, LP64, glibc).
 *
 * <p>Guarantees: every function is linked lazily on first use through its own holder class;
 * variadic functions ({@code open}, {@code openat}, {@code fcntl}, {@code ioctl},
 * {@code syscall}) are linked with {@link Linker.Option#firstVariadicArg}; functions that
 * report failure through errno are linked with {@code captureCallState("errno")} and take the
 * capture segment ({@link #errnoCaptureLayout()}) as their first argument; constants whose
 * values differ by architecture come from the table of the running architecture. Everything
 * here is stateless and thread-safe. No function validates its arguments beyond what the
 * FFM linker does: this is the raw C surface.
 */
public class Libc {

    Libc() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    // PATCH(native-access): no target layout (jextract adds one with the restricted
    // withTargetLayout), so that initialising this class is not a restricted operation. Returned
    // pointers are zero-length segments; callers reinterpret them (after NativeAccess.require()).
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    // PATCH(errno): one linker option shared by every function that reports through errno.
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Layout of the segment passed as {@code errno$} to functions linked with errno capture. */
    public static StructLayout errnoCaptureLayout() {
        return CAPTURE_LAYOUT;
    }

    /** The errno value the last capturing call stored into {@code capture}. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO_HANDLE.get(capture, 0L);
    }

    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
        String traceArgs = Arrays.stream(args)
                .map(Object::toString)
                .collect(Collectors.joining(", "));
        System.out.printf("%s(%s)\n", name, traceArgs);
    }

    // PATCH(arch): values that differ by architecture come from the running architecture's table.
    private static final LinuxConstantTable TABLE = LinuxConstantTable.current();

    private static class close {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("close");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int close(int fd)
     * }
     */
    public static FunctionDescriptor close$descriptor() {
        return close.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int close(int fd)
     * }
     */
    public static MethodHandle close$handle() {
        return close.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int close(int fd)
     * }
     */
    public static MemorySegment close$address() {
        return close.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int close(int fd)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int close(MemorySegment errno$, int __fd) {
        var mh$ = close.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("close", errno$, __fd);
            }
            return (int) mh$.invokeExact(errno$, __fd);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class pread {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("pread");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t pread(int fd, void *buf, size_t nbytes, off_t offset)
     * }
     */
    public static FunctionDescriptor pread$descriptor() {
        return pread.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t pread(int fd, void *buf, size_t nbytes, off_t offset)
     * }
     */
    public static MethodHandle pread$handle() {
        return pread.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t pread(int fd, void *buf, size_t nbytes, off_t offset)
     * }
     */
    public static MemorySegment pread$address() {
        return pread.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t pread(int fd, void *buf, size_t nbytes, off_t offset)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long pread(MemorySegment errno$, int __fd, MemorySegment __buf, long __nbytes, long __offset) {
        var mh$ = pread.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("pread", errno$, __fd, __buf, __nbytes, __offset);
            }
            return (long) mh$.invokeExact(errno$, __fd, __buf, __nbytes, __offset);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class pwrite {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("pwrite");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
     * }
     */
    public static FunctionDescriptor pwrite$descriptor() {
        return pwrite.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
     * }
     */
    public static MethodHandle pwrite$handle() {
        return pwrite.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
     * }
     */
    public static MemorySegment pwrite$address() {
        return pwrite.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long pwrite(MemorySegment errno$, int __fd, MemorySegment __buf, long __n, long __offset) {
        var mh$ = pwrite.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("pwrite", errno$, __fd, __buf, __n, __offset);
            }
            return (long) mh$.invokeExact(errno$, __fd, __buf, __n, __offset);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class preadv {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("preadv");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t preadv(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static FunctionDescriptor preadv$descriptor() {
        return preadv.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t preadv(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static MethodHandle preadv$handle() {
        return preadv.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t preadv(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static MemorySegment preadv$address() {
        return preadv.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t preadv(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long preadv(MemorySegment errno$, int __fd, MemorySegment __iovec, int __count, long __offset) {
        var mh$ = preadv.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("preadv", errno$, __fd, __iovec, __count, __offset);
            }
            return (long) mh$.invokeExact(errno$, __fd, __iovec, __count, __offset);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class pwritev {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("pwritev");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t pwritev(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static FunctionDescriptor pwritev$descriptor() {
        return pwritev.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t pwritev(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static MethodHandle pwritev$handle() {
        return pwritev.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t pwritev(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     */
    public static MemorySegment pwritev$address() {
        return pwritev.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t pwritev(int fd, const struct iovec *iovec, int count, off_t offset)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long pwritev(MemorySegment errno$, int __fd, MemorySegment __iovec, int __count, long __offset) {
        var mh$ = pwritev.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("pwritev", errno$, __fd, __iovec, __count, __offset);
            }
            return (long) mh$.invokeExact(errno$, __fd, __iovec, __count, __offset);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class preadv2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("preadv2");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t preadv2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static FunctionDescriptor preadv2$descriptor() {
        return preadv2.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t preadv2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static MethodHandle preadv2$handle() {
        return preadv2.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t preadv2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static MemorySegment preadv2$address() {
        return preadv2.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t preadv2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long preadv2(MemorySegment errno$, int __fd, MemorySegment __iovec, int __count, long __offset, int __flags) {
        var mh$ = preadv2.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("preadv2", errno$, __fd, __iovec, __count, __offset, __flags);
            }
            return (long) mh$.invokeExact(errno$, __fd, __iovec, __count, __offset, __flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class pwritev2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("pwritev2");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * ssize_t pwritev2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static FunctionDescriptor pwritev2$descriptor() {
        return pwritev2.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * ssize_t pwritev2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static MethodHandle pwritev2$handle() {
        return pwritev2.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * ssize_t pwritev2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     */
    public static MemorySegment pwritev2$address() {
        return pwritev2.ADDR;
    }

    /**
     * {@snippet lang=c :
     * ssize_t pwritev2(int fd, const struct iovec *iovec, int count, off_t offset, int flags)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long pwritev2(MemorySegment errno$, int __fd, MemorySegment __iovec, int __count, long __offset, int __flags) {
        var mh$ = pwritev2.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("pwritev2", errno$, __fd, __iovec, __count, __offset, __flags);
            }
            return (long) mh$.invokeExact(errno$, __fd, __iovec, __count, __offset, __flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class fsync {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("fsync");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int fsync(int fd)
     * }
     */
    public static FunctionDescriptor fsync$descriptor() {
        return fsync.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int fsync(int fd)
     * }
     */
    public static MethodHandle fsync$handle() {
        return fsync.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int fsync(int fd)
     * }
     */
    public static MemorySegment fsync$address() {
        return fsync.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int fsync(int fd)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int fsync(MemorySegment errno$, int __fd) {
        var mh$ = fsync.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("fsync", errno$, __fd);
            }
            return (int) mh$.invokeExact(errno$, __fd);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class fdatasync {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("fdatasync");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int fdatasync(int fildes)
     * }
     */
    public static FunctionDescriptor fdatasync$descriptor() {
        return fdatasync.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int fdatasync(int fildes)
     * }
     */
    public static MethodHandle fdatasync$handle() {
        return fdatasync.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int fdatasync(int fildes)
     * }
     */
    public static MemorySegment fdatasync$address() {
        return fdatasync.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int fdatasync(int fildes)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int fdatasync(MemorySegment errno$, int __fildes) {
        var mh$ = fdatasync.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("fdatasync", errno$, __fildes);
            }
            return (int) mh$.invokeExact(errno$, __fildes);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class sync_file_range {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("sync_file_range");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int sync_file_range(int fd, off64_t offset, off64_t count, unsigned int flags)
     * }
     */
    public static FunctionDescriptor sync_file_range$descriptor() {
        return sync_file_range.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int sync_file_range(int fd, off64_t offset, off64_t count, unsigned int flags)
     * }
     */
    public static MethodHandle sync_file_range$handle() {
        return sync_file_range.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int sync_file_range(int fd, off64_t offset, off64_t count, unsigned int flags)
     * }
     */
    public static MemorySegment sync_file_range$address() {
        return sync_file_range.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int sync_file_range(int fd, off64_t offset, off64_t count, unsigned int flags)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int sync_file_range(MemorySegment errno$, int __fd, long __offset, long __count, int __flags) {
        var mh$ = sync_file_range.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("sync_file_range", errno$, __fd, __offset, __count, __flags);
            }
            return (int) mh$.invokeExact(errno$, __fd, __offset, __count, __flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class posix_fadvise {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("posix_fadvise");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int posix_fadvise(int fd, off_t offset, off_t len, int advise) -- returns the error number, errno untouched
     * }
     */
    public static FunctionDescriptor posix_fadvise$descriptor() {
        return posix_fadvise.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int posix_fadvise(int fd, off_t offset, off_t len, int advise) -- returns the error number, errno untouched
     * }
     */
    public static MethodHandle posix_fadvise$handle() {
        return posix_fadvise.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int posix_fadvise(int fd, off_t offset, off_t len, int advise) -- returns the error number, errno untouched
     * }
     */
    public static MemorySegment posix_fadvise$address() {
        return posix_fadvise.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int posix_fadvise(int fd, off_t offset, off_t len, int advise) -- returns the error number, errno untouched
     * }
     */
    public static int posix_fadvise(int __fd, long __offset, long __len, int __advise) {
        var mh$ = posix_fadvise.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("posix_fadvise", __fd, __offset, __len, __advise);
            }
            return (int) mh$.invokeExact(__fd, __offset, __len, __advise);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class fallocate {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("fallocate");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int fallocate(int fd, int mode, off_t offset, off_t len)
     * }
     */
    public static FunctionDescriptor fallocate$descriptor() {
        return fallocate.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int fallocate(int fd, int mode, off_t offset, off_t len)
     * }
     */
    public static MethodHandle fallocate$handle() {
        return fallocate.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int fallocate(int fd, int mode, off_t offset, off_t len)
     * }
     */
    public static MemorySegment fallocate$address() {
        return fallocate.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int fallocate(int fd, int mode, off_t offset, off_t len)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int fallocate(MemorySegment errno$, int __fd, int __mode, long __offset, long __len) {
        var mh$ = fallocate.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("fallocate", errno$, __fd, __mode, __offset, __len);
            }
            return (int) mh$.invokeExact(errno$, __fd, __mode, __offset, __len);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class posix_fallocate {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("posix_fallocate");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int posix_fallocate(int fd, off_t offset, off_t len) -- returns the error number, errno untouched
     * }
     */
    public static FunctionDescriptor posix_fallocate$descriptor() {
        return posix_fallocate.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int posix_fallocate(int fd, off_t offset, off_t len) -- returns the error number, errno untouched
     * }
     */
    public static MethodHandle posix_fallocate$handle() {
        return posix_fallocate.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int posix_fallocate(int fd, off_t offset, off_t len) -- returns the error number, errno untouched
     * }
     */
    public static MemorySegment posix_fallocate$address() {
        return posix_fallocate.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int posix_fallocate(int fd, off_t offset, off_t len) -- returns the error number, errno untouched
     * }
     */
    public static int posix_fallocate(int __fd, long __offset, long __len) {
        var mh$ = posix_fallocate.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("posix_fallocate", __fd, __offset, __len);
            }
            return (int) mh$.invokeExact(__fd, __offset, __len);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class ftruncate {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("ftruncate");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int ftruncate(int fd, off_t length)
     * }
     */
    public static FunctionDescriptor ftruncate$descriptor() {
        return ftruncate.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int ftruncate(int fd, off_t length)
     * }
     */
    public static MethodHandle ftruncate$handle() {
        return ftruncate.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int ftruncate(int fd, off_t length)
     * }
     */
    public static MemorySegment ftruncate$address() {
        return ftruncate.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int ftruncate(int fd, off_t length)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int ftruncate(MemorySegment errno$, int __fd, long __length) {
        var mh$ = ftruncate.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("ftruncate", errno$, __fd, __length);
            }
            return (int) mh$.invokeExact(errno$, __fd, __length);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class fstat {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_POINTER
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("fstat");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int fstat(int fd, struct stat *buf)
     * }
     */
    public static FunctionDescriptor fstat$descriptor() {
        return fstat.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int fstat(int fd, struct stat *buf)
     * }
     */
    public static MethodHandle fstat$handle() {
        return fstat.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int fstat(int fd, struct stat *buf)
     * }
     */
    public static MemorySegment fstat$address() {
        return fstat.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int fstat(int fd, struct stat *buf)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int fstat(MemorySegment errno$, int __fd, MemorySegment __buf) {
        var mh$ = fstat.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("fstat", errno$, __fd, __buf);
            }
            return (int) mh$.invokeExact(errno$, __fd, __buf);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class statx {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_POINTER
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("statx");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
     * }
     */
    public static FunctionDescriptor statx$descriptor() {
        return statx.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
     * }
     */
    public static MethodHandle statx$handle() {
        return statx.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
     * }
     */
    public static MemorySegment statx$address() {
        return statx.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int statx(MemorySegment errno$, int __dirfd, MemorySegment __path, int __flags, int __mask, MemorySegment __buf) {
        var mh$ = statx.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("statx", errno$, __dirfd, __path, __flags, __mask, __buf);
            }
            return (int) mh$.invokeExact(errno$, __dirfd, __path, __flags, __mask, __buf);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class lseek {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("lseek");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * off_t lseek(int fd, off_t offset, int whence)
     * }
     */
    public static FunctionDescriptor lseek$descriptor() {
        return lseek.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * off_t lseek(int fd, off_t offset, int whence)
     * }
     */
    public static MethodHandle lseek$handle() {
        return lseek.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * off_t lseek(int fd, off_t offset, int whence)
     * }
     */
    public static MemorySegment lseek$address() {
        return lseek.ADDR;
    }

    /**
     * {@snippet lang=c :
     * off_t lseek(int fd, off_t offset, int whence)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static long lseek(MemorySegment errno$, int __fd, long __offset, int __whence) {
        var mh$ = lseek.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("lseek", errno$, __fd, __offset, __whence);
            }
            return (long) mh$.invokeExact(errno$, __fd, __offset, __whence);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class mmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_POINTER,
            Libc.C_POINTER,
            Libc.C_LONG,
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("mmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
     * }
     */
    public static FunctionDescriptor mmap$descriptor() {
        return mmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
     * }
     */
    public static MethodHandle mmap$handle() {
        return mmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
     * }
     */
    public static MemorySegment mmap$address() {
        return mmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static MemorySegment mmap(MemorySegment errno$, MemorySegment __addr, long __len, int __prot, int __flags, int __fd, long __offset) {
        var mh$ = mmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mmap", errno$, __addr, __len, __prot, __flags, __fd, __offset);
            }
            return (MemorySegment) mh$.invokeExact(errno$, __addr, __len, __prot, __flags, __fd, __offset);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class munmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("munmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int munmap(void *addr, size_t len)
     * }
     */
    public static FunctionDescriptor munmap$descriptor() {
        return munmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int munmap(void *addr, size_t len)
     * }
     */
    public static MethodHandle munmap$handle() {
        return munmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int munmap(void *addr, size_t len)
     * }
     */
    public static MemorySegment munmap$address() {
        return munmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int munmap(void *addr, size_t len)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int munmap(MemorySegment errno$, MemorySegment __addr, long __len) {
        var mh$ = munmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("munmap", errno$, __addr, __len);
            }
            return (int) mh$.invokeExact(errno$, __addr, __len);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class madvise {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("madvise");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int madvise(void *addr, size_t len, int advice)
     * }
     */
    public static FunctionDescriptor madvise$descriptor() {
        return madvise.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int madvise(void *addr, size_t len, int advice)
     * }
     */
    public static MethodHandle madvise$handle() {
        return madvise.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int madvise(void *addr, size_t len, int advice)
     * }
     */
    public static MemorySegment madvise$address() {
        return madvise.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int madvise(void *addr, size_t len, int advice)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int madvise(MemorySegment errno$, MemorySegment __addr, long __len, int __advice) {
        var mh$ = madvise.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("madvise", errno$, __addr, __len, __advice);
            }
            return (int) mh$.invokeExact(errno$, __addr, __len, __advice);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class mincore {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG,
            Libc.C_POINTER
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("mincore");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int mincore(void *start, size_t len, unsigned char *vec)
     * }
     */
    public static FunctionDescriptor mincore$descriptor() {
        return mincore.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int mincore(void *start, size_t len, unsigned char *vec)
     * }
     */
    public static MethodHandle mincore$handle() {
        return mincore.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int mincore(void *start, size_t len, unsigned char *vec)
     * }
     */
    public static MemorySegment mincore$address() {
        return mincore.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int mincore(void *start, size_t len, unsigned char *vec)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int mincore(MemorySegment errno$, MemorySegment __start, long __len, MemorySegment __vec) {
        var mh$ = mincore.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mincore", errno$, __start, __len, __vec);
            }
            return (int) mh$.invokeExact(errno$, __start, __len, __vec);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class flock {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_INT,
            Libc.C_INT,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("flock");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int flock(int fd, int operation)
     * }
     */
    public static FunctionDescriptor flock$descriptor() {
        return flock.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int flock(int fd, int operation)
     * }
     */
    public static MethodHandle flock$handle() {
        return flock.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int flock(int fd, int operation)
     * }
     */
    public static MemorySegment flock$address() {
        return flock.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int flock(int fd, int operation)
     * }
     * <p>The first argument receives errno (see {@link #errnoCaptureLayout()}).
     */
    public static int flock(MemorySegment errno$, int __fd, int __operation) {
        var mh$ = flock.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("flock", errno$, __fd, __operation);
            }
            return (int) mh$.invokeExact(errno$, __fd, __operation);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class strerror_r {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_POINTER,
            Libc.C_INT,
            Libc.C_POINTER,
            Libc.C_LONG
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("strerror_r");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, Linker.Option.critical(false));
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * char *strerror_r(int errnum, char *buf, size_t buflen) -- the GNU variant
     * }
     */
    public static FunctionDescriptor strerror_r$descriptor() {
        return strerror_r.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * char *strerror_r(int errnum, char *buf, size_t buflen) -- the GNU variant
     * }
     */
    public static MethodHandle strerror_r$handle() {
        return strerror_r.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * char *strerror_r(int errnum, char *buf, size_t buflen) -- the GNU variant
     * }
     */
    public static MemorySegment strerror_r$address() {
        return strerror_r.ADDR;
    }

    /**
     * {@snippet lang=c :
     * char *strerror_r(int errnum, char *buf, size_t buflen) -- the GNU variant
     * }
     */
    public static MemorySegment strerror_r(int __errnum, MemorySegment __buf, long __buflen) {
        var mh$ = strerror_r.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("strerror_r", __errnum, __buf, __buflen);
            }
            return (MemorySegment) mh$.invokeExact(__errnum, __buf, __buflen);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class sysconf {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            Libc.C_LONG,
            Libc.C_INT
        );

        public static final MemorySegment ADDR = Libc.findOrThrow("sysconf");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, Linker.Option.critical(false));
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * long sysconf(int name)
     * }
     */
    public static FunctionDescriptor sysconf$descriptor() {
        return sysconf.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * long sysconf(int name)
     * }
     */
    public static MethodHandle sysconf$handle() {
        return sysconf.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * long sysconf(int name)
     * }
     */
    public static MemorySegment sysconf$address() {
        return sysconf.ADDR;
    }

    /**
     * {@snippet lang=c :
     * long sysconf(int name)
     * }
     */
    public static long sysconf(int __name) {
        var mh$ = sysconf.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("sysconf", __name);
            }
            return (long) mh$.invokeExact(__name);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    /**
     * Variadic function:
     * {@snippet lang=c :
     * int open(const char *file, int oflag, ...)
     * }
     * Make an invoker for the variadic arguments' layouts with {@link #makeInvoker(MemoryLayout...)}
     * once, keep it, and call {@link #apply} (or {@link #handle()} with {@code invokeExact} on hot
     * paths). PATCH(errno): linked with errno capture; the first argument is the capture segment.
     */
    public static class open {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                Libc.C_INT,
                Libc.C_POINTER,
                Libc.C_INT
            );
        private static final MemorySegment ADDR = Libc.findOrThrow("open");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private open(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int open(const char *file, int oflag, ...)
         * }
         */
        public static open makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new open(mh$, desc$, spreader$);
        }

        /** Address of {@code open}. */
        public static MemorySegment address() {
            return ADDR;
        }

        /** Downcall handle; its first parameter is the errno capture segment. */
        public MethodHandle handle() {
            return handle;
        }

        /** Descriptor including the variadic arguments (not the capture segment). */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /** Calls {@code open} with the variadic arguments {@code x}. */
        public int apply(MemorySegment errno$, MemorySegment __file, int __oflag, Object... x) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("open", errno$, __file, __oflag, x);
                }
                return (int) spreader.invokeExact(errno$, __file, __oflag, x);
            } catch (IllegalArgumentException | ClassCastException ex$) {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Error | RuntimeException ex) {
                throw ex;
            } catch (Throwable ex$) {
                throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic function:
     * {@snippet lang=c :
     * int openat(int fd, const char *file, int oflag, ...)
     * }
     * Make an invoker for the variadic arguments' layouts with {@link #makeInvoker(MemoryLayout...)}
     * once, keep it, and call {@link #apply} (or {@link #handle()} with {@code invokeExact} on hot
     * paths). PATCH(errno): linked with errno capture; the first argument is the capture segment.
     */
    public static class openat {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                Libc.C_INT,
                Libc.C_INT,
                Libc.C_POINTER,
                Libc.C_INT
            );
        private static final MemorySegment ADDR = Libc.findOrThrow("openat");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private openat(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int openat(int fd, const char *file, int oflag, ...)
         * }
         */
        public static openat makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new openat(mh$, desc$, spreader$);
        }

        /** Address of {@code openat}. */
        public static MemorySegment address() {
            return ADDR;
        }

        /** Downcall handle; its first parameter is the errno capture segment. */
        public MethodHandle handle() {
            return handle;
        }

        /** Descriptor including the variadic arguments (not the capture segment). */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /** Calls {@code openat} with the variadic arguments {@code x}. */
        public int apply(MemorySegment errno$, int __fd, MemorySegment __file, int __oflag, Object... x) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("openat", errno$, __fd, __file, __oflag, x);
                }
                return (int) spreader.invokeExact(errno$, __fd, __file, __oflag, x);
            } catch (IllegalArgumentException | ClassCastException ex$) {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Error | RuntimeException ex) {
                throw ex;
            } catch (Throwable ex$) {
                throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic function:
     * {@snippet lang=c :
     * int fcntl(int fd, int cmd, ...)
     * }
     * Make an invoker for the variadic arguments' layouts with {@link #makeInvoker(MemoryLayout...)}
     * once, keep it, and call {@link #apply} (or {@link #handle()} with {@code invokeExact} on hot
     * paths). PATCH(errno): linked with errno capture; the first argument is the capture segment.
     */
    public static class fcntl {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                Libc.C_INT,
                Libc.C_INT,
                Libc.C_INT
            );
        private static final MemorySegment ADDR = Libc.findOrThrow("fcntl");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private fcntl(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int fcntl(int fd, int cmd, ...)
         * }
         */
        public static fcntl makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new fcntl(mh$, desc$, spreader$);
        }

        /** Address of {@code fcntl}. */
        public static MemorySegment address() {
            return ADDR;
        }

        /** Downcall handle; its first parameter is the errno capture segment. */
        public MethodHandle handle() {
            return handle;
        }

        /** Descriptor including the variadic arguments (not the capture segment). */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /** Calls {@code fcntl} with the variadic arguments {@code x}. */
        public int apply(MemorySegment errno$, int __fd, int __cmd, Object... x) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("fcntl", errno$, __fd, __cmd, x);
                }
                return (int) spreader.invokeExact(errno$, __fd, __cmd, x);
            } catch (IllegalArgumentException | ClassCastException ex$) {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Error | RuntimeException ex) {
                throw ex;
            } catch (Throwable ex$) {
                throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic function:
     * {@snippet lang=c :
     * int ioctl(int fd, unsigned long request, ...)
     * }
     * Make an invoker for the variadic arguments' layouts with {@link #makeInvoker(MemoryLayout...)}
     * once, keep it, and call {@link #apply} (or {@link #handle()} with {@code invokeExact} on hot
     * paths). PATCH(errno): linked with errno capture; the first argument is the capture segment.
     */
    public static class ioctl {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                Libc.C_INT,
                Libc.C_INT,
                Libc.C_LONG
            );
        private static final MemorySegment ADDR = Libc.findOrThrow("ioctl");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private ioctl(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * int ioctl(int fd, unsigned long request, ...)
         * }
         */
        public static ioctl makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new ioctl(mh$, desc$, spreader$);
        }

        /** Address of {@code ioctl}. */
        public static MemorySegment address() {
            return ADDR;
        }

        /** Downcall handle; its first parameter is the errno capture segment. */
        public MethodHandle handle() {
            return handle;
        }

        /** Descriptor including the variadic arguments (not the capture segment). */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /** Calls {@code ioctl} with the variadic arguments {@code x}. */
        public int apply(MemorySegment errno$, int __fd, long __request, Object... x) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("ioctl", errno$, __fd, __request, x);
                }
                return (int) spreader.invokeExact(errno$, __fd, __request, x);
            } catch (IllegalArgumentException | ClassCastException ex$) {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Error | RuntimeException ex) {
                throw ex;
            } catch (Throwable ex$) {
                throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    /**
     * Variadic function:
     * {@snippet lang=c :
     * long syscall(long sysno, ...)
     * }
     * Make an invoker for the variadic arguments' layouts with {@link #makeInvoker(MemoryLayout...)}
     * once, keep it, and call {@link #apply} (or {@link #handle()} with {@code invokeExact} on hot
     * paths). PATCH(errno): linked with errno capture; the first argument is the capture segment.
     */
    public static class syscall {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                Libc.C_LONG,
                Libc.C_LONG
            );
        private static final MemorySegment ADDR = Libc.findOrThrow("syscall");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private syscall(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * long syscall(long sysno, ...)
         * }
         */
        public static syscall makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new syscall(mh$, desc$, spreader$);
        }

        /** Address of {@code syscall}. */
        public static MemorySegment address() {
            return ADDR;
        }

        /** Downcall handle; its first parameter is the errno capture segment. */
        public MethodHandle handle() {
            return handle;
        }

        /** Descriptor including the variadic arguments (not the capture segment). */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /** Calls {@code syscall} with the variadic arguments {@code x}. */
        public long apply(MemorySegment errno$, long __sysno, Object... x) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("syscall", errno$, __sysno, x);
                }
                return (long) spreader.invokeExact(errno$, __sysno, x);
            } catch (IllegalArgumentException | ClassCastException ex$) {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Error | RuntimeException ex) {
                throw ex;
            } catch (Throwable ex$) {
                throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    private static final int EPERM = (int) TABLE.value("EPERM");

    /**
     * {@snippet lang=c :
     * #define EPERM 1
     * }
     */
    public static int EPERM() {
        return EPERM;
    }

    private static final int ENOENT = (int) TABLE.value("ENOENT");

    /**
     * {@snippet lang=c :
     * #define ENOENT 2
     * }
     */
    public static int ENOENT() {
        return ENOENT;
    }

    private static final int ESRCH = (int) TABLE.value("ESRCH");

    /**
     * {@snippet lang=c :
     * #define ESRCH 3
     * }
     */
    public static int ESRCH() {
        return ESRCH;
    }

    private static final int EINTR = (int) TABLE.value("EINTR");

    /**
     * {@snippet lang=c :
     * #define EINTR 4
     * }
     */
    public static int EINTR() {
        return EINTR;
    }

    private static final int EIO = (int) TABLE.value("EIO");

    /**
     * {@snippet lang=c :
     * #define EIO 5
     * }
     */
    public static int EIO() {
        return EIO;
    }

    private static final int ENXIO = (int) TABLE.value("ENXIO");

    /**
     * {@snippet lang=c :
     * #define ENXIO 6
     * }
     */
    public static int ENXIO() {
        return ENXIO;
    }

    private static final int E2BIG = (int) TABLE.value("E2BIG");

    /**
     * {@snippet lang=c :
     * #define E2BIG 7
     * }
     */
    public static int E2BIG() {
        return E2BIG;
    }

    private static final int EBADF = (int) TABLE.value("EBADF");

    /**
     * {@snippet lang=c :
     * #define EBADF 9
     * }
     */
    public static int EBADF() {
        return EBADF;
    }

    private static final int EAGAIN = (int) TABLE.value("EAGAIN");

    /**
     * {@snippet lang=c :
     * #define EAGAIN 11
     * }
     */
    public static int EAGAIN() {
        return EAGAIN;
    }

    private static final int ENOMEM = (int) TABLE.value("ENOMEM");

    /**
     * {@snippet lang=c :
     * #define ENOMEM 12
     * }
     */
    public static int ENOMEM() {
        return ENOMEM;
    }

    private static final int EACCES = (int) TABLE.value("EACCES");

    /**
     * {@snippet lang=c :
     * #define EACCES 13
     * }
     */
    public static int EACCES() {
        return EACCES;
    }

    private static final int EFAULT = (int) TABLE.value("EFAULT");

    /**
     * {@snippet lang=c :
     * #define EFAULT 14
     * }
     */
    public static int EFAULT() {
        return EFAULT;
    }

    private static final int ENOTBLK = (int) TABLE.value("ENOTBLK");

    /**
     * {@snippet lang=c :
     * #define ENOTBLK 15
     * }
     */
    public static int ENOTBLK() {
        return ENOTBLK;
    }

    private static final int EBUSY = (int) TABLE.value("EBUSY");

    /**
     * {@snippet lang=c :
     * #define EBUSY 16
     * }
     */
    public static int EBUSY() {
        return EBUSY;
    }

    private static final int EEXIST = (int) TABLE.value("EEXIST");

    /**
     * {@snippet lang=c :
     * #define EEXIST 17
     * }
     */
    public static int EEXIST() {
        return EEXIST;
    }

    private static final int EXDEV = (int) TABLE.value("EXDEV");

    /**
     * {@snippet lang=c :
     * #define EXDEV 18
     * }
     */
    public static int EXDEV() {
        return EXDEV;
    }

    private static final int ENODEV = (int) TABLE.value("ENODEV");

    /**
     * {@snippet lang=c :
     * #define ENODEV 19
     * }
     */
    public static int ENODEV() {
        return ENODEV;
    }

    private static final int ENOTDIR = (int) TABLE.value("ENOTDIR");

    /**
     * {@snippet lang=c :
     * #define ENOTDIR 20
     * }
     */
    public static int ENOTDIR() {
        return ENOTDIR;
    }

    private static final int EISDIR = (int) TABLE.value("EISDIR");

    /**
     * {@snippet lang=c :
     * #define EISDIR 21
     * }
     */
    public static int EISDIR() {
        return EISDIR;
    }

    private static final int EINVAL = (int) TABLE.value("EINVAL");

    /**
     * {@snippet lang=c :
     * #define EINVAL 22
     * }
     */
    public static int EINVAL() {
        return EINVAL;
    }

    private static final int ENFILE = (int) TABLE.value("ENFILE");

    /**
     * {@snippet lang=c :
     * #define ENFILE 23
     * }
     */
    public static int ENFILE() {
        return ENFILE;
    }

    private static final int EMFILE = (int) TABLE.value("EMFILE");

    /**
     * {@snippet lang=c :
     * #define EMFILE 24
     * }
     */
    public static int EMFILE() {
        return EMFILE;
    }

    private static final int ENOTTY = (int) TABLE.value("ENOTTY");

    /**
     * {@snippet lang=c :
     * #define ENOTTY 25
     * }
     */
    public static int ENOTTY() {
        return ENOTTY;
    }

    private static final int ETXTBSY = (int) TABLE.value("ETXTBSY");

    /**
     * {@snippet lang=c :
     * #define ETXTBSY 26
     * }
     */
    public static int ETXTBSY() {
        return ETXTBSY;
    }

    private static final int EFBIG = (int) TABLE.value("EFBIG");

    /**
     * {@snippet lang=c :
     * #define EFBIG 27
     * }
     */
    public static int EFBIG() {
        return EFBIG;
    }

    private static final int ENOSPC = (int) TABLE.value("ENOSPC");

    /**
     * {@snippet lang=c :
     * #define ENOSPC 28
     * }
     */
    public static int ENOSPC() {
        return ENOSPC;
    }

    private static final int ESPIPE = (int) TABLE.value("ESPIPE");

    /**
     * {@snippet lang=c :
     * #define ESPIPE 29
     * }
     */
    public static int ESPIPE() {
        return ESPIPE;
    }

    private static final int EROFS = (int) TABLE.value("EROFS");

    /**
     * {@snippet lang=c :
     * #define EROFS 30
     * }
     */
    public static int EROFS() {
        return EROFS;
    }

    private static final int EPIPE = (int) TABLE.value("EPIPE");

    /**
     * {@snippet lang=c :
     * #define EPIPE 32
     * }
     */
    public static int EPIPE() {
        return EPIPE;
    }

    private static final int ERANGE = (int) TABLE.value("ERANGE");

    /**
     * {@snippet lang=c :
     * #define ERANGE 34
     * }
     */
    public static int ERANGE() {
        return ERANGE;
    }

    private static final int EDEADLK = (int) TABLE.value("EDEADLK");

    /**
     * {@snippet lang=c :
     * #define EDEADLK 35
     * }
     */
    public static int EDEADLK() {
        return EDEADLK;
    }

    private static final int ENAMETOOLONG = (int) TABLE.value("ENAMETOOLONG");

    /**
     * {@snippet lang=c :
     * #define ENAMETOOLONG 36
     * }
     */
    public static int ENAMETOOLONG() {
        return ENAMETOOLONG;
    }

    private static final int ENOLCK = (int) TABLE.value("ENOLCK");

    /**
     * {@snippet lang=c :
     * #define ENOLCK 37
     * }
     */
    public static int ENOLCK() {
        return ENOLCK;
    }

    private static final int ENOSYS = (int) TABLE.value("ENOSYS");

    /**
     * {@snippet lang=c :
     * #define ENOSYS 38
     * }
     */
    public static int ENOSYS() {
        return ENOSYS;
    }

    private static final int ENOTEMPTY = (int) TABLE.value("ENOTEMPTY");

    /**
     * {@snippet lang=c :
     * #define ENOTEMPTY 39
     * }
     */
    public static int ENOTEMPTY() {
        return ENOTEMPTY;
    }

    private static final int ELOOP = (int) TABLE.value("ELOOP");

    /**
     * {@snippet lang=c :
     * #define ELOOP 40
     * }
     */
    public static int ELOOP() {
        return ELOOP;
    }

    private static final int ENODATA = (int) TABLE.value("ENODATA");

    /**
     * {@snippet lang=c :
     * #define ENODATA 61
     * }
     */
    public static int ENODATA() {
        return ENODATA;
    }

    private static final int ETIME = (int) TABLE.value("ETIME");

    /**
     * {@snippet lang=c :
     * #define ETIME 62
     * }
     */
    public static int ETIME() {
        return ETIME;
    }

    private static final int EOVERFLOW = (int) TABLE.value("EOVERFLOW");

    /**
     * {@snippet lang=c :
     * #define EOVERFLOW 75
     * }
     */
    public static int EOVERFLOW() {
        return EOVERFLOW;
    }

    private static final int EBADFD = (int) TABLE.value("EBADFD");

    /**
     * {@snippet lang=c :
     * #define EBADFD 77
     * }
     */
    public static int EBADFD() {
        return EBADFD;
    }

    private static final int EOPNOTSUPP = (int) TABLE.value("EOPNOTSUPP");

    /**
     * {@snippet lang=c :
     * #define EOPNOTSUPP 95
     * }
     */
    public static int EOPNOTSUPP() {
        return EOPNOTSUPP;
    }

    private static final int ETIMEDOUT = (int) TABLE.value("ETIMEDOUT");

    /**
     * {@snippet lang=c :
     * #define ETIMEDOUT 110
     * }
     */
    public static int ETIMEDOUT() {
        return ETIMEDOUT;
    }

    private static final int EALREADY = (int) TABLE.value("EALREADY");

    /**
     * {@snippet lang=c :
     * #define EALREADY 114
     * }
     */
    public static int EALREADY() {
        return EALREADY;
    }

    private static final int EINPROGRESS = (int) TABLE.value("EINPROGRESS");

    /**
     * {@snippet lang=c :
     * #define EINPROGRESS 115
     * }
     */
    public static int EINPROGRESS() {
        return EINPROGRESS;
    }

    private static final int ESTALE = (int) TABLE.value("ESTALE");

    /**
     * {@snippet lang=c :
     * #define ESTALE 116
     * }
     */
    public static int ESTALE() {
        return ESTALE;
    }

    private static final int EREMOTEIO = (int) TABLE.value("EREMOTEIO");

    /**
     * {@snippet lang=c :
     * #define EREMOTEIO 121
     * }
     */
    public static int EREMOTEIO() {
        return EREMOTEIO;
    }

    private static final int EDQUOT = (int) TABLE.value("EDQUOT");

    /**
     * {@snippet lang=c :
     * #define EDQUOT 122
     * }
     */
    public static int EDQUOT() {
        return EDQUOT;
    }

    private static final int ENOMEDIUM = (int) TABLE.value("ENOMEDIUM");

    /**
     * {@snippet lang=c :
     * #define ENOMEDIUM 123
     * }
     */
    public static int ENOMEDIUM() {
        return ENOMEDIUM;
    }

    private static final int EMEDIUMTYPE = (int) TABLE.value("EMEDIUMTYPE");

    /**
     * {@snippet lang=c :
     * #define EMEDIUMTYPE 124
     * }
     */
    public static int EMEDIUMTYPE() {
        return EMEDIUMTYPE;
    }

    private static final int ECANCELED = (int) TABLE.value("ECANCELED");

    /**
     * {@snippet lang=c :
     * #define ECANCELED 125
     * }
     */
    public static int ECANCELED() {
        return ECANCELED;
    }

    private static final int O_RDONLY = (int) TABLE.value("O_RDONLY");

    /**
     * {@snippet lang=c :
     * #define O_RDONLY 0
     * }
     */
    public static int O_RDONLY() {
        return O_RDONLY;
    }

    private static final int O_WRONLY = (int) TABLE.value("O_WRONLY");

    /**
     * {@snippet lang=c :
     * #define O_WRONLY 1
     * }
     */
    public static int O_WRONLY() {
        return O_WRONLY;
    }

    private static final int O_RDWR = (int) TABLE.value("O_RDWR");

    /**
     * {@snippet lang=c :
     * #define O_RDWR 2
     * }
     */
    public static int O_RDWR() {
        return O_RDWR;
    }

    private static final int O_ACCMODE = (int) TABLE.value("O_ACCMODE");

    /**
     * {@snippet lang=c :
     * #define O_ACCMODE 3
     * }
     */
    public static int O_ACCMODE() {
        return O_ACCMODE;
    }

    private static final int O_CREAT = (int) TABLE.value("O_CREAT");

    /**
     * {@snippet lang=c :
     * #define O_CREAT 0100
     * }
     */
    public static int O_CREAT() {
        return O_CREAT;
    }

    private static final int O_EXCL = (int) TABLE.value("O_EXCL");

    /**
     * {@snippet lang=c :
     * #define O_EXCL 0200
     * }
     */
    public static int O_EXCL() {
        return O_EXCL;
    }

    private static final int O_NOCTTY = (int) TABLE.value("O_NOCTTY");

    /**
     * {@snippet lang=c :
     * #define O_NOCTTY 0400
     * }
     */
    public static int O_NOCTTY() {
        return O_NOCTTY;
    }

    private static final int O_TRUNC = (int) TABLE.value("O_TRUNC");

    /**
     * {@snippet lang=c :
     * #define O_TRUNC 01000
     * }
     */
    public static int O_TRUNC() {
        return O_TRUNC;
    }

    private static final int O_APPEND = (int) TABLE.value("O_APPEND");

    /**
     * {@snippet lang=c :
     * #define O_APPEND 02000
     * }
     */
    public static int O_APPEND() {
        return O_APPEND;
    }

    private static final int O_NONBLOCK = (int) TABLE.value("O_NONBLOCK");

    /**
     * {@snippet lang=c :
     * #define O_NONBLOCK 04000
     * }
     */
    public static int O_NONBLOCK() {
        return O_NONBLOCK;
    }

    private static final int O_DSYNC = (int) TABLE.value("O_DSYNC");

    /**
     * {@snippet lang=c :
     * #define O_DSYNC 010000
     * }
     */
    public static int O_DSYNC() {
        return O_DSYNC;
    }

    private static final int O_SYNC = (int) TABLE.value("O_SYNC");

    /**
     * {@snippet lang=c :
     * #define O_SYNC 04010000
     * }
     */
    public static int O_SYNC() {
        return O_SYNC;
    }

    private static final int O_NOATIME = (int) TABLE.value("O_NOATIME");

    /**
     * {@snippet lang=c :
     * #define O_NOATIME 01000000
     * }
     */
    public static int O_NOATIME() {
        return O_NOATIME;
    }

    private static final int O_CLOEXEC = (int) TABLE.value("O_CLOEXEC");

    /**
     * {@snippet lang=c :
     * #define O_CLOEXEC 02000000
     * }
     */
    public static int O_CLOEXEC() {
        return O_CLOEXEC;
    }

    private static final int O_PATH = (int) TABLE.value("O_PATH");

    /**
     * {@snippet lang=c :
     * #define O_PATH 010000000
     * }
     */
    public static int O_PATH() {
        return O_PATH;
    }

    private static final int O_DIRECT = (int) TABLE.value("O_DIRECT");

    /**
     * {@snippet lang=c :
     * #define O_DIRECT 040000 // x86-64; aarch64: 0200000
     * } PATCH(arch): differs by architecture.
     */
    public static int O_DIRECT() {
        return O_DIRECT;
    }

    private static final int O_DIRECTORY = (int) TABLE.value("O_DIRECTORY");

    /**
     * {@snippet lang=c :
     * #define O_DIRECTORY 0200000 // x86-64; aarch64: 040000
     * } PATCH(arch): differs by architecture.
     */
    public static int O_DIRECTORY() {
        return O_DIRECTORY;
    }

    private static final int O_NOFOLLOW = (int) TABLE.value("O_NOFOLLOW");

    /**
     * {@snippet lang=c :
     * #define O_NOFOLLOW 0400000 // x86-64; aarch64: 0100000
     * } PATCH(arch): differs by architecture.
     */
    public static int O_NOFOLLOW() {
        return O_NOFOLLOW;
    }

    private static final int O_LARGEFILE = (int) TABLE.value("O_LARGEFILE");

    /**
     * {@snippet lang=c :
     * #define O_LARGEFILE 0
     * }
     */
    public static int O_LARGEFILE() {
        return O_LARGEFILE;
    }

    private static final int O_TMPFILE = (int) TABLE.value("O_TMPFILE");

    /**
     * {@snippet lang=c :
     * #define O_TMPFILE 020200000 // x86-64; aarch64: 020040000
     * } PATCH(arch): differs by architecture.
     */
    public static int O_TMPFILE() {
        return O_TMPFILE;
    }

    private static final int AT_FDCWD = (int) TABLE.value("AT_FDCWD");

    /**
     * {@snippet lang=c :
     * #define AT_FDCWD -100
     * }
     */
    public static int AT_FDCWD() {
        return AT_FDCWD;
    }

    private static final int AT_SYMLINK_NOFOLLOW = (int) TABLE.value("AT_SYMLINK_NOFOLLOW");

    /**
     * {@snippet lang=c :
     * #define AT_SYMLINK_NOFOLLOW 0x100
     * }
     */
    public static int AT_SYMLINK_NOFOLLOW() {
        return AT_SYMLINK_NOFOLLOW;
    }

    private static final int AT_EMPTY_PATH = (int) TABLE.value("AT_EMPTY_PATH");

    /**
     * {@snippet lang=c :
     * #define AT_EMPTY_PATH 0x1000
     * }
     */
    public static int AT_EMPTY_PATH() {
        return AT_EMPTY_PATH;
    }

    private static final int AT_STATX_SYNC_AS_STAT = (int) TABLE.value("AT_STATX_SYNC_AS_STAT");

    /**
     * {@snippet lang=c :
     * #define AT_STATX_SYNC_AS_STAT 0
     * }
     */
    public static int AT_STATX_SYNC_AS_STAT() {
        return AT_STATX_SYNC_AS_STAT;
    }

    private static final int AT_STATX_FORCE_SYNC = (int) TABLE.value("AT_STATX_FORCE_SYNC");

    /**
     * {@snippet lang=c :
     * #define AT_STATX_FORCE_SYNC 0x2000
     * }
     */
    public static int AT_STATX_FORCE_SYNC() {
        return AT_STATX_FORCE_SYNC;
    }

    private static final int AT_STATX_DONT_SYNC = (int) TABLE.value("AT_STATX_DONT_SYNC");

    /**
     * {@snippet lang=c :
     * #define AT_STATX_DONT_SYNC 0x4000
     * }
     */
    public static int AT_STATX_DONT_SYNC() {
        return AT_STATX_DONT_SYNC;
    }

    private static final int S_IFMT = (int) TABLE.value("S_IFMT");

    /**
     * {@snippet lang=c :
     * #define S_IFMT 0170000
     * }
     */
    public static int S_IFMT() {
        return S_IFMT;
    }

    private static final int S_IFREG = (int) TABLE.value("S_IFREG");

    /**
     * {@snippet lang=c :
     * #define S_IFREG 0100000
     * }
     */
    public static int S_IFREG() {
        return S_IFREG;
    }

    private static final int S_IFBLK = (int) TABLE.value("S_IFBLK");

    /**
     * {@snippet lang=c :
     * #define S_IFBLK 060000
     * }
     */
    public static int S_IFBLK() {
        return S_IFBLK;
    }

    private static final int S_IFDIR = (int) TABLE.value("S_IFDIR");

    /**
     * {@snippet lang=c :
     * #define S_IFDIR 040000
     * }
     */
    public static int S_IFDIR() {
        return S_IFDIR;
    }

    private static final int S_IFCHR = (int) TABLE.value("S_IFCHR");

    /**
     * {@snippet lang=c :
     * #define S_IFCHR 020000
     * }
     */
    public static int S_IFCHR() {
        return S_IFCHR;
    }

    private static final int STATX_TYPE = (int) TABLE.value("STATX_TYPE");

    /**
     * {@snippet lang=c :
     * #define STATX_TYPE 1
     * }
     */
    public static int STATX_TYPE() {
        return STATX_TYPE;
    }

    private static final int STATX_MODE = (int) TABLE.value("STATX_MODE");

    /**
     * {@snippet lang=c :
     * #define STATX_MODE 2
     * }
     */
    public static int STATX_MODE() {
        return STATX_MODE;
    }

    private static final int STATX_NLINK = (int) TABLE.value("STATX_NLINK");

    /**
     * {@snippet lang=c :
     * #define STATX_NLINK 4
     * }
     */
    public static int STATX_NLINK() {
        return STATX_NLINK;
    }

    private static final int STATX_UID = (int) TABLE.value("STATX_UID");

    /**
     * {@snippet lang=c :
     * #define STATX_UID 8
     * }
     */
    public static int STATX_UID() {
        return STATX_UID;
    }

    private static final int STATX_GID = (int) TABLE.value("STATX_GID");

    /**
     * {@snippet lang=c :
     * #define STATX_GID 16
     * }
     */
    public static int STATX_GID() {
        return STATX_GID;
    }

    private static final int STATX_ATIME = (int) TABLE.value("STATX_ATIME");

    /**
     * {@snippet lang=c :
     * #define STATX_ATIME 32
     * }
     */
    public static int STATX_ATIME() {
        return STATX_ATIME;
    }

    private static final int STATX_MTIME = (int) TABLE.value("STATX_MTIME");

    /**
     * {@snippet lang=c :
     * #define STATX_MTIME 64
     * }
     */
    public static int STATX_MTIME() {
        return STATX_MTIME;
    }

    private static final int STATX_CTIME = (int) TABLE.value("STATX_CTIME");

    /**
     * {@snippet lang=c :
     * #define STATX_CTIME 128
     * }
     */
    public static int STATX_CTIME() {
        return STATX_CTIME;
    }

    private static final int STATX_INO = (int) TABLE.value("STATX_INO");

    /**
     * {@snippet lang=c :
     * #define STATX_INO 0x100
     * }
     */
    public static int STATX_INO() {
        return STATX_INO;
    }

    private static final int STATX_SIZE = (int) TABLE.value("STATX_SIZE");

    /**
     * {@snippet lang=c :
     * #define STATX_SIZE 0x200
     * }
     */
    public static int STATX_SIZE() {
        return STATX_SIZE;
    }

    private static final int STATX_BLOCKS = (int) TABLE.value("STATX_BLOCKS");

    /**
     * {@snippet lang=c :
     * #define STATX_BLOCKS 0x400
     * }
     */
    public static int STATX_BLOCKS() {
        return STATX_BLOCKS;
    }

    private static final int STATX_BASIC_STATS = (int) TABLE.value("STATX_BASIC_STATS");

    /**
     * {@snippet lang=c :
     * #define STATX_BASIC_STATS 0x7ff
     * }
     */
    public static int STATX_BASIC_STATS() {
        return STATX_BASIC_STATS;
    }

    private static final int STATX_BTIME = (int) TABLE.value("STATX_BTIME");

    /**
     * {@snippet lang=c :
     * #define STATX_BTIME 0x800
     * }
     */
    public static int STATX_BTIME() {
        return STATX_BTIME;
    }

    private static final int STATX_MNT_ID = (int) TABLE.value("STATX_MNT_ID");

    /**
     * {@snippet lang=c :
     * #define STATX_MNT_ID 0x1000
     * }
     */
    public static int STATX_MNT_ID() {
        return STATX_MNT_ID;
    }

    private static final int STATX_DIOALIGN = (int) TABLE.value("STATX_DIOALIGN");

    /**
     * {@snippet lang=c :
     * #define STATX_DIOALIGN 0x2000
     * }
     */
    public static int STATX_DIOALIGN() {
        return STATX_DIOALIGN;
    }

    private static final int RWF_HIPRI = (int) TABLE.value("RWF_HIPRI");

    /**
     * {@snippet lang=c :
     * #define RWF_HIPRI 1
     * }
     */
    public static int RWF_HIPRI() {
        return RWF_HIPRI;
    }

    private static final int RWF_DSYNC = (int) TABLE.value("RWF_DSYNC");

    /**
     * {@snippet lang=c :
     * #define RWF_DSYNC 2
     * }
     */
    public static int RWF_DSYNC() {
        return RWF_DSYNC;
    }

    private static final int RWF_SYNC = (int) TABLE.value("RWF_SYNC");

    /**
     * {@snippet lang=c :
     * #define RWF_SYNC 4
     * }
     */
    public static int RWF_SYNC() {
        return RWF_SYNC;
    }

    private static final int RWF_NOWAIT = (int) TABLE.value("RWF_NOWAIT");

    /**
     * {@snippet lang=c :
     * #define RWF_NOWAIT 8
     * }
     */
    public static int RWF_NOWAIT() {
        return RWF_NOWAIT;
    }

    private static final int RWF_APPEND = (int) TABLE.value("RWF_APPEND");

    /**
     * {@snippet lang=c :
     * #define RWF_APPEND 16
     * }
     */
    public static int RWF_APPEND() {
        return RWF_APPEND;
    }

    private static final int RWF_NOAPPEND = (int) TABLE.value("RWF_NOAPPEND");

    /**
     * {@snippet lang=c :
     * #define RWF_NOAPPEND 32
     * }
     */
    public static int RWF_NOAPPEND() {
        return RWF_NOAPPEND;
    }

    private static final int RWF_ATOMIC = (int) TABLE.value("RWF_ATOMIC");

    /**
     * {@snippet lang=c :
     * #define RWF_ATOMIC 64
     * }
     */
    public static int RWF_ATOMIC() {
        return RWF_ATOMIC;
    }

    private static final int RWF_DONTCACHE = (int) TABLE.value("RWF_DONTCACHE");

    /**
     * {@snippet lang=c :
     * #define RWF_DONTCACHE 128
     * }
     */
    public static int RWF_DONTCACHE() {
        return RWF_DONTCACHE;
    }

    private static final int SYNC_FILE_RANGE_WAIT_BEFORE = (int) TABLE.value("SYNC_FILE_RANGE_WAIT_BEFORE");

    /**
     * {@snippet lang=c :
     * #define SYNC_FILE_RANGE_WAIT_BEFORE 1
     * }
     */
    public static int SYNC_FILE_RANGE_WAIT_BEFORE() {
        return SYNC_FILE_RANGE_WAIT_BEFORE;
    }

    private static final int SYNC_FILE_RANGE_WRITE = (int) TABLE.value("SYNC_FILE_RANGE_WRITE");

    /**
     * {@snippet lang=c :
     * #define SYNC_FILE_RANGE_WRITE 2
     * }
     */
    public static int SYNC_FILE_RANGE_WRITE() {
        return SYNC_FILE_RANGE_WRITE;
    }

    private static final int SYNC_FILE_RANGE_WAIT_AFTER = (int) TABLE.value("SYNC_FILE_RANGE_WAIT_AFTER");

    /**
     * {@snippet lang=c :
     * #define SYNC_FILE_RANGE_WAIT_AFTER 4
     * }
     */
    public static int SYNC_FILE_RANGE_WAIT_AFTER() {
        return SYNC_FILE_RANGE_WAIT_AFTER;
    }

    private static final int POSIX_FADV_NORMAL = (int) TABLE.value("POSIX_FADV_NORMAL");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_NORMAL 0
     * }
     */
    public static int POSIX_FADV_NORMAL() {
        return POSIX_FADV_NORMAL;
    }

    private static final int POSIX_FADV_RANDOM = (int) TABLE.value("POSIX_FADV_RANDOM");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_RANDOM 1
     * }
     */
    public static int POSIX_FADV_RANDOM() {
        return POSIX_FADV_RANDOM;
    }

    private static final int POSIX_FADV_SEQUENTIAL = (int) TABLE.value("POSIX_FADV_SEQUENTIAL");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_SEQUENTIAL 2
     * }
     */
    public static int POSIX_FADV_SEQUENTIAL() {
        return POSIX_FADV_SEQUENTIAL;
    }

    private static final int POSIX_FADV_WILLNEED = (int) TABLE.value("POSIX_FADV_WILLNEED");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_WILLNEED 3
     * }
     */
    public static int POSIX_FADV_WILLNEED() {
        return POSIX_FADV_WILLNEED;
    }

    private static final int POSIX_FADV_DONTNEED = (int) TABLE.value("POSIX_FADV_DONTNEED");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_DONTNEED 4
     * }
     */
    public static int POSIX_FADV_DONTNEED() {
        return POSIX_FADV_DONTNEED;
    }

    private static final int POSIX_FADV_NOREUSE = (int) TABLE.value("POSIX_FADV_NOREUSE");

    /**
     * {@snippet lang=c :
     * #define POSIX_FADV_NOREUSE 5
     * }
     */
    public static int POSIX_FADV_NOREUSE() {
        return POSIX_FADV_NOREUSE;
    }

    private static final int FALLOC_FL_KEEP_SIZE = (int) TABLE.value("FALLOC_FL_KEEP_SIZE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_KEEP_SIZE 1
     * }
     */
    public static int FALLOC_FL_KEEP_SIZE() {
        return FALLOC_FL_KEEP_SIZE;
    }

    private static final int FALLOC_FL_PUNCH_HOLE = (int) TABLE.value("FALLOC_FL_PUNCH_HOLE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_PUNCH_HOLE 2
     * }
     */
    public static int FALLOC_FL_PUNCH_HOLE() {
        return FALLOC_FL_PUNCH_HOLE;
    }

    private static final int FALLOC_FL_COLLAPSE_RANGE = (int) TABLE.value("FALLOC_FL_COLLAPSE_RANGE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_COLLAPSE_RANGE 8
     * }
     */
    public static int FALLOC_FL_COLLAPSE_RANGE() {
        return FALLOC_FL_COLLAPSE_RANGE;
    }

    private static final int FALLOC_FL_ZERO_RANGE = (int) TABLE.value("FALLOC_FL_ZERO_RANGE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_ZERO_RANGE 16
     * }
     */
    public static int FALLOC_FL_ZERO_RANGE() {
        return FALLOC_FL_ZERO_RANGE;
    }

    private static final int FALLOC_FL_INSERT_RANGE = (int) TABLE.value("FALLOC_FL_INSERT_RANGE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_INSERT_RANGE 32
     * }
     */
    public static int FALLOC_FL_INSERT_RANGE() {
        return FALLOC_FL_INSERT_RANGE;
    }

    private static final int FALLOC_FL_UNSHARE_RANGE = (int) TABLE.value("FALLOC_FL_UNSHARE_RANGE");

    /**
     * {@snippet lang=c :
     * #define FALLOC_FL_UNSHARE_RANGE 64
     * }
     */
    public static int FALLOC_FL_UNSHARE_RANGE() {
        return FALLOC_FL_UNSHARE_RANGE;
    }

    private static final int SEEK_SET = (int) TABLE.value("SEEK_SET");

    /**
     * {@snippet lang=c :
     * #define SEEK_SET 0
     * }
     */
    public static int SEEK_SET() {
        return SEEK_SET;
    }

    private static final int SEEK_CUR = (int) TABLE.value("SEEK_CUR");

    /**
     * {@snippet lang=c :
     * #define SEEK_CUR 1
     * }
     */
    public static int SEEK_CUR() {
        return SEEK_CUR;
    }

    private static final int SEEK_END = (int) TABLE.value("SEEK_END");

    /**
     * {@snippet lang=c :
     * #define SEEK_END 2
     * }
     */
    public static int SEEK_END() {
        return SEEK_END;
    }

    private static final int SEEK_DATA = (int) TABLE.value("SEEK_DATA");

    /**
     * {@snippet lang=c :
     * #define SEEK_DATA 3
     * }
     */
    public static int SEEK_DATA() {
        return SEEK_DATA;
    }

    private static final int SEEK_HOLE = (int) TABLE.value("SEEK_HOLE");

    /**
     * {@snippet lang=c :
     * #define SEEK_HOLE 4
     * }
     */
    public static int SEEK_HOLE() {
        return SEEK_HOLE;
    }

    private static final int PROT_NONE = (int) TABLE.value("PROT_NONE");

    /**
     * {@snippet lang=c :
     * #define PROT_NONE 0
     * }
     */
    public static int PROT_NONE() {
        return PROT_NONE;
    }

    private static final int PROT_READ = (int) TABLE.value("PROT_READ");

    /**
     * {@snippet lang=c :
     * #define PROT_READ 1
     * }
     */
    public static int PROT_READ() {
        return PROT_READ;
    }

    private static final int PROT_WRITE = (int) TABLE.value("PROT_WRITE");

    /**
     * {@snippet lang=c :
     * #define PROT_WRITE 2
     * }
     */
    public static int PROT_WRITE() {
        return PROT_WRITE;
    }

    private static final int PROT_EXEC = (int) TABLE.value("PROT_EXEC");

    /**
     * {@snippet lang=c :
     * #define PROT_EXEC 4
     * }
     */
    public static int PROT_EXEC() {
        return PROT_EXEC;
    }

    private static final int MAP_SHARED = (int) TABLE.value("MAP_SHARED");

    /**
     * {@snippet lang=c :
     * #define MAP_SHARED 1
     * }
     */
    public static int MAP_SHARED() {
        return MAP_SHARED;
    }

    private static final int MAP_PRIVATE = (int) TABLE.value("MAP_PRIVATE");

    /**
     * {@snippet lang=c :
     * #define MAP_PRIVATE 2
     * }
     */
    public static int MAP_PRIVATE() {
        return MAP_PRIVATE;
    }

    private static final int MAP_SHARED_VALIDATE = (int) TABLE.value("MAP_SHARED_VALIDATE");

    /**
     * {@snippet lang=c :
     * #define MAP_SHARED_VALIDATE 3
     * }
     */
    public static int MAP_SHARED_VALIDATE() {
        return MAP_SHARED_VALIDATE;
    }

    private static final int MAP_FIXED = (int) TABLE.value("MAP_FIXED");

    /**
     * {@snippet lang=c :
     * #define MAP_FIXED 16
     * }
     */
    public static int MAP_FIXED() {
        return MAP_FIXED;
    }

    private static final int MAP_ANONYMOUS = (int) TABLE.value("MAP_ANONYMOUS");

    /**
     * {@snippet lang=c :
     * #define MAP_ANONYMOUS 32
     * }
     */
    public static int MAP_ANONYMOUS() {
        return MAP_ANONYMOUS;
    }

    private static final int MAP_LOCKED = (int) TABLE.value("MAP_LOCKED");

    /**
     * {@snippet lang=c :
     * #define MAP_LOCKED 0x2000
     * }
     */
    public static int MAP_LOCKED() {
        return MAP_LOCKED;
    }

    private static final int MAP_NORESERVE = (int) TABLE.value("MAP_NORESERVE");

    /**
     * {@snippet lang=c :
     * #define MAP_NORESERVE 0x4000
     * }
     */
    public static int MAP_NORESERVE() {
        return MAP_NORESERVE;
    }

    private static final int MAP_POPULATE = (int) TABLE.value("MAP_POPULATE");

    /**
     * {@snippet lang=c :
     * #define MAP_POPULATE 0x8000
     * }
     */
    public static int MAP_POPULATE() {
        return MAP_POPULATE;
    }

    private static final int MADV_NORMAL = (int) TABLE.value("MADV_NORMAL");

    /**
     * {@snippet lang=c :
     * #define MADV_NORMAL 0
     * }
     */
    public static int MADV_NORMAL() {
        return MADV_NORMAL;
    }

    private static final int MADV_RANDOM = (int) TABLE.value("MADV_RANDOM");

    /**
     * {@snippet lang=c :
     * #define MADV_RANDOM 1
     * }
     */
    public static int MADV_RANDOM() {
        return MADV_RANDOM;
    }

    private static final int MADV_SEQUENTIAL = (int) TABLE.value("MADV_SEQUENTIAL");

    /**
     * {@snippet lang=c :
     * #define MADV_SEQUENTIAL 2
     * }
     */
    public static int MADV_SEQUENTIAL() {
        return MADV_SEQUENTIAL;
    }

    private static final int MADV_WILLNEED = (int) TABLE.value("MADV_WILLNEED");

    /**
     * {@snippet lang=c :
     * #define MADV_WILLNEED 3
     * }
     */
    public static int MADV_WILLNEED() {
        return MADV_WILLNEED;
    }

    private static final int MADV_DONTNEED = (int) TABLE.value("MADV_DONTNEED");

    /**
     * {@snippet lang=c :
     * #define MADV_DONTNEED 4
     * }
     */
    public static int MADV_DONTNEED() {
        return MADV_DONTNEED;
    }

    private static final int MADV_FREE = (int) TABLE.value("MADV_FREE");

    /**
     * {@snippet lang=c :
     * #define MADV_FREE 8
     * }
     */
    public static int MADV_FREE() {
        return MADV_FREE;
    }

    private static final int MADV_REMOVE = (int) TABLE.value("MADV_REMOVE");

    /**
     * {@snippet lang=c :
     * #define MADV_REMOVE 9
     * }
     */
    public static int MADV_REMOVE() {
        return MADV_REMOVE;
    }

    private static final int MADV_HUGEPAGE = (int) TABLE.value("MADV_HUGEPAGE");

    /**
     * {@snippet lang=c :
     * #define MADV_HUGEPAGE 14
     * }
     */
    public static int MADV_HUGEPAGE() {
        return MADV_HUGEPAGE;
    }

    private static final int MADV_NOHUGEPAGE = (int) TABLE.value("MADV_NOHUGEPAGE");

    /**
     * {@snippet lang=c :
     * #define MADV_NOHUGEPAGE 15
     * }
     */
    public static int MADV_NOHUGEPAGE() {
        return MADV_NOHUGEPAGE;
    }

    private static final int MADV_COLD = (int) TABLE.value("MADV_COLD");

    /**
     * {@snippet lang=c :
     * #define MADV_COLD 20
     * }
     */
    public static int MADV_COLD() {
        return MADV_COLD;
    }

    private static final int MADV_PAGEOUT = (int) TABLE.value("MADV_PAGEOUT");

    /**
     * {@snippet lang=c :
     * #define MADV_PAGEOUT 21
     * }
     */
    public static int MADV_PAGEOUT() {
        return MADV_PAGEOUT;
    }

    private static final int F_GETFD = (int) TABLE.value("F_GETFD");

    /**
     * {@snippet lang=c :
     * #define F_GETFD 1
     * }
     */
    public static int F_GETFD() {
        return F_GETFD;
    }

    private static final int F_SETFD = (int) TABLE.value("F_SETFD");

    /**
     * {@snippet lang=c :
     * #define F_SETFD 2
     * }
     */
    public static int F_SETFD() {
        return F_SETFD;
    }

    private static final int F_GETFL = (int) TABLE.value("F_GETFL");

    /**
     * {@snippet lang=c :
     * #define F_GETFL 3
     * }
     */
    public static int F_GETFL() {
        return F_GETFL;
    }

    private static final int F_SETFL = (int) TABLE.value("F_SETFL");

    /**
     * {@snippet lang=c :
     * #define F_SETFL 4
     * }
     */
    public static int F_SETFL() {
        return F_SETFL;
    }

    private static final int F_GETLK = (int) TABLE.value("F_GETLK");

    /**
     * {@snippet lang=c :
     * #define F_GETLK 5
     * }
     */
    public static int F_GETLK() {
        return F_GETLK;
    }

    private static final int F_SETLK = (int) TABLE.value("F_SETLK");

    /**
     * {@snippet lang=c :
     * #define F_SETLK 6
     * }
     */
    public static int F_SETLK() {
        return F_SETLK;
    }

    private static final int F_SETLKW = (int) TABLE.value("F_SETLKW");

    /**
     * {@snippet lang=c :
     * #define F_SETLKW 7
     * }
     */
    public static int F_SETLKW() {
        return F_SETLKW;
    }

    private static final int F_OFD_GETLK = (int) TABLE.value("F_OFD_GETLK");

    /**
     * {@snippet lang=c :
     * #define F_OFD_GETLK 36
     * }
     */
    public static int F_OFD_GETLK() {
        return F_OFD_GETLK;
    }

    private static final int F_OFD_SETLK = (int) TABLE.value("F_OFD_SETLK");

    /**
     * {@snippet lang=c :
     * #define F_OFD_SETLK 37
     * }
     */
    public static int F_OFD_SETLK() {
        return F_OFD_SETLK;
    }

    private static final int F_OFD_SETLKW = (int) TABLE.value("F_OFD_SETLKW");

    /**
     * {@snippet lang=c :
     * #define F_OFD_SETLKW 38
     * }
     */
    public static int F_OFD_SETLKW() {
        return F_OFD_SETLKW;
    }

    private static final int FD_CLOEXEC = (int) TABLE.value("FD_CLOEXEC");

    /**
     * {@snippet lang=c :
     * #define FD_CLOEXEC 1
     * }
     */
    public static int FD_CLOEXEC() {
        return FD_CLOEXEC;
    }

    private static final int F_RDLCK = (int) TABLE.value("F_RDLCK");

    /**
     * {@snippet lang=c :
     * #define F_RDLCK 0
     * }
     */
    public static int F_RDLCK() {
        return F_RDLCK;
    }

    private static final int F_WRLCK = (int) TABLE.value("F_WRLCK");

    /**
     * {@snippet lang=c :
     * #define F_WRLCK 1
     * }
     */
    public static int F_WRLCK() {
        return F_WRLCK;
    }

    private static final int F_UNLCK = (int) TABLE.value("F_UNLCK");

    /**
     * {@snippet lang=c :
     * #define F_UNLCK 2
     * }
     */
    public static int F_UNLCK() {
        return F_UNLCK;
    }

    private static final int LOCK_SH = (int) TABLE.value("LOCK_SH");

    /**
     * {@snippet lang=c :
     * #define LOCK_SH 1
     * }
     */
    public static int LOCK_SH() {
        return LOCK_SH;
    }

    private static final int LOCK_EX = (int) TABLE.value("LOCK_EX");

    /**
     * {@snippet lang=c :
     * #define LOCK_EX 2
     * }
     */
    public static int LOCK_EX() {
        return LOCK_EX;
    }

    private static final int LOCK_NB = (int) TABLE.value("LOCK_NB");

    /**
     * {@snippet lang=c :
     * #define LOCK_NB 4
     * }
     */
    public static int LOCK_NB() {
        return LOCK_NB;
    }

    private static final int LOCK_UN = (int) TABLE.value("LOCK_UN");

    /**
     * {@snippet lang=c :
     * #define LOCK_UN 8
     * }
     */
    public static int LOCK_UN() {
        return LOCK_UN;
    }

    private static final long BLKROGET = TABLE.value("BLKROGET");

    /**
     * {@snippet lang=c :
     * #define BLKROGET 0x125e
     * }
     */
    public static long BLKROGET() {
        return BLKROGET;
    }

    private static final long BLKFLSBUF = TABLE.value("BLKFLSBUF");

    /**
     * {@snippet lang=c :
     * #define BLKFLSBUF 0x1261
     * }
     */
    public static long BLKFLSBUF() {
        return BLKFLSBUF;
    }

    private static final long BLKSSZGET = TABLE.value("BLKSSZGET");

    /**
     * {@snippet lang=c :
     * #define BLKSSZGET 0x1268
     * }
     */
    public static long BLKSSZGET() {
        return BLKSSZGET;
    }

    private static final long BLKDISCARD = TABLE.value("BLKDISCARD");

    /**
     * {@snippet lang=c :
     * #define BLKDISCARD 0x1277
     * }
     */
    public static long BLKDISCARD() {
        return BLKDISCARD;
    }

    private static final long BLKPBSZGET = TABLE.value("BLKPBSZGET");

    /**
     * {@snippet lang=c :
     * #define BLKPBSZGET 0x127b
     * }
     */
    public static long BLKPBSZGET() {
        return BLKPBSZGET;
    }

    private static final long BLKZEROOUT = TABLE.value("BLKZEROOUT");

    /**
     * {@snippet lang=c :
     * #define BLKZEROOUT 0x127f
     * }
     */
    public static long BLKZEROOUT() {
        return BLKZEROOUT;
    }

    private static final long BLKGETSIZE64 = TABLE.value("BLKGETSIZE64");

    /**
     * {@snippet lang=c :
     * #define BLKGETSIZE64 0x80081272
     * }
     */
    public static long BLKGETSIZE64() {
        return BLKGETSIZE64;
    }

    private static final long FS_IOC_GETFLAGS = TABLE.value("FS_IOC_GETFLAGS");

    /**
     * {@snippet lang=c :
     * #define FS_IOC_GETFLAGS 0x80086601
     * }
     */
    public static long FS_IOC_GETFLAGS() {
        return FS_IOC_GETFLAGS;
    }

    private static final long FS_IOC_SETFLAGS = TABLE.value("FS_IOC_SETFLAGS");

    /**
     * {@snippet lang=c :
     * #define FS_IOC_SETFLAGS 0x40086602
     * }
     */
    public static long FS_IOC_SETFLAGS() {
        return FS_IOC_SETFLAGS;
    }

    private static final long FS_NOCOW_FL = TABLE.value("FS_NOCOW_FL");

    /**
     * {@snippet lang=c :
     * #define FS_NOCOW_FL 0x800000
     * }
     */
    public static long FS_NOCOW_FL() {
        return FS_NOCOW_FL;
    }

    private static final long FS_IOC_FSGETXATTR = TABLE.value("FS_IOC_FSGETXATTR");

    /**
     * {@snippet lang=c :
     * #define FS_IOC_FSGETXATTR 0x801c581f
     * }
     */
    public static long FS_IOC_FSGETXATTR() {
        return FS_IOC_FSGETXATTR;
    }

    private static final long FS_IOC_FSSETXATTR = TABLE.value("FS_IOC_FSSETXATTR");

    /**
     * {@snippet lang=c :
     * #define FS_IOC_FSSETXATTR 0x401c5820
     * }
     */
    public static long FS_IOC_FSSETXATTR() {
        return FS_IOC_FSSETXATTR;
    }

    private static final long FS_XFLAG_EXTSIZE = TABLE.value("FS_XFLAG_EXTSIZE");

    /**
     * {@snippet lang=c :
     * #define FS_XFLAG_EXTSIZE 0x800
     * }
     */
    public static long FS_XFLAG_EXTSIZE() {
        return FS_XFLAG_EXTSIZE;
    }

    private static final int _SC_PAGESIZE = (int) TABLE.value("_SC_PAGESIZE");

    /**
     * {@snippet lang=c :
     * #define _SC_PAGESIZE 30
     * }
     */
    public static int _SC_PAGESIZE() {
        return _SC_PAGESIZE;
    }

    private static final long SYS_io_uring_setup = TABLE.value("SYS_io_uring_setup");

    /**
     * {@snippet lang=c :
     * #define SYS_io_uring_setup 0x1a9
     * }
     */
    public static long SYS_io_uring_setup() {
        return SYS_io_uring_setup;
    }

    private static final long SYS_io_uring_enter = TABLE.value("SYS_io_uring_enter");

    /**
     * {@snippet lang=c :
     * #define SYS_io_uring_enter 0x1aa
     * }
     */
    public static long SYS_io_uring_enter() {
        return SYS_io_uring_enter;
    }

    private static final long SYS_io_uring_register = TABLE.value("SYS_io_uring_register");

    /**
     * {@snippet lang=c :
     * #define SYS_io_uring_register 0x1ab
     * }
     */
    public static long SYS_io_uring_register() {
        return SYS_io_uring_register;
    }

    private static final long SYS_cachestat = TABLE.value("SYS_cachestat");

    /**
     * {@snippet lang=c :
     * #define SYS_cachestat 0x1c3
     * }
     */
    public static long SYS_cachestat() {
        return SYS_cachestat;
    }

    private static final int IORING_SETUP_IOPOLL = (int) TABLE.value("IORING_SETUP_IOPOLL");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_IOPOLL 1
     * }
     */
    public static int IORING_SETUP_IOPOLL() {
        return IORING_SETUP_IOPOLL;
    }

    private static final int IORING_SETUP_SQPOLL = (int) TABLE.value("IORING_SETUP_SQPOLL");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_SQPOLL 2
     * }
     */
    public static int IORING_SETUP_SQPOLL() {
        return IORING_SETUP_SQPOLL;
    }

    private static final int IORING_SETUP_SQ_AFF = (int) TABLE.value("IORING_SETUP_SQ_AFF");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_SQ_AFF 4
     * }
     */
    public static int IORING_SETUP_SQ_AFF() {
        return IORING_SETUP_SQ_AFF;
    }

    private static final int IORING_SETUP_CQSIZE = (int) TABLE.value("IORING_SETUP_CQSIZE");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_CQSIZE 8
     * }
     */
    public static int IORING_SETUP_CQSIZE() {
        return IORING_SETUP_CQSIZE;
    }

    private static final int IORING_SETUP_CLAMP = (int) TABLE.value("IORING_SETUP_CLAMP");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_CLAMP 16
     * }
     */
    public static int IORING_SETUP_CLAMP() {
        return IORING_SETUP_CLAMP;
    }

    private static final int IORING_SETUP_ATTACH_WQ = (int) TABLE.value("IORING_SETUP_ATTACH_WQ");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_ATTACH_WQ 32
     * }
     */
    public static int IORING_SETUP_ATTACH_WQ() {
        return IORING_SETUP_ATTACH_WQ;
    }

    private static final int IORING_SETUP_R_DISABLED = (int) TABLE.value("IORING_SETUP_R_DISABLED");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_R_DISABLED 64
     * }
     */
    public static int IORING_SETUP_R_DISABLED() {
        return IORING_SETUP_R_DISABLED;
    }

    private static final int IORING_SETUP_SUBMIT_ALL = (int) TABLE.value("IORING_SETUP_SUBMIT_ALL");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_SUBMIT_ALL 128
     * }
     */
    public static int IORING_SETUP_SUBMIT_ALL() {
        return IORING_SETUP_SUBMIT_ALL;
    }

    private static final int IORING_SETUP_COOP_TASKRUN = (int) TABLE.value("IORING_SETUP_COOP_TASKRUN");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_COOP_TASKRUN 0x100
     * }
     */
    public static int IORING_SETUP_COOP_TASKRUN() {
        return IORING_SETUP_COOP_TASKRUN;
    }

    private static final int IORING_SETUP_TASKRUN_FLAG = (int) TABLE.value("IORING_SETUP_TASKRUN_FLAG");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_TASKRUN_FLAG 0x200
     * }
     */
    public static int IORING_SETUP_TASKRUN_FLAG() {
        return IORING_SETUP_TASKRUN_FLAG;
    }

    private static final int IORING_SETUP_SQE128 = (int) TABLE.value("IORING_SETUP_SQE128");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_SQE128 0x400
     * }
     */
    public static int IORING_SETUP_SQE128() {
        return IORING_SETUP_SQE128;
    }

    private static final int IORING_SETUP_CQE32 = (int) TABLE.value("IORING_SETUP_CQE32");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_CQE32 0x800
     * }
     */
    public static int IORING_SETUP_CQE32() {
        return IORING_SETUP_CQE32;
    }

    private static final int IORING_SETUP_SINGLE_ISSUER = (int) TABLE.value("IORING_SETUP_SINGLE_ISSUER");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_SINGLE_ISSUER 0x1000
     * }
     */
    public static int IORING_SETUP_SINGLE_ISSUER() {
        return IORING_SETUP_SINGLE_ISSUER;
    }

    private static final int IORING_SETUP_DEFER_TASKRUN = (int) TABLE.value("IORING_SETUP_DEFER_TASKRUN");

    /**
     * {@snippet lang=c :
     * #define IORING_SETUP_DEFER_TASKRUN 0x2000
     * }
     */
    public static int IORING_SETUP_DEFER_TASKRUN() {
        return IORING_SETUP_DEFER_TASKRUN;
    }

    private static final int IORING_ENTER_GETEVENTS = (int) TABLE.value("IORING_ENTER_GETEVENTS");

    /**
     * {@snippet lang=c :
     * #define IORING_ENTER_GETEVENTS 1
     * }
     */
    public static int IORING_ENTER_GETEVENTS() {
        return IORING_ENTER_GETEVENTS;
    }

    private static final int IORING_ENTER_SQ_WAKEUP = (int) TABLE.value("IORING_ENTER_SQ_WAKEUP");

    /**
     * {@snippet lang=c :
     * #define IORING_ENTER_SQ_WAKEUP 2
     * }
     */
    public static int IORING_ENTER_SQ_WAKEUP() {
        return IORING_ENTER_SQ_WAKEUP;
    }

    private static final int IORING_ENTER_SQ_WAIT = (int) TABLE.value("IORING_ENTER_SQ_WAIT");

    /**
     * {@snippet lang=c :
     * #define IORING_ENTER_SQ_WAIT 4
     * }
     */
    public static int IORING_ENTER_SQ_WAIT() {
        return IORING_ENTER_SQ_WAIT;
    }

    private static final int IORING_ENTER_EXT_ARG = (int) TABLE.value("IORING_ENTER_EXT_ARG");

    /**
     * {@snippet lang=c :
     * #define IORING_ENTER_EXT_ARG 8
     * }
     */
    public static int IORING_ENTER_EXT_ARG() {
        return IORING_ENTER_EXT_ARG;
    }

    private static final int IORING_ENTER_REGISTERED_RING = (int) TABLE.value("IORING_ENTER_REGISTERED_RING");

    /**
     * {@snippet lang=c :
     * #define IORING_ENTER_REGISTERED_RING 16
     * }
     */
    public static int IORING_ENTER_REGISTERED_RING() {
        return IORING_ENTER_REGISTERED_RING;
    }

    private static final int IORING_FEAT_SINGLE_MMAP = (int) TABLE.value("IORING_FEAT_SINGLE_MMAP");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_SINGLE_MMAP 1
     * }
     */
    public static int IORING_FEAT_SINGLE_MMAP() {
        return IORING_FEAT_SINGLE_MMAP;
    }

    private static final int IORING_FEAT_NODROP = (int) TABLE.value("IORING_FEAT_NODROP");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_NODROP 2
     * }
     */
    public static int IORING_FEAT_NODROP() {
        return IORING_FEAT_NODROP;
    }

    private static final int IORING_FEAT_SUBMIT_STABLE = (int) TABLE.value("IORING_FEAT_SUBMIT_STABLE");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_SUBMIT_STABLE 4
     * }
     */
    public static int IORING_FEAT_SUBMIT_STABLE() {
        return IORING_FEAT_SUBMIT_STABLE;
    }

    private static final int IORING_FEAT_RW_CUR_POS = (int) TABLE.value("IORING_FEAT_RW_CUR_POS");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_RW_CUR_POS 8
     * }
     */
    public static int IORING_FEAT_RW_CUR_POS() {
        return IORING_FEAT_RW_CUR_POS;
    }

    private static final int IORING_FEAT_FAST_POLL = (int) TABLE.value("IORING_FEAT_FAST_POLL");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_FAST_POLL 32
     * }
     */
    public static int IORING_FEAT_FAST_POLL() {
        return IORING_FEAT_FAST_POLL;
    }

    private static final int IORING_FEAT_EXT_ARG = (int) TABLE.value("IORING_FEAT_EXT_ARG");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_EXT_ARG 0x100
     * }
     */
    public static int IORING_FEAT_EXT_ARG() {
        return IORING_FEAT_EXT_ARG;
    }

    private static final int IORING_FEAT_NATIVE_WORKERS = (int) TABLE.value("IORING_FEAT_NATIVE_WORKERS");

    /**
     * {@snippet lang=c :
     * #define IORING_FEAT_NATIVE_WORKERS 0x200
     * }
     */
    public static int IORING_FEAT_NATIVE_WORKERS() {
        return IORING_FEAT_NATIVE_WORKERS;
    }

    private static final long IORING_OFF_SQ_RING = TABLE.value("IORING_OFF_SQ_RING");

    /**
     * {@snippet lang=c :
     * #define IORING_OFF_SQ_RING 0
     * }
     */
    public static long IORING_OFF_SQ_RING() {
        return IORING_OFF_SQ_RING;
    }

    private static final long IORING_OFF_CQ_RING = TABLE.value("IORING_OFF_CQ_RING");

    /**
     * {@snippet lang=c :
     * #define IORING_OFF_CQ_RING 0x8000000
     * }
     */
    public static long IORING_OFF_CQ_RING() {
        return IORING_OFF_CQ_RING;
    }

    private static final long IORING_OFF_SQES = TABLE.value("IORING_OFF_SQES");

    /**
     * {@snippet lang=c :
     * #define IORING_OFF_SQES 0x10000000
     * }
     */
    public static long IORING_OFF_SQES() {
        return IORING_OFF_SQES;
    }

    private static final int IOSQE_FIXED_FILE = (int) TABLE.value("IOSQE_FIXED_FILE");

    /**
     * {@snippet lang=c :
     * #define IOSQE_FIXED_FILE 1
     * }
     */
    public static int IOSQE_FIXED_FILE() {
        return IOSQE_FIXED_FILE;
    }

    private static final int IOSQE_IO_DRAIN = (int) TABLE.value("IOSQE_IO_DRAIN");

    /**
     * {@snippet lang=c :
     * #define IOSQE_IO_DRAIN 2
     * }
     */
    public static int IOSQE_IO_DRAIN() {
        return IOSQE_IO_DRAIN;
    }

    private static final int IOSQE_IO_LINK = (int) TABLE.value("IOSQE_IO_LINK");

    /**
     * {@snippet lang=c :
     * #define IOSQE_IO_LINK 4
     * }
     */
    public static int IOSQE_IO_LINK() {
        return IOSQE_IO_LINK;
    }

    private static final int IOSQE_IO_HARDLINK = (int) TABLE.value("IOSQE_IO_HARDLINK");

    /**
     * {@snippet lang=c :
     * #define IOSQE_IO_HARDLINK 8
     * }
     */
    public static int IOSQE_IO_HARDLINK() {
        return IOSQE_IO_HARDLINK;
    }

    private static final int IOSQE_ASYNC = (int) TABLE.value("IOSQE_ASYNC");

    /**
     * {@snippet lang=c :
     * #define IOSQE_ASYNC 16
     * }
     */
    public static int IOSQE_ASYNC() {
        return IOSQE_ASYNC;
    }

    private static final int IOSQE_BUFFER_SELECT = (int) TABLE.value("IOSQE_BUFFER_SELECT");

    /**
     * {@snippet lang=c :
     * #define IOSQE_BUFFER_SELECT 32
     * }
     */
    public static int IOSQE_BUFFER_SELECT() {
        return IOSQE_BUFFER_SELECT;
    }

    private static final int IOSQE_CQE_SKIP_SUCCESS = (int) TABLE.value("IOSQE_CQE_SKIP_SUCCESS");

    /**
     * {@snippet lang=c :
     * #define IOSQE_CQE_SKIP_SUCCESS 64
     * }
     */
    public static int IOSQE_CQE_SKIP_SUCCESS() {
        return IOSQE_CQE_SKIP_SUCCESS;
    }

    private static final int IORING_SQ_NEED_WAKEUP = (int) TABLE.value("IORING_SQ_NEED_WAKEUP");

    /**
     * {@snippet lang=c :
     * #define IORING_SQ_NEED_WAKEUP 1
     * }
     */
    public static int IORING_SQ_NEED_WAKEUP() {
        return IORING_SQ_NEED_WAKEUP;
    }

    private static final int IORING_SQ_CQ_OVERFLOW = (int) TABLE.value("IORING_SQ_CQ_OVERFLOW");

    /**
     * {@snippet lang=c :
     * #define IORING_SQ_CQ_OVERFLOW 2
     * }
     */
    public static int IORING_SQ_CQ_OVERFLOW() {
        return IORING_SQ_CQ_OVERFLOW;
    }

    private static final int IORING_SQ_TASKRUN = (int) TABLE.value("IORING_SQ_TASKRUN");

    /**
     * {@snippet lang=c :
     * #define IORING_SQ_TASKRUN 4
     * }
     */
    public static int IORING_SQ_TASKRUN() {
        return IORING_SQ_TASKRUN;
    }

    private static final int IORING_FSYNC_DATASYNC = (int) TABLE.value("IORING_FSYNC_DATASYNC");

    /**
     * {@snippet lang=c :
     * #define IORING_FSYNC_DATASYNC 1
     * }
     */
    public static int IORING_FSYNC_DATASYNC() {
        return IORING_FSYNC_DATASYNC;
    }

    private static final int IORING_CQE_F_BUFFER = (int) TABLE.value("IORING_CQE_F_BUFFER");

    /**
     * {@snippet lang=c :
     * #define IORING_CQE_F_BUFFER 1
     * }
     */
    public static int IORING_CQE_F_BUFFER() {
        return IORING_CQE_F_BUFFER;
    }

    private static final int IORING_CQE_F_MORE = (int) TABLE.value("IORING_CQE_F_MORE");

    /**
     * {@snippet lang=c :
     * #define IORING_CQE_F_MORE 2
     * }
     */
    public static int IORING_CQE_F_MORE() {
        return IORING_CQE_F_MORE;
    }

    private static final int IORING_OP_NOP = (int) TABLE.value("IORING_OP_NOP");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_NOP 0
     * }
     */
    public static int IORING_OP_NOP() {
        return IORING_OP_NOP;
    }

    private static final int IORING_OP_READV = (int) TABLE.value("IORING_OP_READV");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_READV 1
     * }
     */
    public static int IORING_OP_READV() {
        return IORING_OP_READV;
    }

    private static final int IORING_OP_WRITEV = (int) TABLE.value("IORING_OP_WRITEV");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_WRITEV 2
     * }
     */
    public static int IORING_OP_WRITEV() {
        return IORING_OP_WRITEV;
    }

    private static final int IORING_OP_FSYNC = (int) TABLE.value("IORING_OP_FSYNC");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_FSYNC 3
     * }
     */
    public static int IORING_OP_FSYNC() {
        return IORING_OP_FSYNC;
    }

    private static final int IORING_OP_READ_FIXED = (int) TABLE.value("IORING_OP_READ_FIXED");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_READ_FIXED 4
     * }
     */
    public static int IORING_OP_READ_FIXED() {
        return IORING_OP_READ_FIXED;
    }

    private static final int IORING_OP_WRITE_FIXED = (int) TABLE.value("IORING_OP_WRITE_FIXED");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_WRITE_FIXED 5
     * }
     */
    public static int IORING_OP_WRITE_FIXED() {
        return IORING_OP_WRITE_FIXED;
    }

    private static final int IORING_OP_POLL_ADD = (int) TABLE.value("IORING_OP_POLL_ADD");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_POLL_ADD 6
     * }
     */
    public static int IORING_OP_POLL_ADD() {
        return IORING_OP_POLL_ADD;
    }

    private static final int IORING_OP_POLL_REMOVE = (int) TABLE.value("IORING_OP_POLL_REMOVE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_POLL_REMOVE 7
     * }
     */
    public static int IORING_OP_POLL_REMOVE() {
        return IORING_OP_POLL_REMOVE;
    }

    private static final int IORING_OP_SYNC_FILE_RANGE = (int) TABLE.value("IORING_OP_SYNC_FILE_RANGE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_SYNC_FILE_RANGE 8
     * }
     */
    public static int IORING_OP_SYNC_FILE_RANGE() {
        return IORING_OP_SYNC_FILE_RANGE;
    }

    private static final int IORING_OP_TIMEOUT = (int) TABLE.value("IORING_OP_TIMEOUT");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_TIMEOUT 11
     * }
     */
    public static int IORING_OP_TIMEOUT() {
        return IORING_OP_TIMEOUT;
    }

    private static final int IORING_OP_TIMEOUT_REMOVE = (int) TABLE.value("IORING_OP_TIMEOUT_REMOVE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_TIMEOUT_REMOVE 12
     * }
     */
    public static int IORING_OP_TIMEOUT_REMOVE() {
        return IORING_OP_TIMEOUT_REMOVE;
    }

    private static final int IORING_OP_ASYNC_CANCEL = (int) TABLE.value("IORING_OP_ASYNC_CANCEL");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_ASYNC_CANCEL 14
     * }
     */
    public static int IORING_OP_ASYNC_CANCEL() {
        return IORING_OP_ASYNC_CANCEL;
    }

    private static final int IORING_OP_LINK_TIMEOUT = (int) TABLE.value("IORING_OP_LINK_TIMEOUT");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_LINK_TIMEOUT 15
     * }
     */
    public static int IORING_OP_LINK_TIMEOUT() {
        return IORING_OP_LINK_TIMEOUT;
    }

    private static final int IORING_OP_FALLOCATE = (int) TABLE.value("IORING_OP_FALLOCATE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_FALLOCATE 17
     * }
     */
    public static int IORING_OP_FALLOCATE() {
        return IORING_OP_FALLOCATE;
    }

    private static final int IORING_OP_OPENAT = (int) TABLE.value("IORING_OP_OPENAT");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_OPENAT 18
     * }
     */
    public static int IORING_OP_OPENAT() {
        return IORING_OP_OPENAT;
    }

    private static final int IORING_OP_CLOSE = (int) TABLE.value("IORING_OP_CLOSE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_CLOSE 19
     * }
     */
    public static int IORING_OP_CLOSE() {
        return IORING_OP_CLOSE;
    }

    private static final int IORING_OP_STATX = (int) TABLE.value("IORING_OP_STATX");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_STATX 21
     * }
     */
    public static int IORING_OP_STATX() {
        return IORING_OP_STATX;
    }

    private static final int IORING_OP_READ = (int) TABLE.value("IORING_OP_READ");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_READ 22
     * }
     */
    public static int IORING_OP_READ() {
        return IORING_OP_READ;
    }

    private static final int IORING_OP_WRITE = (int) TABLE.value("IORING_OP_WRITE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_WRITE 23
     * }
     */
    public static int IORING_OP_WRITE() {
        return IORING_OP_WRITE;
    }

    private static final int IORING_OP_FADVISE = (int) TABLE.value("IORING_OP_FADVISE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_FADVISE 24
     * }
     */
    public static int IORING_OP_FADVISE() {
        return IORING_OP_FADVISE;
    }

    private static final int IORING_OP_MADVISE = (int) TABLE.value("IORING_OP_MADVISE");

    /**
     * {@snippet lang=c :
     * #define IORING_OP_MADVISE 25
     * }
     */
    public static int IORING_OP_MADVISE() {
        return IORING_OP_MADVISE;
    }

    private static final int IORING_REGISTER_BUFFERS = (int) TABLE.value("IORING_REGISTER_BUFFERS");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_BUFFERS 0
     * }
     */
    public static int IORING_REGISTER_BUFFERS() {
        return IORING_REGISTER_BUFFERS;
    }

    private static final int IORING_UNREGISTER_BUFFERS = (int) TABLE.value("IORING_UNREGISTER_BUFFERS");

    /**
     * {@snippet lang=c :
     * #define IORING_UNREGISTER_BUFFERS 1
     * }
     */
    public static int IORING_UNREGISTER_BUFFERS() {
        return IORING_UNREGISTER_BUFFERS;
    }

    private static final int IORING_REGISTER_FILES = (int) TABLE.value("IORING_REGISTER_FILES");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_FILES 2
     * }
     */
    public static int IORING_REGISTER_FILES() {
        return IORING_REGISTER_FILES;
    }

    private static final int IORING_UNREGISTER_FILES = (int) TABLE.value("IORING_UNREGISTER_FILES");

    /**
     * {@snippet lang=c :
     * #define IORING_UNREGISTER_FILES 3
     * }
     */
    public static int IORING_UNREGISTER_FILES() {
        return IORING_UNREGISTER_FILES;
    }

    private static final int IORING_REGISTER_EVENTFD = (int) TABLE.value("IORING_REGISTER_EVENTFD");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_EVENTFD 4
     * }
     */
    public static int IORING_REGISTER_EVENTFD() {
        return IORING_REGISTER_EVENTFD;
    }

    private static final int IORING_UNREGISTER_EVENTFD = (int) TABLE.value("IORING_UNREGISTER_EVENTFD");

    /**
     * {@snippet lang=c :
     * #define IORING_UNREGISTER_EVENTFD 5
     * }
     */
    public static int IORING_UNREGISTER_EVENTFD() {
        return IORING_UNREGISTER_EVENTFD;
    }

    private static final int IORING_REGISTER_FILES_UPDATE = (int) TABLE.value("IORING_REGISTER_FILES_UPDATE");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_FILES_UPDATE 6
     * }
     */
    public static int IORING_REGISTER_FILES_UPDATE() {
        return IORING_REGISTER_FILES_UPDATE;
    }

    private static final int IORING_REGISTER_PROBE = (int) TABLE.value("IORING_REGISTER_PROBE");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_PROBE 8
     * }
     */
    public static int IORING_REGISTER_PROBE() {
        return IORING_REGISTER_PROBE;
    }

    private static final int IORING_REGISTER_RING_FDS = (int) TABLE.value("IORING_REGISTER_RING_FDS");

    /**
     * {@snippet lang=c :
     * #define IORING_REGISTER_RING_FDS 20
     * }
     */
    public static int IORING_REGISTER_RING_FDS() {
        return IORING_REGISTER_RING_FDS;
    }

    private static final int IORING_UNREGISTER_RING_FDS = (int) TABLE.value("IORING_UNREGISTER_RING_FDS");

    /**
     * {@snippet lang=c :
     * #define IORING_UNREGISTER_RING_FDS 21
     * }
     */
    public static int IORING_UNREGISTER_RING_FDS() {
        return IORING_UNREGISTER_RING_FDS;
    }
}
