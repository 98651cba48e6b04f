package io.jblock.storage.ramfile;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The file descriptors of one RAM file: the main channel (never {@code O_DIRECT}; headers and
 * bitmaps) and one descriptor per page channel ({@code O_DIRECT} when direct-io is on), as QEMU
 * opens the migration file once for the main channel and once per multifd channel. Opening them
 * is the parameter check against the file: direct-io on a filesystem that refuses
 * {@code O_DIRECT} fails here with {@link DirectIoUnsupportedException}. Closed once, by the
 * writer or reader that owns it.
 */
final class RamFileDescriptors implements AutoCloseable {
    /** Used when statx does not report direct-I/O alignment; our smallest page size. */
    private static final int FALLBACK_DIO_ALIGNMENT = 4096;

    final String path;
    final int mainFd;
    final int[] channelFds;
    /** Alignment of file offsets and lengths for O_DIRECT (1 when direct-io is off). */
    final int dioOffsetAlignment;
    /** Alignment of buffer addresses for O_DIRECT (1 when direct-io is off). */
    final int dioMemoryAlignment;

    private RamFileDescriptors(String path, int mainFd, int[] channelFds, int dioOffsetAlignment,
                               int dioMemoryAlignment) {
        this.path = path;
        this.mainFd = mainFd;
        this.channelFds = channelFds;
        this.dioOffsetAlignment = dioOffsetAlignment;
        this.dioMemoryAlignment = dioMemoryAlignment;
    }

    static RamFileDescriptors openForWrite(Path file, RamFileParameters params) throws IOException {
        boolean existed = Files.exists(file);
        try {
            return open(file, params, Libc.O_WRONLY() | Libc.O_CREAT(), Libc.O_RDWR() | Libc.O_CREAT());
        } catch (DirectIoUnsupportedException e) {
            if (!existed) {
                Files.deleteIfExists(file);   // the probe created it; leave no trace of a refused save
            }
            throw e;
        }
    }

    static RamFileDescriptors openForRead(Path file, RamFileParameters params) throws IOException {
        return open(file, params, Libc.O_RDONLY(), Libc.O_RDONLY());
    }

    private static RamFileDescriptors open(Path file, RamFileParameters params, int channelFlags, int mainFlags)
            throws IOException {
        String path = file.toString();
        int[] channels = new int[params.channels()];
        Arrays.fill(channels, -1);
        int main = -1;
        boolean success = false;
        try {
            int flags = channelFlags | (params.directIo() ? Libc.O_DIRECT() : 0);
            for (int i = 0; i < channels.length; i++) {
                try {
                    channels[i] = PosixIO.openFd(path, flags, 0600);
                } catch (NativeIOException e) {
                    if (params.directIo() && e.errno() == Errno.EINVAL) {
                        throw new DirectIoUnsupportedException("direct-io is on but the filesystem does not "
                                + "support O_DIRECT (" + e.getMessage() + ")", path, e);
                    }
                    throw e;
                }
            }
            main = PosixIO.openFd(path, mainFlags, 0600);
            // The main channel reads only small headers and bitmaps; readahead on it would pull
            // the start of a pages region into the page cache and undo part of direct-io.
            PosixIO.fadviseFd(main, 0, 0, Libc.POSIX_FADV_RANDOM(), path);
            int offsetAlign = 1;
            int memAlign = 1;
            if (params.directIo()) {
                offsetAlign = FALLBACK_DIO_ALIGNMENT;
                memAlign = FALLBACK_DIO_ALIGNMENT;
                var stx = PosixIO.statxFd(channels[0], path);
                if (stx.hasDioAlign() && stx.dioOffsetAlign() > 0) {
                    offsetAlign = stx.dioOffsetAlign();
                    memAlign = Math.max(stx.dioMemAlign(), 1);
                }
                if (params.pageSize() % offsetAlign != 0) {
                    throw new DirectIoUnsupportedException("direct-io needs the page size (" + params.pageSize()
                            + ") to be a multiple of the file's O_DIRECT offset alignment (" + offsetAlign + ")",
                            path, null);
                }
            }
            RamFileDescriptors fds = new RamFileDescriptors(path, main, channels, offsetAlign, memAlign);
            success = true;
            return fds;
        } finally {
            if (!success) {
                closeAll(path, main, channels);
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = closeAll(path, mainFd, channelFds);
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeAll(String path, int main, int[] channels) {
        IOException failure = null;
        for (int fd : channels) {
            failure = closeOne(fd, path, failure);
        }
        return closeOne(main, path, failure);
    }

    private static IOException closeOne(int fd, String path, IOException failure) {
        if (fd < 0) {
            return failure;
        }
        try {
            PosixIO.closeFd(fd, path);
        } catch (IOException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}
