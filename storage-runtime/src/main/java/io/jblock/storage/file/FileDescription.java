package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.storage.BlockIOException;

/**
 * Who a file node is (node name and path), so that every failure it reports names both, as
 * Lucene's resource descriptions do. Immutable.
 */
record FileDescription(String nodeName, String path) {

    /** A failure that is not a system call's (bad state, bad data, refused request). */
    BlockIOException failure(String what, long offset) {
        return new BlockIOException(what, nodeName, path, offset);
    }

    /** A failure with an errno but no exception behind it (for example a lock conflict). */
    BlockIOException failure(String what, long offset, int errno) {
        return new BlockIOException(what, nodeName, path, offset, errno, null);
    }

    /**
     * Turns a failed system call into a BlockIOException that says what the node was doing,
     * the errno's name and text, and keeps the NativeIOException as its cause.
     *
     * @param doing  what the node was doing, e.g. "write of 4096 bytes"
     * @param offset the offset concerned, or -1
     */
    BlockIOException failure(String doing, long offset, NativeIOException e) {
        String what = doing + " failed: " + e.syscall() + ": " + e.errnoName() + " (" + e.strerror() + ")"
                + hint(e.errno());
        return new BlockIOException(what, nodeName, path, offset, e.errno(), e);
    }

    /** A short hint for the errors a person can do something about. */
    private static String hint(int errno) {
        if (errno == Errno.ENOSPC) {
            return "; the host file system is full";
        }
        if (errno == Errno.EDQUOT) {
            return "; the disk quota of the image's owner is exhausted";
        }
        if (errno == Errno.EROFS) {
            return "; the host file system is mounted read-only";
        }
        if (errno == Errno.EIO) {
            return "; the host storage reported an I/O error, data in this range may be lost";
        }
        return "";
    }
}
