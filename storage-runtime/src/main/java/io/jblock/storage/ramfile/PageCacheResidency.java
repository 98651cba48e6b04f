package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How much of a file range sits in the page cache, measured with the {@code cachestat} system
 * call (Linux 6.5+). Used to show what direct-io saves: a save with direct-io leaves about none
 * of the pages region cached. Where the kernel lacks cachestat the calls throw the
 * {@code NativeIOException} (ENOSYS) from {@link PosixIO#cachestatFd}; there is no mincore
 * fallback here.
 */
public final class PageCacheResidency {
    private PageCacheResidency() {
    }

    /** Bytes of {@code [offset, offset + length)} of {@code file} that are in the page cache. */
    public static long residentBytes(Path file, long offset, long length) throws IOException {
        String path = file.toString();
        int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
        try {
            return PosixIO.cachestatFd(fd, offset, length, path).cache() * PosixIO.pageSize();
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }

    /** Bytes of the pages regions of all blocks in {@code summary} that are in the page cache. */
    public static long pagesRegionResidentBytes(RamFileSummary summary) throws IOException {
        long total = 0;
        for (RamFileSummary.Block b : summary.blocks()) {
            BlockLayout l = b.layout();
            if (l.pagesEnd() > l.pagesOffset()) {
                total += residentBytes(Path.of(summary.file()), l.pagesOffset(), l.pagesEnd() - l.pagesOffset());
            }
        }
        return total;
    }

    /**
     * Writes back and drops {@code file}'s cached pages (fdatasync, then
     * {@code posix_fadvise(DONTNEED)}), so a following read comes from the disk.
     */
    public static void drop(Path file) throws IOException {
        String path = file.toString();
        int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
        try {
            PosixIO.fdatasyncFd(fd, path);
            PosixIO.fadviseFd(fd, 0, 0, Libc.POSIX_FADV_DONTNEED(), path);
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }
}
