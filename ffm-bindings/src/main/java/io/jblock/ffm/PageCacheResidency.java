package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * How many bytes of a file range sit in the host page cache, by one of two system calls, chosen
 * explicitly or by {@link #best()}. Used to verify that dropping the cache worked (QEMU's
 * check_cache_dropped) and to show what direct I/O saves.
 *
 * <p>Results are page granular: every resident page that overlaps the range counts a whole page,
 * including a partial last page. Neither measure reads file data, so measuring does not change
 * what it measures. Stateless and thread-safe; every failure is a {@link NativeIOException}.
 */
public enum PageCacheResidency {

    /**
     * mincore(2) over PROT_NONE private mappings of the file, one {@link #MINCORE_WINDOW} at a
     * time, as QEMU's check_cache_dropped does. A PROT_NONE mapping is never faulted in. The
     * kernel reports file pages only to callers that could write the file (or own it); for
     * others every page looks absent.
     */
    MINCORE("mincore") {
        @Override
        long residentPages(int fd, long offset, long length, long page, String path) throws NativeIOException {
            long start = offset & -page; // mmap offsets must be page aligned
            long end = offset + length;
            long resident = 0;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment vec = arena.allocate((Math.min(MINCORE_WINDOW, end - start) + page - 1) / page);
                for (long at = start; at < end; at += MINCORE_WINDOW) {
                    long windowLength = Math.min(MINCORE_WINDOW, end - at);
                    long pages = (windowLength + page - 1) / page;
                    try (Arena mapping = Arena.ofConfined()) { // unmaps the window
                        MemorySegment window = PosixIO.mmapFd(fd, at, windowLength, Libc.PROT_NONE(),
                                Libc.MAP_PRIVATE(), mapping, path);
                        PosixIO.mincore(window, vec.asSlice(0, pages));
                    }
                    for (long i = 0; i < pages; i++) {
                        resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
                    }
                }
            }
            return resident;
        }
    },

    /**
     * cachestat(2) (Linux 6.5+): one system call for any length, no mapping, and no write access
     * needed. Throws {@link NativeIOException} (ENOSYS) where the kernel lacks it.
     */
    CACHESTAT("cachestat") {
        @Override
        long residentPages(int fd, long offset, long length, long page, String path) throws NativeIOException {
            return PosixIO.cachestatFd(fd, offset, length, path).cache();
        }
    };

    /** mincore's mapping window: bounds the address space used and the vector (one byte a page). */
    public static final long MINCORE_WINDOW = 128L << 20;

    private final String systemCall;

    PageCacheResidency(String systemCall) {
        this.systemCall = systemCall;
    }

    /**
     * cachestat where the kernel has it ({@link PosixIO#cachestatSupported()}), else mincore.
     *
     * @return {@link #CACHESTAT} where the kernel has it ({@link PosixIO#cachestatSupported()}), else {@link #MINCORE}
     */
    public static PageCacheResidency best() {
        return PosixIO.cachestatSupported() ? CACHESTAT : MINCORE;
    }

    /**
     * {@return bytes of {@code [offset, offset + length)} of the file open on {@code fd} that are
     * in the page cache; 0 for an empty range} {@code path} is only for messages and may be null.
     *
     * @param fd an open file descriptor
     * @param offset first byte of the range, at least 0
     * @param length bytes in the range
     * @param path the file's name, for messages only; may be null
     * @throws NativeIOException when the system call fails (errno, syscall, path in the message)
     */
    public long residentBytes(int fd, long offset, long length, String path) throws NativeIOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (length <= 0) {
            return 0;
        }
        long page = PosixIO.pageSize();
        return residentPages(fd, offset, length, page, path) * page;
    }

    abstract long residentPages(int fd, long offset, long length, long page, String path) throws NativeIOException;

    /** The system call that measures: "mincore" or "cachestat", for messages. */
    @Override
    public String toString() {
        return systemCall;
    }
}
