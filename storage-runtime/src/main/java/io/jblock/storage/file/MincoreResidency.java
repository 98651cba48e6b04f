package io.jblock.storage.file;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Page cache residency by mincore(2) over PROT_NONE private mappings of the file, one window
 * at a time, as QEMU's check_cache_dropped does. A PROT_NONE mapping is never faulted in, so
 * measuring does not change what it measures. The kernel reports file pages only to callers
 * that could write the file (or own it); for others every page looks absent.
 */
final class MincoreResidency implements PageCacheResidency {
    /** Mapping window: bounds the address space used and the residency vector (1 byte a page). */
    static final long WINDOW = 128L << 20;

    @Override
    public long residentBytes(int fd, long length, String path) throws NativeIOException {
        long page = PosixIO.pageSize();
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vec = arena.allocate((WINDOW + page - 1) / page);
            for (long offset = 0; offset < length; offset += WINDOW) {
                long windowLength = Math.min(WINDOW, length - offset);
                long pages = (windowLength + page - 1) / page;
                MemorySegment window = PosixIO.mmapFd(fd, offset, windowLength, Libc.PROT_NONE(),
                        Libc.MAP_PRIVATE(), path);
                try {
                    PosixIO.mincore(window, vec.asSlice(0, pages));
                } finally {
                    PosixIO.munmap(window);
                }
                for (long i = 0; i < pages; i++) {
                    if ((vec.get(ValueLayout.JAVA_BYTE, i) & 1) != 0) {
                        resident += page;
                    }
                }
            }
        }
        return resident;
    }

    @Override
    public String name() {
        return "mincore";
    }
}
