package io.jblock.cli;

import io.jblock.ffm.FileStat;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Bytes a file occupies on disk (st_blocks * 512: qemu-img's "disk size" / {@code actual-size}),
 * read with fstat through the FFM bindings.
 */
public final class DiskUsage {
    private DiskUsage() {
    }

    /**
     * {@return the allocated bytes of {@code filename}, or empty when they cannot be learned}
     *
     * @param filename a file
     */
    public static OptionalLong allocatedBytes(String filename) {
        try {
            int fd = PosixIO.openFd(filename, Libc.O_RDONLY(), 0);
            try {
                FileStat st = PosixIO.fstatFd(fd, filename);
                return OptionalLong.of(st.blocks() * 512);
            } finally {
                PosixIO.closeFd(fd, filename);
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
