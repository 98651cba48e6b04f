package io.jblock.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark data file: created once, filled with non-zero bytes (so no benchmark reads
 * holes, which the kernel serves without touching the disk), reused while its size is right.
 * Its directory comes from {@code -Djblock.bench.dir} (default {@code target/}); it must be on a
 * file system that supports O_DIRECT.
 */
final class BenchFile {

    private BenchFile() {
    }

    /** The shared data file name for a size: {@code jblock-bench-256m.img}, {@code jblock-bench-1g.img}. */
    static String nameForSize(long size) {
        long mib = size >> 20;
        return mib % 1024 == 0 ? "jblock-bench-" + mib / 1024 + "g.img" : "jblock-bench-" + mib + "m.img";
    }

    /** A file of {@code size} bytes that is one hole (no data blocks). */
    static Path prepareSparse(String name, long size) throws IOException {
        Path dir = Path.of(System.getProperty("jblock.bench.dir", "target"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name).toAbsolutePath();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), size - 1); // extends the file; only the last block is data
        }
        return file;
    }

    /** The benchmark directory ({@code -Djblock.bench.dir}, default {@code target/}), created if missing. */
    static Path dir() throws IOException {
        Path dir = Path.of(System.getProperty("jblock.bench.dir", "target")).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** Whether {@link #prepare} would reuse the file as it is. */
    static boolean isPrepared(String name, long size) throws IOException {
        Path file = dir().resolve(name);
        return Files.isRegularFile(file) && Files.size(file) == size;
    }

    static Path prepare(String name, long size) throws IOException {
        Path dir = dir();
        Path file = dir.resolve(name);
        if (isPrepared(name, size)) {
            return file;
        }
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
            long seed = 0x9E3779B97F4A7C15L;
            for (long pos = 0; pos < size; pos += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    seed ^= seed << 13;
                    seed ^= seed >>> 7;
                    seed ^= seed << 17;
                    chunk.putLong(seed | 0x0101010101010101L);
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    ch.write(chunk, pos + chunk.position());
                }
            }
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
