package io.jblock.qcow2.handoff;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PageCacheResidency;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

/**
 * Bytes of a file resident in the host page cache, measured from outside the block graph on a
 * descriptor of its own with {@link PageCacheResidency#best()}. For mincore (where cachestat is
 * missing) the descriptor is writable: mincore reports file pages only to callers that could
 * write the file.
 */
final class PageCacheProbe {
    private PageCacheProbe() {
    }

    /** Resident bytes of {@code path}, page granular, and which method measured them. */
    static String residentBytes(String path) throws NativeIOException {
        PageCacheResidency measure = PageCacheResidency.best();
        int flags = measure == PageCacheResidency.CACHESTAT ? Libc.O_RDONLY() : Libc.O_RDWR();
        int fd = PosixIO.openFd(path, flags, 0);
        try {
            long size = PosixIO.fstatFd(fd, path).size();
            return measure.residentBytes(fd, 0, size, path) + " " + measure;
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }
}
