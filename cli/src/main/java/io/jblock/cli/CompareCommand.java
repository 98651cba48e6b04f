package io.jblock.cli;

import io.jblock.storage.BlockNode;
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
    private static final int CHUNK = 2 << 20;
    private static final int SECTOR = 512;

    @Option(names = "-f", paramLabel = "FMT", description = "Format of the first image.")
    String format1;

    @Option(names = "-F", paramLabel = "FMT", description = "Format of the second image.")
    String format2;

    @Option(names = "--image-opts", description = "Both FILEs are option strings.")
    boolean imageOpts;

    @Option(names = "-s", description = "Strict: sizes and allocation must match too.")
    boolean strict;

    @Option(names = "-p", description = "Show progress.")
    boolean progress;

    @Option(names = "-T", paramLabel = "SRC_CACHE", defaultValue = "writeback", description = "Cache mode of both images.")
    String cache;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    java.util.List<String> objects = new java.util.ArrayList<>();

    @Option(names = "-q", description = "Quiet: print nothing, use the exit status.")
    boolean quiet;

    @Mixin
    ForceShareOption share;

    @Parameters(paramLabel = "FILE1 FILE2", arity = "0..*")
    java.util.List<String> files = new java.util.ArrayList<>();

    private String file1;
    private String file2;

    @Override
    public int errorExitCode() {
        return 2;
    }

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        if (quiet) {
            progress = false;
        }
        if (files.size() != 2) {
            throw new CommandFailure("Expecting two image file names",
                    "Try '" + Main.programName() + " --help' for more information\n", 1, null);
        }
        file1 = files.get(0);
        file2 = files.get(1);
        CacheMode mode;
        try {
            mode = CacheMode.parse(cache);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("Invalid source cache option: " + cache, 2, e);
        }
        QemuProgress bar = new QemuProgress(out(), progress, 2.f);
        try (BlockNode a = open(new ImageRef(file1, format1, imageOpts), mode);
             BlockNode b = open(new ImageRef(file2, format2, imageOpts), mode);
             Arena arena = Arena.ofConfined()) {
            return compare(a, b, arena, bar);
        } finally {
            bar.end();
        }
    }

    /** img_compare's loop: runs compared by status through each chain, as qemu-img does. */
    private int compare(BlockNode a, BlockNode b, Arena arena, QemuProgress bar) throws IOException {
        long sizeA = a.size();
        long sizeB = b.size();
        long common = Math.min(sizeA, sizeB);
        long progressBase = Math.max(sizeA, sizeB);
        bar.print(0, 100);
        if (strict && sizeA != sizeB) {
            return differ("Strict mode: Image size mismatch!");
        }
        MemorySegment bufA = arena.allocate(CHUNK, 4096);
        MemorySegment bufB = arena.allocate(CHUNK, 4096);
        long off = 0;
        while (off < common) {
            MapCommand.Extent sa = MapCommand.resolve(a, off, sizeA - off, 0);
            MapCommand.Extent sb = MapCommand.resolve(b, off, sizeB - off, 0);
            long chunk = Math.min(sa.length(), sb.length());
            if (strict && !sameStatus(sa, sb)) {
                return differ("Strict mode: Offset " + off + " block status mismatch!");
            }
            if (sa.zero() && sb.zero()) {
                // nothing to do
            } else if (sa.present() == sb.present()) {
                if (sa.present()) {
                    chunk = Math.min(chunk, CHUNK);
                    MemorySegment x = bufA.asSlice(0, chunk);
                    MemorySegment y = bufB.asSlice(0, chunk);
                    read(a, file1, off, x);
                    read(b, file2, off, y);
                    long mismatch = firstDifferentSector(x, y);
                    if (mismatch >= 0) {
                        return differ("Content mismatch at offset " + (off + mismatch) + "!");
                    }
                }
            } else {
                chunk = Math.min(chunk, CHUNK);
                int r = checkEmpty(sa.present() ? a : b, sa.present() ? file1 : file2, off, chunk, bufA);
                if (r != 0) {
                    return r;
                }
            }
            off += chunk;
            bar.print((float) chunk / progressBase * 100, 100);
        }
        if (sizeA != sizeB) {
            if (!quiet) {
                out().println("Warning: Image size mismatch!");
            }
            BlockNode over = sizeA > sizeB ? a : b;
            String name = sizeA > sizeB ? file1 : file2;
            while (off < progressBase) {
                MapCommand.Extent s = MapCommand.resolve(over, off, progressBase - off, 0);
                long chunk = s.length();
                if (s.present() && !s.zero()) {
                    chunk = Math.min(chunk, CHUNK);
                    int r = checkEmpty(over, name, off, chunk, bufA);
                    if (r != 0) {
                        return r;
                    }
                }
                off += chunk;
                bar.print((float) chunk / progressBase * 100, 100);
            }
        }
        if (!quiet) {
            out().println("Images are identical.");
        }
        return 0;
    }

    /** What -s compares: the block status flags qemu-img compares (data, zero, allocated, offset known). */
    private static boolean sameStatus(MapCommand.Extent x, MapCommand.Extent y) {
        return x.data() == y.data() && x.zero() == y.zero() && x.present() == y.present()
                && (x.offset() >= 0) == (y.offset() >= 0);
    }

    private static void read(BlockNode node, String name, long off, MemorySegment dst) {
        try {
            node.read(off, dst);
        } catch (IOException e) {
            throw new CommandFailure("Error while reading offset " + off + " of " + name + ": "
                    + io.jblock.ffm.Errno.strerror(SnapshotCommand.errno(e)), 4, e);
        }
    }

    /** check_empty_sectors: 0 when the range reads as zeroes, else the mismatch (1). */
    private int checkEmpty(BlockNode node, String name, long off, long len, MemorySegment buf) {
        MemorySegment x = buf.asSlice(0, len);
        read(node, name, off, x);
        long nonzero = firstNonZero(x);
        if (nonzero >= 0) {
            return differ("Content mismatch at offset " + (off + nonzero) + "!");
        }
        return 0;
    }

    /** compare_buffers: the start of the first 512-byte sector that differs, or -1. */
    private static long firstDifferentSector(MemorySegment x, MemorySegment y) {
        long diff = x.mismatch(y);
        return diff < 0 ? -1 : diff / SECTOR * SECTOR;
    }

    /** find_nonzero: the start of the first sector holding a nonzero byte, or -1. */
    private static long firstNonZero(MemorySegment x) {
        long at = ZeroScan.firstNonZero(x, 0, x.byteSize());
        return at < 0 ? -1 : at - at % SECTOR;
    }

    private BlockNode open(ImageRef ref, CacheMode mode) {
        try {
            return share.apply(ref, true).open(true, false, mode);
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
}
