package io.jblock.jmh;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The two page-cache residency checks the file driver chooses between (its
 * {@code MincoreResidency} and {@code CachestatResidency} are package-private, so the benchmark
 * does the same system calls the same way): mincore(2) over PROT_NONE private mappings in
 * 128 MiB windows, and one cachestat(2) call. One instance per thread; {@link #close()} frees
 * the residency vector.
 */
final class PageResidency implements AutoCloseable {
    /** The driver's window: bounds address space and the vector (one byte per page). */
    static final long WINDOW = 128L << 20;

    private final Arena arena = Arena.ofConfined();
    private final long page = PosixIO.pageSize();
    private final MemorySegment vec = arena.allocate(WINDOW / page);

    /** Resident bytes of {@code [0, length)} by mincore over mapping windows. */
    long mincoreBytes(int fd, long length, String path) throws NativeIOException {
        long resident = 0;
        for (long offset = 0; offset < length; offset += WINDOW) {
            long windowLength = Math.min(WINDOW, length - offset);
            long pages = (windowLength + page - 1) / page;
            MemorySegment window = PosixIO.mmapFd(fd, offset, windowLength, Libc.PROT_NONE(), Libc.MAP_PRIVATE(), path);
            try {
                PosixIO.mincore(window, vec.asSlice(0, pages));
            } finally {
                PosixIO.munmap(window);
            }
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
        }
        return resident * page;
    }

    /** Resident bytes of {@code [0, length)} by one cachestat call. */
    long cachestatBytes(int fd, long length, String path) throws NativeIOException {
        return PosixIO.cachestatFd(fd, 0, length, path).cache() * page;
    }

    @Override
    public void close() {
        arena.close();
    }
}
