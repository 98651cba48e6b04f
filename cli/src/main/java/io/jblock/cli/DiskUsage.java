package io.jblock.cli;

import java.lang.reflect.Method;
import java.util.OptionalLong;

/**
 * Bytes a file occupies on disk (st_blocks * 512: qemu-img's "disk size" / {@code actual-size}),
 * read with fstat through the FFM bindings.
 */
public final class DiskUsage {
    private DiskUsage() {
    }

    /** The allocated bytes of {@code filename}, or empty when they cannot be learned. */
    public static OptionalLong allocatedBytes(String filename) {
        try {
            Class<?> posix = Class.forName("io.jblock.ffm.PosixIO");
            Class<?> libc = Class.forName("io.jblock.ffm.linux.Libc");
            int rdonly = ((Number) libc.getMethod("O_RDONLY").invoke(null)).intValue();
            Method open = posix.getMethod("openFd", String.class, int.class, int.class);
            Method fstat = posix.getMethod("fstatFd", int.class, String.class);
            Method close = posix.getMethod("closeFd", int.class, String.class);
            int fd = (int) open.invoke(null, filename, rdonly, 0);
            try {
                Object stat = fstat.invoke(null, fd, filename);
                long blocks = ((Number) stat.getClass().getMethod("blocks").invoke(stat)).longValue();
                return OptionalLong.of(blocks * 512);
            } finally {
                close.invoke(null, fd, filename);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
