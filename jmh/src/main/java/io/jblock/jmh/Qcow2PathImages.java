package io.jblock.jmh;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The qcow2 images of {@link Qcow2PathBenchmark} and {@link Qcow2AllocationCheck}, made with
 * qemu-img in the benchmark directory when missing: {@code allocated} (256 MiB, every cluster
 * allocated: {@link Qcow2Images}), {@code hole} (256 MiB, nothing allocated: reads of holes),
 * {@code compressed} (64 MiB of compressible data converted with {@code -c}: every cluster
 * compressed). {@link #fresh} makes an empty image for allocating writes on every call.
 */
final class Qcow2PathImages {
    static final long HOLE_SIZE = 256L << 20;
    static final long COMPRESSED_SIZE = 64L << 20;

    private Qcow2PathImages() {
    }

    /** The image of {@code kind}: allocated, hole or compressed. */
    static Path image(String kind) throws IOException {
        return switch (kind) {
            case "allocated" -> Qcow2Images.prepare().qcow2;
            case "hole" -> hole();
            case "compressed" -> compressed();
            default -> throw new IllegalArgumentException("kind must be allocated, hole or compressed: " + kind);
        };
    }

    static long size(String kind) {
        return kind.equals("compressed") ? COMPRESSED_SIZE : kind.equals("hole") ? HOLE_SIZE : Qcow2Images.SIZE;
    }

    private static Path hole() throws IOException {
        Path p = BenchFile.dir().resolve("jblock-bench-hole-256m.qcow2");
        if (!Files.isRegularFile(p)) {
            run("qemu-img", "create", "-q", "-f", "qcow2", p.toString(), String.valueOf(HOLE_SIZE));
        }
        return p;
    }

    private static Path compressed() throws IOException {
        Path p = BenchFile.dir().resolve("jblock-bench-compressed-64m.qcow2");
        if (Files.isRegularFile(p)) {
            return p;
        }
        // text-like data: compresses to about a third, so every cluster is stored compressed
        Path raw = BenchFile.dir().resolve("jblock-bench-compressible-64m.raw");
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            long seed = 12345;
            for (long pos = 0; pos < COMPRESSED_SIZE; pos += b.capacity()) {
                b.clear();
                while (b.hasRemaining()) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    b.put((byte) ('a' + (int) ((seed >>> 60) & 7)));
                }
                b.flip();
                ch.write(b, pos);
            }
        }
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        run("qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", raw.toString(), tmp.toString());
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(raw);
        return p;
    }

    /** A new empty image of {@code size} bytes with {@code cluster} byte clusters (replacing an old one). */
    static Path fresh(String name, long size, int cluster) throws IOException {
        Path p = BenchFile.dir().resolve(name);
        Files.deleteIfExists(p);
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + cluster, p.toString(),
                String.valueOf(size));
        return p;
    }

    static BlockNode open(Path image, String cache, String extra) throws IOException {
        return BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + image + ",cache=" + cache + extra,
                OpenOptions.DEFAULT);
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroy();
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command[0], e);
        }
    }
}
