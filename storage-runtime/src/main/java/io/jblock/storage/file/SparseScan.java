package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockStatus;

/**
 * Block status of a file from lseek(2) SEEK_DATA/SEEK_HOLE, as QEMU's find_allocation: a run
 * that starts in data is data up to the next hole; a run that starts in a hole reads as zeroes
 * up to the next data (or to the end when no data follows). Every byte of a protocol node is
 * "allocated" (it is where the data lives), and its host offset is its own offset; the host
 * node is left null for the generic layer to fill in. Run ends are kept on the request
 * alignment: a hole ending mid-block is cut back to the block, a data run ending mid-block (the
 * unaligned end of file) is rounded up. Where the file system has no SEEK_DATA, everything is
 * data.
 */
final class SparseScan {
    private SparseScan() {
    }

    static BlockStatus status(int fd, long offset, long length, int alignment, FileDescription description)
            throws BlockIOException {
        long end = offset + length;
        long data;
        try {
            data = PosixIO.lseekFd(fd, offset, Libc.SEEK_DATA(), description.path());
        } catch (NativeIOException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.EOPNOTSUPP) {
                return data(offset, length);
            }
            throw description.failure("block status (lseek SEEK_DATA)", offset, e);
        }
        if (data < 0) {
            // ENXIO: no data at or after offset, the rest of the range is a hole
            return zero(offset, length);
        }
        if (data > offset) {
            long zeroEnd = Math.min(data, end);
            if (zeroEnd < end) {
                zeroEnd = offset + alignDown(zeroEnd - offset, alignment);
            }
            if (zeroEnd > offset) {
                return zero(offset, zeroEnd - offset);
            }
            return data(offset, Math.min(alignment, length));
        }
        long hole;
        try {
            hole = PosixIO.lseekFd(fd, offset, Libc.SEEK_HOLE(), description.path());
        } catch (NativeIOException e) {
            throw description.failure("block status (lseek SEEK_HOLE)", offset, e);
        }
        if (hole <= offset) {
            // the data we just saw was punched out meanwhile; data is the safe answer
            return data(offset, Math.min(alignment, length));
        }
        long run = Math.min(hole - offset, length);
        run = Math.min(alignUp(run, alignment), length);
        return data(offset, run);
    }

    private static BlockStatus data(long offset, long length) {
        return new BlockStatus(offset, length, true, false, true, offset, null);
    }

    private static BlockStatus zero(long offset, long length) {
        return new BlockStatus(offset, length, false, true, true, offset, null);
    }

    private static long alignDown(long value, int alignment) {
        return value / alignment * alignment;
    }

    private static long alignUp(long value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
