package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Linux error numbers, their symbolic names and the C library's text for them. The numbers are
 * compile-time constants (usable in {@code switch}): x86-64 and aarch64 share the asm-generic
 * errno values, and a test checks each against {@code Libc}'s table, which the ABI test checks
 * against the C headers.
 * Thread-safe; {@link #strerror(int)} uses the thread-safe {@code strerror_r}.
 */
public final class Errno {

    private Errno() {
    }

    /** {@code EINTR} (4): "Interrupted system call". */
    public static final int EINTR = 4;
    /** {@code EAGAIN} (11): "Resource temporarily unavailable". */
    public static final int EAGAIN = 11;
    /** {@code EINVAL} (22): "Invalid argument". */
    public static final int EINVAL = 22;
    /** {@code EIO} (5): "Input/output error". */
    public static final int EIO = 5;
    /** {@code ENOSPC} (28): "No space left on device". */
    public static final int ENOSPC = 28;
    /** {@code EOPNOTSUPP} (95): "Operation not supported". */
    public static final int EOPNOTSUPP = 95;
    /** {@code EBADF} (9): "Bad file descriptor". */
    public static final int EBADF = 9;
    /** {@code ENOENT} (2): "No such file or directory". */
    public static final int ENOENT = 2;
    /** {@code EEXIST} (17): "File exists". */
    public static final int EEXIST = 17;
    /** {@code EACCES} (13): "Permission denied". */
    public static final int EACCES = 13;
    /** {@code EROFS} (30): "Read-only file system". */
    public static final int EROFS = 30;
    /** {@code EPERM} (1): "Operation not permitted". */
    public static final int EPERM = 1;
    /** {@code ENOSYS} (38): "Function not implemented". */
    public static final int ENOSYS = 38;
    /** {@code ENOTTY} (25): "Inappropriate ioctl for device". */
    public static final int ENOTTY = 25;
    /** {@code ENXIO} (6): "No such device or address". */
    public static final int ENXIO = 6;
    /** {@code ENODEV} (19): "No such device". */
    public static final int ENODEV = 19;
    /** {@code EFBIG} (27): "File too large". */
    public static final int EFBIG = 27;
    /** {@code EDQUOT} (122): "Disk quota exceeded". */
    public static final int EDQUOT = 122;
    /** {@code EBUSY} (16): "Device or resource busy". */
    public static final int EBUSY = 16;
    /** {@code EISDIR} (21): "Is a directory". */
    public static final int EISDIR = 21;
    /** Same value as {@link #EOPNOTSUPP} on Linux. */
    public static final int ENOTSUP = EOPNOTSUPP;
    /** Same value as {@link #EAGAIN} on Linux. */
    public static final int EWOULDBLOCK = EAGAIN;

    /** {@code ESRCH} (3): "No such process". */
    public static final int ESRCH = 3;
    /** {@code E2BIG} (7): "Argument list too long". */
    public static final int E2BIG = 7;
    /** {@code ENOMEM} (12): "Cannot allocate memory". */
    public static final int ENOMEM = 12;
    /** {@code EFAULT} (14): "Bad address". */
    public static final int EFAULT = 14;
    /** {@code ENOTBLK} (15): "Block device required". */
    public static final int ENOTBLK = 15;
    /** {@code EXDEV} (18): "Invalid cross-device link". */
    public static final int EXDEV = 18;
    /** {@code ENOTDIR} (20): "Not a directory". */
    public static final int ENOTDIR = 20;
    /** {@code ENFILE} (23): "Too many open files in system". */
    public static final int ENFILE = 23;
    /** {@code EMFILE} (24): "Too many open files". */
    public static final int EMFILE = 24;
    /** {@code ETXTBSY} (26): "Text file busy". */
    public static final int ETXTBSY = 26;
    /** {@code ESPIPE} (29): "Illegal seek". */
    public static final int ESPIPE = 29;
    /** {@code EPIPE} (32): "Broken pipe". */
    public static final int EPIPE = 32;
    /** {@code ERANGE} (34): "Numerical result out of range". */
    public static final int ERANGE = 34;
    /** {@code EDEADLK} (35): "Resource deadlock avoided". */
    public static final int EDEADLK = 35;
    /** {@code ENAMETOOLONG} (36): "File name too long". */
    public static final int ENAMETOOLONG = 36;
    /** {@code ENOLCK} (37): "No locks available". */
    public static final int ENOLCK = 37;
    /** {@code ENOTEMPTY} (39): "Directory not empty". */
    public static final int ENOTEMPTY = 39;
    /** {@code ELOOP} (40): "Too many levels of symbolic links". */
    public static final int ELOOP = 40;
    /** {@code ENODATA} (61): "No data available". */
    public static final int ENODATA = 61;
    /** {@code ETIME} (62): "Timer expired". */
    public static final int ETIME = 62;
    /** {@code EOVERFLOW} (75): "Value too large for defined data type". */
    public static final int EOVERFLOW = 75;
    /** {@code EBADFD} (77): "File descriptor in bad state". */
    public static final int EBADFD = 77;
    /** {@code ETIMEDOUT} (110): "Connection timed out". */
    public static final int ETIMEDOUT = 110;
    /** {@code EALREADY} (114): "Operation already in progress". */
    public static final int EALREADY = 114;
    /** {@code EINPROGRESS} (115): "Operation now in progress". */
    public static final int EINPROGRESS = 115;
    /** {@code ESTALE} (116): "Stale file handle". */
    public static final int ESTALE = 116;
    /** {@code EREMOTEIO} (121): "Remote I/O error". */
    public static final int EREMOTEIO = 121;
    /** {@code ENOMEDIUM} (123): "No medium found". */
    public static final int ENOMEDIUM = 123;
    /** {@code EMEDIUMTYPE} (124): "Wrong medium type". */
    public static final int EMEDIUMTYPE = 124;
    /** {@code ECANCELED} (125): "Operation canceled". */
    public static final int ECANCELED = 125;

    private static final Map<Integer, String> NAMES = names();

    /**
     * Each constant's value to its field name, read from the constants above so a new constant
     * cannot be left without a name. The Linux aliases are skipped: their values are named by
     * the primary constant (EOPNOTSUPP, EAGAIN), as glibc's own tables do.
     */
    private static Map<Integer, String> names() {
        Set<String> aliases = Set.of("ENOTSUP", "EWOULDBLOCK");
        Map<Integer, String> m = new HashMap<>();
        for (Field f : Errno.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == int.class
                    && !aliases.contains(f.getName())) {
                try {
                    m.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError("a public field of this class", e);
                }
            }
        }
        return Map.copyOf(m);
    }

    /**
     * Symbolic name, e.g. {@code "EINVAL"}; {@code "errno 1234"} for numbers this class does not know.
     *
     * @param errno an error number
     * @return its symbolic name, e.g. {@code "EINVAL"}
     */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /**
     * The C library's description of {@code errno}, e.g. {@code "Invalid argument"}.
     * Uses glibc's GNU {@code strerror_r} (see jextract/PATCHES.md): it returns a pointer that
     * is either our buffer or a static string, and never fails.
     *
     * @param errno an error number
     * @return the C library's text for it
     */
    public static String strerror(int errno) {
        // The thread's struct scratch: callers that throw are done with their struct results.
        MemorySegment buf = ThreadScratch.get().struct;
        MemorySegment text = Libc.strerror_r(errno, buf, buf.byteSize());
        if (text.equals(MemorySegment.NULL)) {
            return "Unknown error " + errno;
        }
        long inBuf = text.address() - buf.address();
        if (inBuf >= 0 && inBuf < buf.byteSize()) {
            return buf.getString(inBuf);
        }
        // a static string of the C library: NUL-terminated, read up to its NUL
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
