package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock compare}: qemu-img compare. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares the guest-visible contents of two images. Without -s, an image that is "
                + "longer than the other is equal if its extra part reads as zeroes.",
            "Exit status: 0 identical, 1 different, 2 error."})
public final class CompareCommand extends JblockSubcommand {
    private static final int CHUNK = 1 << 20;
    private static final int SECTOR = 512;

    @Option(names = "-f", paramLabel = "FMT", description = "Format of the first image.")
    String format1;

    @Option(names = "-F", paramLabel = "FMT", description = "Format of the second image.")
    String format2;

    @Option(names = "--image-opts", description = "Both FILEs are option strings.")
    boolean imageOpts;

    @Option(names = "-s", description = "Strict: sizes and allocation must match too.")
    boolean strict;

    @Option(names = "-p", description = "Show progress on a terminal.")
    boolean progress;

    @Option(names = "-q", description = "Quiet: print nothing, use the exit status.")
    boolean quiet;

    @Mixin
    ForceShareOption share;

    @Parameters(index = "0", paramLabel = "FILE1")
    String file1;

    @Parameters(index = "1", paramLabel = "FILE2")
    String file2;

    @Override
    public int errorExitCode() {
        return 2;
    }

    @Override
    public Integer call() throws IOException {
        try (BlockNode a = open(new ImageRef(file1, format1, imageOpts));
             BlockNode b = open(new ImageRef(file2, format2, imageOpts));
             Arena arena = Arena.ofConfined()) {
            long sizeA = a.size();
            long sizeB = b.size();
            if (strict && sizeA != sizeB) {
                return differ("Strict mode: Image size mismatch!");
            }
            MemorySegment bufA = arena.allocate(CHUNK, 4096);
            MemorySegment bufB = arena.allocate(CHUNK, 4096);
            long common = Math.min(sizeA, sizeB);
            ProgressBar bar = new ProgressBar(progress, terminal(), Math.max(sizeA, sizeB));
            long off = 0;
            while (off < common) {
                long want = Math.min(CHUNK, common - off);
                BlockStatus sa = a.blockStatus(off, want);
                BlockStatus sb = b.blockStatus(off, want);
                long len = Math.min(sa.length(), sb.length());
                if (strict && (sa.data() != sb.data() || sa.zero() != sb.zero())) {
                    return differ("Strict mode: Offset " + off + " block status mismatch!");
                }
                if (!(sa.zero() && sb.zero())) {
                    MemorySegment x = bufA.asSlice(0, len);
                    MemorySegment y = bufB.asSlice(0, len);
                    a.read(off, x);
                    b.read(off, y);
                    long diff = x.mismatch(y);
                    if (diff >= 0) {
                        return differ("Content mismatch at offset " + sectorOf(off, diff) + "!");
                    }
                }
                off += len;
                bar.update(off);
            }
            if (sizeA != sizeB && !quiet) {
                // as qemu-img: said once the common part is equal, before the longer part is read
                out().println("Warning: Image size mismatch!");
            }
            BlockNode longer = sizeA > sizeB ? a : b;
            long end = Math.max(sizeA, sizeB);
            MemorySegment zeroes = bufB.fill((byte) 0);
            while (off < end) {
                BlockStatus s = longer.blockStatus(off, Math.min(CHUNK, end - off));
                if (!s.zero()) {
                    MemorySegment x = bufA.asSlice(0, s.length());
                    longer.read(off, x);
                    long nonzero = x.mismatch(zeroes.asSlice(0, s.length()));
                    if (nonzero >= 0) {
                        return differ("Content mismatch at offset " + sectorOf(off, nonzero) + "!");
                    }
                }
                off += s.length();
                bar.update(off);
            }
            bar.finish();
            if (!quiet) {
                out().println("Images are identical.");
            }
            return 0;
        }
    }

    private BlockNode open(ImageRef ref) {
        try {
            return share.apply(ref, true).open(true, false, CacheMode.WRITEBACK);
        } catch (CommandFailure f) {
            throw new CommandFailure(f.getMessage(), 2, f.getCause());
        }
    }

    private int differ(String message) {
        if (!quiet) {
            out().println(message);
        }
        return 1;
    }

    /** qemu-img reports the 512-byte sector where the difference starts. */
    private static long sectorOf(long chunkOffset, long within) {
        long abs = chunkOffset + within;
        return Math.max(chunkOffset, abs / SECTOR * SECTOR);
    }
}
