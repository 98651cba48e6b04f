package io.jblock.storage.ramfile;

import io.jblock.ffm.PageCacheResidency;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The page cache footprint of a RAM file's pages regions, to show what direct-io saves: a save
 * with direct-io leaves about none of the pages region cached. Measured with cachestat
 * ({@link PageCacheResidency#CACHESTAT}, Linux 6.5+); where the kernel lacks it the calls throw
 * its {@code NativeIOException} (ENOSYS).
 */
public final class PagesRegionCache {
    private PagesRegionCache() {
    }

    /**
     * {@return bytes of the pages regions of all blocks in {@code summary} that are in the page cache}
     *
     * @param summary a checked RAM file
     * @throws IOException when the file cannot be measured
     */
    public static long residentBytes(RamFileSummary summary) throws IOException {
        String path = summary.file();
        int fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
        try {
            long total = 0;
            for (RamFileSummary.Block b : summary.blocks()) {
                BlockLayout l = b.layout();
                total += PageCacheResidency.CACHESTAT.residentBytes(fd, l.pagesOffset(),
                        l.pagesEnd() - l.pagesOffset(), path);
            }
            return total;
        } finally {
            PosixIO.closeFd(fd, path);
        }
    }

    /**
     * Writes back and drops {@code file}'s cached pages (fdatasync, then
     * {@code posix_fadvise(DONTNEED)}), so a following read comes from the disk.
     *
     * @param file the RAM file
     * @throws IOException when the cache cannot be dropped
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
