package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;

/**
 * What {@code statx(2)} reported about an open file, including the direct-I/O alignment
 * ({@code STATX_DIOALIGN}, Linux 6.1+).
 *
 * @param mask           the STATX_ bits the kernel filled in
 * @param size           file size in bytes
 * @param blocks         allocated space in 512-byte units
 * @param blockSize      preferred I/O size
 * @param mode           file type and permission bits
 * @param dioMemAlign    required alignment of O_DIRECT buffers in memory; 0 if unknown or unsupported
 * @param dioOffsetAlign required alignment of O_DIRECT file offsets and lengths; 0 if unknown or unsupported
 */
public record StatxInfo(int mask, long size, long blocks, int blockSize, int mode, int dioMemAlign, int dioOffsetAlign) {

    /**
     * {@return true when the kernel reported direct-I/O alignment} Even then both alignments are 0
     * when the file does not support O_DIRECT.
     */
    public boolean hasDioAlign() {
        return (mask & Libc.STATX_DIOALIGN()) != 0;
    }
}
