package io.jblock.jmh;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A benchmark data file opened read-write (mincore reports file pages only to callers that
 * could write the file) that can be pulled into the page cache by reading it and dropped from it
 * the way the file driver invalidates its cache: fdatasync, then posix_fadvise(DONTNEED) over
 * the whole file. Owns its descriptor and read buffer until {@link #close()}.
 */
final class CachedFile implements AutoCloseable {
    private static final long CHUNK = 1L << 20;

    final Path path;
    final long size;
    final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment chunk = arena.allocate(CHUNK, 4096);

    /** Creates (or reuses) the benchmark data file {@code name} of {@code size} bytes. */
    CachedFile(String name, long size) throws IOException {
        this(BenchFile.prepare(name, size), size);
    }

    /** Opens an existing file of {@code size} bytes. */
    CachedFile(Path path, long size) throws IOException {
        this.path = path;
        this.size = size;
        this.fd = PosixIO.openFd(path.toString(), Libc.O_RDWR(), 0);
    }

    /** Reads the whole file through the page cache, so that all of it is resident. */
    void recache() throws IOException {
        for (long off = 0; off < size; off += CHUNK) {
            PosixIO.preadFd(fd, chunk, off, null);
        }
    }

    /** The file driver's cache drop: fdatasync, then DONTNEED over the whole file. */
    void drop() throws IOException {
        PosixIO.fdatasyncFd(fd, null);
        PosixIO.fadviseFd(fd, 0, 0, Libc.POSIX_FADV_DONTNEED(), null);
    }

    @Override
    public void close() throws IOException {
        arena.close();
        PosixIO.closeFd(fd, path.toString());
    }
}
