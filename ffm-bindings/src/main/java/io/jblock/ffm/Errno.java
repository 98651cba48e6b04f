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
 * errno values, and a test checks each against {@link Libc}'s table, which the ABI test checks
 * against the C headers.
 * Thread-safe; {@link #strerror(int)} uses the thread-safe {@code strerror_r}.
 */
public final class Errno {

    private Errno() {
    }

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    public static final int EIO = 5;
    public static final int ENOSPC = 28;
    public static final int EOPNOTSUPP = 95;
    public static final int EBADF = 9;
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int EACCES = 13;
    public static final int EROFS = 30;
    public static final int EPERM = 1;
    public static final int ENOSYS = 38;
    public static final int ENOTTY = 25;
    public static final int ENXIO = 6;
    public static final int ENODEV = 19;
    public static final int EFBIG = 27;
    public static final int EDQUOT = 122;
    public static final int EBUSY = 16;
    public static final int EISDIR = 21;
    /** Same value as {@link #EOPNOTSUPP} on Linux. */
    public static final int ENOTSUP = EOPNOTSUPP;
    /** Same value as {@link #EAGAIN} on Linux. */
    public static final int EWOULDBLOCK = EAGAIN;

    public static final int ESRCH = 3;
    public static final int E2BIG = 7;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int ENOTBLK = 15;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ETXTBSY = 26;
    public static final int ESPIPE = 29;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int EDEADLK = 35;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOLCK = 37;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int ETIME = 62;
    public static final int EOVERFLOW = 75;
    public static final int EBADFD = 77;
    public static final int ETIMEDOUT = 110;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;
    public static final int ESTALE = 116;
    public static final int EREMOTEIO = 121;
    public static final int ENOMEDIUM = 123;
    public static final int EMEDIUMTYPE = 124;
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

    /** Symbolic name, e.g. {@code "EINVAL"}; {@code "errno 1234"} for numbers this class does not know. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /**
     * The C library's description of {@code errno}, e.g. {@code "Invalid argument"}.
     * Uses glibc's GNU {@code strerror_r} (see jextract/PATCHES.md): it returns a pointer that
     * is either our buffer or a static string, and never fails.
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
