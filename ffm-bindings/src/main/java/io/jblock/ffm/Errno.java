package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * Linux error numbers (values from {@link Libc}'s per-architecture table, checked against the C
 * headers by the ABI test), their symbolic names and the C library's text for them.
 * Thread-safe; {@link #strerror(int)} uses the thread-safe {@code strerror_r}.
 */
public final class Errno {

    private Errno() {
    }

    public static final int EINTR = Libc.EINTR();
    public static final int EAGAIN = Libc.EAGAIN();
    public static final int EINVAL = Libc.EINVAL();
    public static final int EIO = Libc.EIO();
    public static final int ENOSPC = Libc.ENOSPC();
    public static final int EOPNOTSUPP = Libc.EOPNOTSUPP();
    public static final int EBADF = Libc.EBADF();
    public static final int ENOENT = Libc.ENOENT();
    public static final int EEXIST = Libc.EEXIST();
    public static final int EACCES = Libc.EACCES();
    public static final int EROFS = Libc.EROFS();
    public static final int EPERM = Libc.EPERM();
    public static final int ENOSYS = Libc.ENOSYS();
    public static final int ENOTTY = Libc.ENOTTY();
    public static final int ENXIO = Libc.ENXIO();
    public static final int ENODEV = Libc.ENODEV();
    public static final int EFBIG = Libc.EFBIG();
    public static final int EDQUOT = Libc.EDQUOT();
    public static final int EBUSY = Libc.EBUSY();
    public static final int EISDIR = Libc.EISDIR();
    /** Same value as {@link #EOPNOTSUPP} on Linux. */
    public static final int ENOTSUP = EOPNOTSUPP;
    /** Same value as {@link #EAGAIN} on Linux. */
    public static final int EWOULDBLOCK = EAGAIN;

    public static final int ESRCH = Libc.ESRCH();
    public static final int E2BIG = Libc.E2BIG();
    public static final int ENOMEM = Libc.ENOMEM();
    public static final int EFAULT = Libc.EFAULT();
    public static final int ENOTBLK = Libc.ENOTBLK();
    public static final int EXDEV = Libc.EXDEV();
    public static final int ENOTDIR = Libc.ENOTDIR();
    public static final int ENFILE = Libc.ENFILE();
    public static final int EMFILE = Libc.EMFILE();
    public static final int ETXTBSY = Libc.ETXTBSY();
    public static final int ESPIPE = Libc.ESPIPE();
    public static final int EPIPE = Libc.EPIPE();
    public static final int ERANGE = Libc.ERANGE();
    public static final int EDEADLK = Libc.EDEADLK();
    public static final int ENAMETOOLONG = Libc.ENAMETOOLONG();
    public static final int ENOLCK = Libc.ENOLCK();
    public static final int ENOTEMPTY = Libc.ENOTEMPTY();
    public static final int ELOOP = Libc.ELOOP();
    public static final int ENODATA = Libc.ENODATA();
    public static final int ETIME = Libc.ETIME();
    public static final int EOVERFLOW = Libc.EOVERFLOW();
    public static final int EBADFD = Libc.EBADFD();
    public static final int ETIMEDOUT = Libc.ETIMEDOUT();
    public static final int EALREADY = Libc.EALREADY();
    public static final int EINPROGRESS = Libc.EINPROGRESS();
    public static final int ESTALE = Libc.ESTALE();
    public static final int EREMOTEIO = Libc.EREMOTEIO();
    public static final int ENOMEDIUM = Libc.ENOMEDIUM();
    public static final int EMEDIUMTYPE = Libc.EMEDIUMTYPE();
    public static final int ECANCELED = Libc.ECANCELED();

    private static final Map<Integer, String> NAMES = names();

    private static Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        m.put(EPERM, "EPERM");
        m.put(ENOENT, "ENOENT");
        m.put(ESRCH, "ESRCH");
        m.put(EINTR, "EINTR");
        m.put(EIO, "EIO");
        m.put(ENXIO, "ENXIO");
        m.put(E2BIG, "E2BIG");
        m.put(EBADF, "EBADF");
        m.put(EAGAIN, "EAGAIN");
        m.put(ENOMEM, "ENOMEM");
        m.put(EACCES, "EACCES");
        m.put(EFAULT, "EFAULT");
        m.put(ENOTBLK, "ENOTBLK");
        m.put(EBUSY, "EBUSY");
        m.put(EEXIST, "EEXIST");
        m.put(EXDEV, "EXDEV");
        m.put(ENODEV, "ENODEV");
        m.put(ENOTDIR, "ENOTDIR");
        m.put(EISDIR, "EISDIR");
        m.put(EINVAL, "EINVAL");
        m.put(ENFILE, "ENFILE");
        m.put(EMFILE, "EMFILE");
        m.put(ENOTTY, "ENOTTY");
        m.put(ETXTBSY, "ETXTBSY");
        m.put(EFBIG, "EFBIG");
        m.put(ENOSPC, "ENOSPC");
        m.put(ESPIPE, "ESPIPE");
        m.put(EROFS, "EROFS");
        m.put(EPIPE, "EPIPE");
        m.put(ERANGE, "ERANGE");
        m.put(EDEADLK, "EDEADLK");
        m.put(ENAMETOOLONG, "ENAMETOOLONG");
        m.put(ENOLCK, "ENOLCK");
        m.put(ENOSYS, "ENOSYS");
        m.put(ENOTEMPTY, "ENOTEMPTY");
        m.put(ELOOP, "ELOOP");
        m.put(ENODATA, "ENODATA");
        m.put(ETIME, "ETIME");
        m.put(EOVERFLOW, "EOVERFLOW");
        m.put(EBADFD, "EBADFD");
        m.put(EOPNOTSUPP, "EOPNOTSUPP");
        m.put(ETIMEDOUT, "ETIMEDOUT");
        m.put(EALREADY, "EALREADY");
        m.put(EINPROGRESS, "EINPROGRESS");
        m.put(ESTALE, "ESTALE");
        m.put(EREMOTEIO, "EREMOTEIO");
        m.put(EDQUOT, "EDQUOT");
        m.put(ENOMEDIUM, "ENOMEDIUM");
        m.put(EMEDIUMTYPE, "EMEDIUMTYPE");
        m.put(ECANCELED, "ECANCELED");
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
        return text.getString(0);
    }
}
