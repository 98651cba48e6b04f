package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.feature.BackingFileChanger;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock rebase}: qemu-img rebase (qemu-img.c's img_rebase). Safe mode compares, for
 * every range the image does not allocate itself, the old backing chain with the new backing
 * file, 512-byte sector by sector, and writes what differs into the image (what lay beyond the
 * old backing file's end as zero writes), so the guest sees the same disk; then the header names
 * the new backing file. {@code -u} only changes the name. {@code -b ""} removes the backing file
 * (safe mode first copies in everything the old chain provided). When the new backing file is
 * part of the old chain, only what the images above it changed is compared.
 */
@Command(name = "rebase", mixinStandardHelpOptions = true,
        description = "Changes the backing file of FILE to BACKING (-b; empty: none), copying what differs "
                + "unless -u (unsafe: only the name changes).")
public final class RebaseCommand extends JblockSubcommand {
    private static final int BUFFER = 2 << 20;
    private static final int SECTOR = 512;

    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the new backing file.")
    String backingFormat;

    @Option(names = "-b", paramLabel = "BACKING", description = "The new backing file (\"\" for none).")
    String backing;

    @Option(names = "-u", description = "Unsafe: only change the backing file name.")
    boolean unsafe;

    @Option(names = "-p", description = "Show progress.")
    boolean progress;

    @Option(names = "-t", paramLabel = "CACHE", defaultValue = "writeback", description = "Cache mode of FILE.")
    String cache;

    @Option(names = "-T", paramLabel = "SRC_CACHE", defaultValue = "writeback",
            description = "Cache mode of the backing files.")
    String srcCache;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Option(names = {"-U", "--force-share"}, description = "Open the backing files without image locks.")
    boolean forceShare;

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        if (quiet) {
            progress = false;
        }
        if (files.size() != 1) {
            throw QemuImgArgs.usage("Expecting one image file name");
        }
        if (!unsafe && backing == null) {
            throw QemuImgArgs.usage("Must specify backing file (-b) or use unsafe mode (-u)");
        }
        String filename = files.get(0);
        QemuProgress bar = new QemuProgress(out(), progress, 2.f);
        bar.print(0, 100);
        try {
            run(filename, bar);
        } finally {
            bar.end();
        }
        return 0;
    }

    private void run(String filename, QemuProgress bar) throws IOException {
        CacheMode mode = parseCache(cache, "Invalid cache option: ");
        CacheMode srcMode = parseCache(srcCache, "Invalid source cache option: ");
        ImageRef ref = new ImageRef(filename, format, imageOpts);
        if (unsafe) {
            ref = ref.withoutBacking();
        }
        try (BlockNode image = ref.open(false, false, mode)) {
            if (backingFormat != null && !knownFormat(backingFormat)) {
                throw new CommandFailure("Invalid format name: '" + backingFormat + "'", 1);
            }
            if (!unsafe) {
                copyDifferences(image, ref, filename, srcMode, bar);
            }
            changeBackingFile(image);
            bar.print(100, 0);
        }
    }

    private static CacheMode parseCache(String text, String message) {
        try {
            return CacheMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(message + text, 1, e);
        }
    }

    /** bdrv_find_format: any driver QEMU knows, whether or not jblock has it (rebase -u stores the name). */
    private static boolean knownFormat(String fmt) {
        return CreateOptionTable.create(fmt) != null || QemuFormats.known(fmt);
    }

    private void copyDifferences(BlockNode image, ImageRef ref, String filename, CacheMode srcMode,
                                 QemuProgress bar) throws IOException {
        BlockNode oldBacking = image.child("backing");
        BlockNode newBacking = null;
        BlockNode prefix = null;
        BlockNode opened = null;
        try {
            if (!backing.isEmpty()) {
                String real = QemuImgArgs.resolveAgainst(ref.displayName(), backing);
                prefix = findInChain(image, real);
                if (prefix != null) {
                    newBacking = prefix;
                } else {
                    ImageRef nb = ForceShareOption.apply(ImageRef.of(real, backingFormat), true, forceShare);
                    try {
                        opened = nb.open(true, false, srcMode);
                    } catch (CommandFailure e) {
                        throw new CommandFailure("Could not open new backing file '" + backing + "': "
                                + e.getMessage(), e.hint(), 1, e);
                    }
                    newBacking = opened;
                }
            }
            long size = image.size();
            long oldSize = oldBacking == null ? 0 : oldBacking.size();
            long newSize = newBacking == null ? 0 : newBacking.size();
            float step = size == 0 ? 0 : 100f / (size / Math.min(size, BUFFER));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment bufOld = arena.allocate(BUFFER, 4096);
                MemorySegment bufNew = arena.allocate(BUFFER, 4096);
                long n;
                for (long off = 0; off < size; off += n) {
                    n = Math.min(BUFFER, size - off);
                    BlockStatus s = image.blockStatus(off, n);
                    n = s.length();
                    if (s.allocated()) {
                        continue;
                    }
                    if (prefix != null) {
                        long want = n;
                        BlockStatus above = oldBacking.size() > off
                                ? BackingChain.allocatedAbove(oldBacking, prefix, off, Math.min(n, oldBacking.size() - off))
                                : null;
                        if (above != null && !above.allocated()) {
                            n = above.length();
                            continue;
                        }
                        n = above == null ? want : above.length();
                    }
                    boolean oldIsZero = off >= oldSize;
                    if (oldIsZero) {
                        bufOld.asSlice(0, n).fill((byte) 0);
                    } else {
                        n = Math.min(n, oldSize - off);
                        oldBacking.read(off, bufOld.asSlice(0, n));
                    }
                    if (newBacking == null || off >= newSize) {
                        bufNew.asSlice(0, n).fill((byte) 0);
                    } else {
                        n = Math.min(n, newSize - off);
                        newBacking.read(off, bufNew.asSlice(0, n));
                    }
                    for (long done = 0; done < n; ) {
                        long run = sameRun(bufOld, bufNew, done, n);
                        boolean differs = run < 0;
                        run = Math.abs(run);
                        if (differs) {
                            try {
                                if (oldIsZero) {
                                    image.writeZeroes(off + done, run, 0);
                                } else {
                                    image.write(off + done, bufOld.asSlice(done, run));
                                }
                            } catch (IOException e) {
                                throw new CommandFailure("Error while writing to COW image: "
                                        + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
                            }
                        }
                        done += run;
                    }
                    bar.print(step, 100);
                }
            }
            image.flush();
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    /**
     * compare_buffers: the length of the run of 512-byte sectors from {@code from} that all differ
     * (negative) or all match (positive) between the two buffers.
     */
    private static long sameRun(MemorySegment a, MemorySegment b, long from, long end) {
        long i = Math.min(end - from, SECTOR);
        boolean differs = a.asSlice(from, i).mismatch(b.asSlice(from, i)) >= 0;
        while (from + i < end) {
            long len = Math.min(end - from - i, SECTOR);
            boolean d = a.asSlice(from + i, len).mismatch(b.asSlice(from + i, len)) >= 0;
            if (d != differs) {
                break;
            }
            i += len;
        }
        return differs ? -i : i;
    }

    /** The backing node of {@code image}'s chain that is the file {@code path}, or null. */
    private static BlockNode findInChain(BlockNode image, String path) {
        String wanted = realPath(path);
        if (wanted == null) {
            return null;
        }
        for (BlockNode n = image.child("backing"); n != null; n = n.child("backing")) {
            BlockNode file = n.child("file");
            String name = realPath(file != null ? file.filename() : n.filename());
            if (wanted.equals(name)) {
                return n;
            }
        }
        return null;
    }

    private static String realPath(String p) {
        try {
            return java.nio.file.Path.of(p).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void changeBackingFile(BlockNode image) {
        String name = backing == null || backing.isEmpty() ? null : backing;
        String fmt = name == null ? null : backingFormat;
        BackingFileChanger changer = image.driverFeature(BackingFileChanger.class).orElse(null);
        try {
            if (changer == null) {
                throw new BlockIOException("backing files not supported", image.nodeName(), image.filename(), -1,
                        Errno.ENOTSUP, null);
            }
            if (name != null && fmt == null) {
                throw new BlockIOException("no backing format", image.nodeName(), image.filename(), -1, Errno.EINVAL,
                        null);
            }
            changer.changeBackingFile(name, fmt);
        } catch (IOException e) {
            int errno = SnapshotCommand.errno(e);
            String target = name == null ? "(null)" : name;
            if (errno == Errno.ENOSPC) {
                throw new CommandFailure("Could not change the backing file to '" + target
                        + "': No space left in the file header", 1, e);
            }
            if (errno == Errno.EINVAL && name != null && fmt == null) {
                throw new CommandFailure("Could not change the backing file to '" + target
                        + "': backing format must be specified", 1, e);
            }
            throw new CommandFailure("Could not change the backing file to '" + target + "': "
                    + Errno.strerror(errno), 1, e);
        }
    }
}
