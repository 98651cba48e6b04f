package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.Preallocation;

/**
 * Changes the size of a regular file with QEMU's preallocation modes (file-posix
 * handle_aiocb_truncate): {@code off} sets the size (growth reads as zeroes, nothing
 * allocated); {@code falloc} reserves the new range with posix_fallocate; {@code full} writes
 * zeroes over it and syncs them. Grown from empty with {@code off} or {@code falloc}, the file's
 * first block is written as QEMU writes it. Shrinking only works with {@code off}; {@code metadata} means
 * nothing to a plain file and is refused.
 */
final class FileResize {
    private FileResize() {
    }

    /**
     * @param fd          descriptor open for writing
     * @param direct      whether {@code fd} has O_DIRECT: full preallocation then writes through a
     *                    buffered descriptor of its own, since the old size need not be aligned
     * @param currentSize the file's size now
     */
    static void resize(int fd, boolean direct, long currentSize, long newSize, Preallocation prealloc,
                       FileDescription description) throws BlockIOException {
        if (newSize < 0) {
            throw description.failure("size " + newSize + " is negative", -1);
        }
        if (prealloc == Preallocation.METADATA) {
            throw description.failure("Unsupported preallocation mode: metadata", newSize, Errno.ENOTSUP);
        }
        if (newSize < currentSize && prealloc != Preallocation.OFF) {
            throw description.failure("Cannot use preallocation for shrinking files (preallocation="
                    + prealloc.qemuName() + ")", newSize, Errno.ENOTSUP);
        }
        String path = description.path();
        try {
            switch (prealloc) {
                case OFF -> {
                    PosixIO.ftruncateFd(fd, newSize, path);
                    if (currentSize == 0 && newSize > 0) {
                        allocateFirstBlock(fd, newSize, path);
                    }
                }
                case FALLOC -> {
                    if (newSize > currentSize) {
                        PosixIO.posixFallocateFd(fd, currentSize, newSize - currentSize, path);
                        if (currentSize == 0) {
                            allocateFirstBlock(fd, newSize, path);
                        }
                    }
                }
                case FULL -> {
                    if (newSize > currentSize) {
                        writeZeroesToEnd(fd, direct, currentSize, newSize, description);
                    }
                }
                default -> throw new AssertionError(prealloc);
            }
        } catch (NativeIOException e) {
            throw description.failure("resize from " + currentSize + " to " + newSize + " bytes (preallocation="
                    + prealloc.qemuName() + ")", currentSize, e);
        }
    }

    /**
     * QEMU's allocate_first_block: a file grown from empty gets its first block written (4096
     * zero bytes, 512 for a file smaller than that), so that alignment probing, which reads
     * there, meets allocated data, and block status (SEEK_DATA) reports that block as data as
     * QEMU's does. An optimization: a failure (an O_DIRECT descriptor refusing 512 bytes) is
     * ignored.
     */
    private static void allocateFirstBlock(int fd, long newSize, String path) {
        long n = newSize < FIRST_BLOCK ? 512 : FIRST_BLOCK;
        try {
            PosixIO.pwriteFd(fd, ZeroBlock.of(n), 0, path);
        } catch (NativeIOException e) {
            // only an optimization, as in QEMU: the file has its size, which is what was asked
        }
    }

    /** QEMU's MAX_BLOCKSIZE, the first block allocate_first_block writes. */
    private static final long FIRST_BLOCK = 4096;

    private static void writeZeroesToEnd(int fd, boolean direct, long from, long to, FileDescription description)
            throws NativeIOException {
        String path = description.path();
        int zeroFd = direct ? PosixIO.openFd(path, Libc.O_WRONLY(), 0) : fd;
        try {
            PosixIO.ftruncateFd(zeroFd, to, path);
            for (long offset = from; offset < to; ) {
                long n = Math.min(ZeroBlock.SIZE, to - offset);
                PosixIO.pwriteFd(zeroFd, ZeroBlock.of(n), offset, path);
                offset += n;
            }
            PosixIO.fdatasyncFd(zeroFd, path);
        } finally {
            if (zeroFd != fd) {
                PosixIO.closeFd(zeroFd, path);
            }
        }
    }
}
