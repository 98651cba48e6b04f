package io.jblock.jmh;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same 256 MiB of data as a raw file and as a qcow2 image converted from it by
 * {@code qemu-img convert -O qcow2} (the data has no zero blocks, so every cluster is
 * allocated; no read hits a hole, no write allocates). The qcow2 image is made when it or the
 * raw file is missing. Benchmarks write the same bytes at the same offsets to both, so they keep
 * holding the same data (the interleaved comparison does; JMH runs different numbers of writes
 * per trial, so after it a few 4 KiB blocks differ).
 */
final class Qcow2Images {
    static final long SIZE = 256L << 20;
    private static final String RAW_NAME = "jblock-bench-raw-256m.img";

    final Path raw;
    final Path qcow2;
    /** Host offset of guest byte 0 in the qcow2 file, whose data clusters are contiguous. */
    final long qcow2DataOffset;

    private Qcow2Images(Path raw, Path qcow2, long qcow2DataOffset) {
        this.raw = raw;
        this.qcow2 = qcow2;
        this.qcow2DataOffset = qcow2DataOffset;
    }

    static Qcow2Images prepare() throws IOException {
        Path qcow2 = BenchFile.dir().resolve("jblock-bench-256m.qcow2");
        boolean qcow2Current = Files.isRegularFile(qcow2) && BenchFile.isPrepared(RAW_NAME, SIZE);
        Path raw = BenchFile.prepare(RAW_NAME, SIZE);
        if (!qcow2Current) {
            convert(raw, qcow2);
        }
        return new Qcow2Images(raw, qcow2, contiguousDataOffset(qcow2));
    }

    /**
     * Where the guest data starts in the qcow2 file, from {@code qemu-img map}: convert writes
     * the clusters in guest order, so the map is one data extent. Anything else is refused,
     * because the {@code qcow2file} control would then read other bytes than the qcow2 node.
     */
    private static long contiguousDataOffset(Path qcow2) throws IOException {
        String map = run("qemu-img", "map", "-U", "--output=json", "-f", "qcow2", qcow2.toString());
        Matcher m = Pattern.compile(
                "^\\[\\{ \"start\": 0, \"length\": " + SIZE + ", \"depth\": 0, \"present\": true,"
                        + " \"zero\": false, \"data\": true, \"offset\": (\\d+)\\}\\]\\s*$").matcher(map);
        if (!m.matches()) {
            throw new IOException("qcow2 data of " + qcow2 + " is not one contiguous extent; delete it to"
                    + " have it converted again. qemu-img map says: " + map);
        }
        return Long.parseLong(m.group(1));
    }

    private static void convert(Path raw, Path qcow2) throws IOException {
        Path tmp = qcow2.resolveSibling(qcow2.getFileName() + ".tmp");
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), tmp.toString());
        Files.move(tmp, qcow2, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs a command, returns its output; fails with the output when it exits non-zero. */
    private static String run(String... command) throws IOException {
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
        return out;
    }

    /**
     * Drops both files from the page cache and reads them back in the same way, so that
     * cache=writeback compares cache hits with cache hits, and both files' pages come from the
     * same read pattern rather than from whatever wrote them last (the size of the page-cache
     * folios, and so the kernel's cost of a 4 KiB buffered write, depends on that).
     */
    void cacheBoth() throws IOException {
        for (Path p : new Path[] {raw, qcow2}) {
            try (CachedFile f = new CachedFile(p, Files.size(p))) {
                f.drop();
                f.recache();
            }
        }
    }

    /**
     * Opens {@code format} over the file driver with {@code cache=MODE}: {@code raw} (the raw
     * file), {@code qcow2} (the qcow2 image), or {@code qcow2file}: the control, the raw driver
     * over the qcow2 file's data extent ({@code offset=}, {@code size=}), so the same file bytes
     * as the qcow2 node without the cluster mapping. The control takes no image lock
     * ({@code file.locking=off}), so it can be open beside the qcow2 node.
     */
    BlockNode open(String format, String cache) throws IOException {
        String graph = switch (format) {
            case "raw" -> "driver=raw,file.filename=" + raw;
            case "qcow2" -> "driver=qcow2,file.filename=" + qcow2;
            case "qcow2file" -> "driver=raw,offset=" + qcow2DataOffset + ",size=" + SIZE
                    + ",file.locking=off,file.filename=" + qcow2;
            default -> throw new IllegalArgumentException("format must be raw, qcow2 or qcow2file: " + format);
        };
        return BlockGraph.open(graph + ",file.driver=file,cache=" + cache, OpenOptions.DEFAULT);
    }
}
