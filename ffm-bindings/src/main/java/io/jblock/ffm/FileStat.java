package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;

/**
 * What {@code fstat(2)} reported about an open file.
 *
 * @param size      file size in bytes (0 for block devices: use {@link PosixIO#ioctlBlkGetSize64})
 * @param blocks    allocated space in 512-byte units
 * @param blockSize preferred I/O size ({@code st_blksize})
 * @param mode      file type and permission bits ({@code st_mode})
 * @param dev       device holding the file
 * @param ino       inode number
 * @param rdev      device number, for device files
 */
public record FileStat(long size, long blocks, int blockSize, int mode, long dev, long ino, long rdev) {

    /** {@return true for a regular file} */
    public boolean isRegularFile() {
        return (mode & Libc.S_IFMT()) == Libc.S_IFREG();
    }

    /** {@return true for a block device} */
    public boolean isBlockDevice() {
        return (mode & Libc.S_IFMT()) == Libc.S_IFBLK();
    }
}
