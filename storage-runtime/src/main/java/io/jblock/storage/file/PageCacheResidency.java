package io.jblock.storage.file;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;

/**
 * Measures how much of a file sits in the host page cache, to verify that dropping the cache
 * worked (QEMU's check_cache_dropped). Results are in bytes at page granularity: every
 * resident page counts a whole page, including a partial last page.
 */
interface PageCacheResidency {

    /** Bytes of {@code [0, length)} of the file resident in the page cache. */
    long residentBytes(int fd, long length, String path) throws NativeIOException;

    /** Short name for messages: "cachestat" or "mincore". */
    String name();

    /** cachestat(2) where the kernel has it (Linux 6.5+), else mincore over mmap windows. */
    static PageCacheResidency best() {
        return PosixIO.cachestatSupported() ? new CachestatResidency() : new MincoreResidency();
    }
}
