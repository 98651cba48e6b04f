package io.jblock.jmh;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The same 256 MiB of data as a raw file and as a qcow2 image converted from it by
 * {@code qemu-img convert -O qcow2} (the data has no zero blocks, so every cluster is
 * allocated; no read hits a hole, no write allocates). The qcow2 image is made when it or the
 * raw file is missing. Benchmarks write the same bytes at the same offsets to both, so they keep
 * holding the same data.
 */
final class Qcow2Images {
    static final long SIZE = 256L << 20;
    private static final String RAW_NAME = "jblock-bench-raw-256m.img";

    final Path raw;
    final Path qcow2;

    private Qcow2Images(Path raw, Path qcow2) {
        this.raw = raw;
        this.qcow2 = qcow2;
    }

    static Qcow2Images prepare() throws IOException {
        Path qcow2 = BenchFile.dir().resolve("jblock-bench-256m.qcow2");
        boolean qcow2Current = Files.isRegularFile(qcow2) && BenchFile.isPrepared(RAW_NAME, SIZE);
        Path raw = BenchFile.prepare(RAW_NAME, SIZE);
        if (!qcow2Current) {
            convert(raw, qcow2);
        }
        return new Qcow2Images(raw, qcow2);
    }

    private static void convert(Path raw, Path qcow2) throws IOException {
        Path tmp = qcow2.resolveSibling(qcow2.getFileName() + ".tmp");
        Process p = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("qemu-img convert -O qcow2 " + raw + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for qemu-img convert", e);
        }
        Files.move(tmp, qcow2, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads both files through the page cache, so that cache=writeback compares cache hits
     * with cache hits rather than whichever file happened to be cached.
     */
    void cacheBoth() throws IOException {
        for (Path p : new Path[] {raw, qcow2}) {
            try (CachedFile f = new CachedFile(p, Files.size(p))) {
                f.recache();
            }
        }
    }

    /** Opens {@code format} (raw or qcow2) over the file driver with {@code cache=MODE}. */
    BlockNode open(String format, String cache) throws IOException {
        Path path = switch (format) {
            case "raw" -> raw;
            case "qcow2" -> qcow2;
            default -> throw new IllegalArgumentException("format must be raw or qcow2: " + format);
        };
        return BlockGraph.open("driver=" + format + ",file.driver=file,file.filename=" + path + ",cache=" + cache,
                OpenOptions.DEFAULT);
    }
}
