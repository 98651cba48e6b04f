package io.jblock.qcow2.handoff;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bytes of a file resident in the host page cache, measured from outside the block graph on a
 * descriptor of its own: cachestat(2) where the kernel has it, else mincore over a PROT_NONE
 * mapping (which needs a writable descriptor for the kernel to report file pages). Either way
 * the measurement reads no data, so it does not change what it measures.
 */
final class PageCacheProbe {
    private PageCacheProbe() {
    }

    /** Resident bytes of {@code path}, page granular, and which method measured them. */
    static String residentBytes(String path) throws NativeIOException {
        if (PosixIO.cachestatSupported()) {
            int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
            try {
                long size = PosixIO.fstatFd(fd, path).size();
                long pages = size == 0 ? 0 : PosixIO.cachestatFd(fd, 0, size, path).cache();
                return pages * PosixIO.pageSize() + " cachestat";
            } finally {
                PosixIO.closeFd(fd, path);
            }
        }
        int fd = PosixIO.openFd(path, Libc.O_RDWR(), 0);
        try (Arena arena = Arena.ofConfined()) {
            long size = PosixIO.fstatFd(fd, path).size();
            long page = PosixIO.pageSize();
            long pages = (size + page - 1) / page;
            if (pages == 0) {
                return "0 mincore";
            }
            // test images are a few MiB on disk: one mapping of the whole file is fine here
            MemorySegment vec = arena.allocate(pages);
            MemorySegment map = PosixIO.mmapFd(fd, 0, size, Libc.PROT_NONE(), Libc.MAP_PRIVATE(), path);
            try {
                PosixIO.mincore(map, vec);
            } finally {
                PosixIO.munmap(map);
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident * page + " mincore";
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }
}
