// Written by hand in the shape jextract 22 generates (see ../linux/Libc.java and
// jextract/PATCHES.md): the io_uring system calls, which have no libc wrappers, and <sys/eventfd.h>.

package io.jblock.ffm.uring;

import io.jblock.ffm.linux.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Header class for the io_uring system calls ({@code io_uring_setup}, {@code io_uring_enter},
 * {@code io_uring_register}, reached through glibc's variadic {@code syscall(2)}) and for
 * {@code eventfd(2)} / {@code eventfd_write(3)}.
 *
 * <p>Guarantees: every function is linked lazily through its own holder class, with
 * {@code captureCallState("errno")} (the capture segment, {@link Libc#errnoCaptureLayout()}, is
 * the first argument); {@code syscall}'s variadic arguments are all passed as {@code long}, as
 * glibc reads them ({@link Linker.Option#firstVariadicArg}). No handle is {@code critical}:
 * {@code io_uring_enter} may wait. The syscall numbers come from {@link Libc}'s per-architecture
 * table. Stateless and thread-safe. This is the raw C surface: nothing is checked.
 */
public final class LinuxIoUring {

    private LinuxIoUring() {
    }

    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static MemorySegment find(String symbol) {
        return Linker.nativeLinker().defaultLookup().find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static final class io_uring_setup {
        // long syscall(long sysno, long entries, struct io_uring_params *p)
        static final MethodHandle HANDLE = Libc.syscall.makeInvoker(Libc.C_LONG, Libc.C_POINTER).handle();
    }

    private static final class io_uring_enter {
        // long syscall(long sysno, long fd, long to_submit, long min_complete, long flags, const sigset_t *sig, long sz)
        static final MethodHandle HANDLE = Libc.syscall.makeInvoker(Libc.C_LONG, Libc.C_LONG, Libc.C_LONG,
                Libc.C_LONG, Libc.C_POINTER, Libc.C_LONG).handle();
    }

    private static final class io_uring_register {
        // long syscall(long sysno, long fd, long opcode, void *arg, long nr_args)
        static final MethodHandle HANDLE = Libc.syscall.makeInvoker(Libc.C_LONG, Libc.C_LONG, Libc.C_POINTER,
                Libc.C_LONG).handle();
    }

    private static final class eventfd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_INT);
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(find("eventfd"), DESC, CAPTURE_ERRNO);
    }

    private static final class eventfd_write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_LONG);
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(find("eventfd_write"), DESC,
                CAPTURE_ERRNO);
    }

    /**
     * {@snippet lang=c :
     * int io_uring_setup(u32 entries, struct io_uring_params *p)
     * }
     * @param errno$ receives errno (a {@link Libc} capture-state segment)
     * @param entries SQ entries wanted
     * @param params  {@code struct io_uring_params}, filled in by the kernel
     * @return the ring's file descriptor, or -1 with errno in {@code errno$}
     */
    public static int io_uring_setup(MemorySegment errno$, int entries, MemorySegment params) {
        try {
            return (int) (long) io_uring_setup.HANDLE.invokeExact(errno$, Libc.SYS_io_uring_setup(),
                    Integer.toUnsignedLong(entries), params);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    /**
     * {@snippet lang=c :
     * int io_uring_enter(unsigned int fd, u32 to_submit, u32 min_complete, u32 flags, const sigset_t *sig, size_t sz)
     * }
     * (with no signal mask).
     *
     * @param errno$ receives errno (a {@link Libc} capture-state segment)
     * @param fd          the ring
     * @param toSubmit    SQEs to submit
     * @param minComplete completions to wait for
     * @param flags       {@code IORING_ENTER_*}
     * @return SQEs consumed, or -1 with errno in {@code errno$}
     */
    public static int io_uring_enter(MemorySegment errno$, int fd, int toSubmit, int minComplete, int flags) {
        try {
            return (int) (long) io_uring_enter.HANDLE.invokeExact(errno$, Libc.SYS_io_uring_enter(), (long) fd,
                    Integer.toUnsignedLong(toSubmit), Integer.toUnsignedLong(minComplete),
                    Integer.toUnsignedLong(flags), MemorySegment.NULL, 0L);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    /**
     * {@snippet lang=c :
     * int io_uring_register(unsigned int fd, unsigned int opcode, void *arg, unsigned int nr_args)
     * }
     * @param errno$ receives errno (a {@link Libc} capture-state segment)
     * @param fd     the ring
     * @param opcode {@code IORING_REGISTER_*}
     * @param arg    the opcode's argument
     * @param nrArgs number of entries in {@code arg}
     * @return 0 (or an opcode-specific count), or -1 with errno in {@code errno$}
     */
    public static int io_uring_register(MemorySegment errno$, int fd, int opcode, MemorySegment arg, int nrArgs) {
        try {
            return (int) (long) io_uring_register.HANDLE.invokeExact(errno$, Libc.SYS_io_uring_register(),
                    (long) fd, Integer.toUnsignedLong(opcode), arg, Integer.toUnsignedLong(nrArgs));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    /**
     * {@snippet lang=c :
     * int eventfd(unsigned int initval, int flags)
     * }
     * {@code EFD_CLOEXEC} and {@code EFD_NONBLOCK} have the values of {@link Libc#O_CLOEXEC()}
     * and {@link Libc#O_NONBLOCK()} (eventfd(2)).
     *
     * @param errno$ receives errno (a {@link Libc} capture-state segment)
     * @param initval the counter's initial value
     * @param flags   {@code EFD_*}
     * @return the descriptor, or -1 with errno in {@code errno$}
     */
    public static int eventfd(MemorySegment errno$, int initval, int flags) {
        try {
            return (int) eventfd.HANDLE.invokeExact(errno$, initval, flags);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    /**
     * {@snippet lang=c :
     * int eventfd_write(int fd, eventfd_t value)
     * }
     *
     * @param errno$ receives errno (a {@link Libc} capture-state segment)
     * @param fd    the eventfd
     * @param value added to the counter
     * @return 0, or -1 with errno in {@code errno$}
     */
    public static int eventfd_write(MemorySegment errno$, int fd, long value) {
        try {
            return (int) eventfd_write.HANDLE.invokeExact(errno$, fd, value);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }
}
