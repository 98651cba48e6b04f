package io.jblock.storage.file;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;

/**
 * Page cache residency by cachestat(2) (Linux 6.5+): one system call for any length, no
 * mapping, and it also counts pages under writeback. Needs no write access to the file,
 * unlike mincore on file mappings.
 */
final class CachestatResidency implements PageCacheResidency {

    @Override
    public long residentBytes(int fd, long length, String path) throws NativeIOException {
        if (length <= 0) {
            return 0;
        }
        return PosixIO.cachestatFd(fd, 0, length, path).cache() * PosixIO.pageSize();
    }

    @Override
    public String name() {
        return "cachestat";
    }
}
