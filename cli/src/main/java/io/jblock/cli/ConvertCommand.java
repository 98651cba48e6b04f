package io.jblock.cli;

import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock convert}: qemu-img convert. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copies the guest-visible contents of SRC into a new image DST of format -O. "
                + "The output is sparse: runs that read as zeroes are not written. -c writes compressed "
                + "clusters (qcow2). -n writes into an existing DST instead of creating it.",
            "Example: jblock convert -f raw -O qcow2 -c disk.raw disk.qcow2"})
public final class ConvertCommand extends JblockSubcommand {
    private static final int CHUNK = 2 << 20;
    private static final int ZERO_GRANULE = 64 << 10;

    @Option(names = "-f", paramLabel = "FMT", description = "Source format; probed if absent.")
    String format;

    @Option(names = "-O", paramLabel = "FMT", defaultValue = "raw", description = "Output format (default raw).")
    String outFormat;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Output format options; may be repeated.")
    List<String> options = new ArrayList<>();

    @Option(names = "-t", paramLabel = "CACHE", defaultValue = "writeback",
            description = "Cache mode of the output (default writeback; the copy is flushed at the end).")
    String cache;

    @Option(names = "-T", paramLabel = "SRC_CACHE", defaultValue = "writeback",
            description = "Cache mode of the source (default writeback).")
    String srcCache;

    @Option(names = "-c", description = "Write compressed clusters (qcow2 output only).")
    boolean compress;

    @Option(names = "-p", description = "Show progress on a terminal.")
    boolean progress;

    @Option(names = "-n", description = "Do not create DST; it must exist and be large enough.")
    boolean noCreate;

    @Option(names = "--image-opts", description = "SRC is an option string.")
    boolean imageOpts;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Mixin
    ForceShareOption share;

    @Parameters(index = "0", paramLabel = "SRC")
    String src;

    @Parameters(index = "1", paramLabel = "DST")
    String dst;

    @Override
    public Integer call() throws IOException {
        CacheMode dstMode = CacheMode.parse(cache);
        CacheMode srcMode = CacheMode.parse(srcCache);
        ImageRef from = share.apply(new ImageRef(src, format, imageOpts), true);
        try (BlockNode in = from.openConvertSource(srcMode)) {
            long size = in.size();
            if (!noCreate) {
                try {
                    ImageGraph.create(outFormat, dst, size, String.join(",", options));
                } catch (IOException | IllegalArgumentException e) {
                    throw new CommandFailure(dst + ": " + Main.oneLine(e), 1, e);
                }
            }
            try (BlockNode out = ImageRef.of(dst, outFormat).open(false, false, dstMode)) {
                if (out.size() < size) {
                    throw new CommandFailure("'" + dst + "' is smaller than the source: " + out.size() + " < " + size, 1);
                }
                copy(in, out, size);
                out.flush();
            }
        }
        return 0;
    }

    private void copy(BlockNode in, BlockNode out, long size) throws IOException {
        long cluster = compress ? clusterSize(out) : ZERO_GRANULE;
        if (compress && CHUNK % cluster != 0) {
            throw new CommandFailure("cluster size " + cluster + " does not divide the copy chunk", 1);
        }
        ProgressBar bar = new ProgressBar(progress && !quiet, terminal(), size);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(CHUNK, 4096);
            long off = 0;
            while (off < size) {
                BlockStatus s = in.blockStatus(off, Math.min(CHUNK, size - off));
                long len = s.length();
                if (compress) {
                    // compressed clusters are written whole: copy cluster-aligned chunks, and skip
                    // one only when all of it reads as zeroes
                    long whole = Math.min(CHUNK, size - off);
                    if (!(s.zero() && len == whole)) {
                        s = new BlockStatus(off, whole, true, false, true, -1, null);
                    }
                    len = whole;
                }
                if (s.zero()) {
                    if (noCreate) {
                        out.writeZeroes(off, len, io.jblock.storage.RequestFlags.MAY_UNMAP);
                    }
                } else {
                    MemorySegment chunk = buf.asSlice(0, len);
                    in.read(off, chunk);
                    writeSparse(out, off, chunk, cluster);
                }
                off += len;
                bar.update(off);
            }
        }
        bar.finish();
    }

    /** Writes the granules of {@code chunk} that hold data; zero granules are skipped or zeroed. */
    private void writeSparse(BlockNode out, long off, MemorySegment chunk, long granule) throws IOException {
        long n = chunk.byteSize();
        // Granules are aligned to the virtual disk, so compressed writes get whole clusters.
        long pos = 0;
        long runStart = -1; // start of the data granules not written yet: one write for all of them
        while (pos < n) {
            long boundary = ((off + pos) / granule + 1) * granule;
            long len = Math.min(n - pos, boundary - (off + pos));
            MemorySegment piece = chunk.asSlice(pos, len);
            if (IoSession.filledWith(piece, (byte) 0)) {
                if (runStart >= 0) {
                    out.write(off + runStart, chunk.asSlice(runStart, pos - runStart));
                    runStart = -1;
                }
                if (noCreate) {
                    out.writeZeroes(off + pos, len, io.jblock.storage.RequestFlags.MAY_UNMAP);
                }
            } else if (compress) {
                writeCompressed(out, off + pos, piece);
            } else if (runStart < 0) {
                runStart = pos;
            }
            pos += len;
        }
        if (runStart >= 0) {
            out.write(off + runStart, chunk.asSlice(runStart, n - runStart));
        }
    }

    /**
     * Writes through qcow2's compressed-write feature, which bypasses the node's generic layer:
     * convert keeps its rules by writing each whole cluster (granules are cluster aligned) once,
     * one request at a time; an already allocated cluster of an existing ({@code -n}) target is
     * refused by the driver.
     */
    private static void writeCompressed(BlockNode out, long offset, MemorySegment data) throws IOException {
        out.driverFeature(CompressedWriter.class)
                .orElseThrow(() -> new CommandFailure("Compression not supported for this file format ("
                        + out.driverName() + ")", 1))
                .writeCompressed(offset, data);
    }

    private static long clusterSize(BlockNode node) {
        return node.driverFeature(CompressedWriter.class)
                .orElseThrow(() -> new CommandFailure("Compression not supported for this file format ("
                        + node.driverName() + ")", 1))
                .compressionUnit();
    }
}
