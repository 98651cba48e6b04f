package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.ImageEmptier;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock commit}: qemu-img commit (qemu-img.c's img_commit and the active commit job of
 * block/mirror.c). Everything allocated in the image, and with {@code -b} in the images between
 * it and the base, is copied into the base, which grows to the image's size if it is shorter:
 * data as data, zeroes as zero writes (unmapping). Then the image is emptied (QEMU's
 * bdrv_make_empty), unless {@code -d} or {@code -b}, so it reads the same through its backing
 * chain as before.
 */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Commits the changes recorded in FILE into its backing file (or, with -b, into BASE "
                + "further down the chain) and empties FILE unless -d (implied by -b).")
public final class CommitCommand extends JblockSubcommand {
    private static final int BUFFER = 1 << 20;

    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "-t", paramLabel = "CACHE", defaultValue = "writeback", description = "Cache mode (default writeback).")
    String cache;

    @Option(names = "-b", paramLabel = "BASE", description = "Commit into this image of the backing chain (implies -d).")
    String base;

    @Option(names = "-d", description = "Do not empty FILE afterwards.")
    boolean drop;

    @Option(names = "-p", description = "Show progress.")
    boolean progress;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "-r", paramLabel = "RATE", description = "Copy at most RATE bytes per second.")
    String rate;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        long rateLimit = rate == null ? 0 : QemuImgArgs.cvtnum("rate limit", rate);
        if (quiet) {
            progress = false;
        }
        if (files.size() != 1) {
            throw QemuImgArgs.usage("Expecting one image file name");
        }
        String filename = files.get(0);
        CacheMode mode;
        try {
            mode = CacheMode.parse(cache);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("Invalid cache option: " + cache, 1, e);
        }
        boolean dropTop = drop || base != null;
        ImageRef top = new ImageRef(filename, format, imageOpts);
        List<BackingChain.Link> chain = BackingChain.of(top, false);
        QemuProgress bar = new QemuProgress(out(), progress, 1.f);
        bar.print(0.f, 100);
        int baseIndex;
        if (base != null) {
            baseIndex = BackingChain.find(chain, base);
            if (baseIndex < 0) {
                bar.end();
                throw new CommandFailure("Did not find '" + base + "' in the backing chain of '" + filename + "'", 1);
            }
        } else if (chain.size() < 2) {
            bar.end();
            throw new CommandFailure("Image does not have a backing file", 1);
        } else {
            baseIndex = 1;
        }
        ImageRef explicit = new ImageRef(BackingChain.optionString(chain, baseIndex, true) + ",discard=unmap",
                null, true);
        try (BlockNode image = explicit.open(false, false, mode)) {
            BlockNode baseNode = image;
            for (int i = 0; i < baseIndex; i++) {
                baseNode = baseNode.child("backing");
            }
            try {
                copy(image, baseNode, bar, rateLimit);
            } catch (io.jblock.storage.BlockIOException e) {
                if (e.errno() == 0) {
                    throw e;
                }
                // QEMU's run_block_job: error_setg_errno(errp, ret, "Block job failed")
                bar.end();
                throw new CommandFailure("Block job failed: " + io.jblock.ffm.Errno.strerror(e.errno()), 1, e);
            }
            if (!dropTop) {
                var emptier = image.driverFeature(ImageEmptier.class);
                if (emptier.isPresent()) { // formats without it (raw) stay as they are, as in QEMU (ENOTSUP)
                    try {
                        emptier.get().makeEmpty();
                    } catch (IOException e) {
                        // bdrv_make_empty: error_setg_errno(errp, -ret, "Failed to empty %s", bs->filename)
                        bar.end();
                        int errno = e instanceof io.jblock.storage.BlockIOException b && b.errno() != 0 ? b.errno()
                                : io.jblock.ffm.Errno.EIO;
                        // blkdebug's refreshed name is the "blkdebug:CONF:IMAGE" it was opened by
                        String shown = !imageOpts && filename.startsWith("blkdebug:") ? filename : image.filename();
                        throw new CommandFailure("Failed to empty " + shown + ": "
                                + io.jblock.ffm.Errno.strerror(errno), 1, e);
                    }
                }
            }
            image.flush();
        } catch (IOException e) {
            bar.end();
            throw new CommandFailure(SnapshotCommand.reason(e), 1, e);
        }
        bar.end();
        if (!quiet) {
            out().println("Image committed.");
        }
        return 0;
    }

    /**
     * The active commit's copy: the granules allocated above the base, read through the chain,
     * are written into the base (data as data, zero runs as zero writes that may unmap, runs
     * that are neither as discards), granule by granule, as the mirror job's dirty bitmap does.
     */
    private void copy(BlockNode image, BlockNode baseNode, QemuProgress bar, long rateLimit) throws IOException {
        long length = image.size();
        if (baseNode.size() < length) {
            baseNode.truncate(length, Preallocation.OFF);
        }
        long granule = granularity(baseNode);
        List<long[]> dirty = new ArrayList<>();
        long total = 0;
        for (long off = 0; off < length; ) {
            BlockStatus s = BackingChain.allocatedAbove(image, baseNode, off, length - off);
            if (s.allocated()) {
                long from = off / granule * granule;
                long to = Math.min(length, (off + s.length() + granule - 1) / granule * granule);
                if (!dirty.isEmpty() && dirty.get(dirty.size() - 1)[1] >= from) {
                    long[] last = dirty.get(dirty.size() - 1);
                    total += to - Math.max(last[1], from) > 0 ? to - Math.max(last[1], from) : 0;
                    last[1] = Math.max(last[1], to);
                } else {
                    dirty.add(new long[] {from, to});
                    total += to - from;
                }
            }
            off += s.length();
        }
        long done = 0;
        long started = System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BUFFER, 4096);
            for (long[] range : dirty) {
                for (long off = range[0]; off < range[1]; ) {
                    long len = Math.min(BUFFER, range[1] - off);
                    MapCommand.Extent e = MapCommand.resolve(image, off, len, 0);
                    len = e.length();
                    if (e.data()) {
                        MemorySegment chunk = buf.asSlice(0, len);
                        image.read(off, chunk);
                        baseNode.write(off, chunk);
                    } else if (e.zero()) {
                        baseNode.writeZeroes(off, len, RequestFlags.MAY_UNMAP);
                    } else {
                        baseNode.discard(off, len);
                    }
                    off += len;
                    done += len;
                    bar.print(total == 0 ? 100 : done * 100f / total, 0);
                    throttle(rateLimit, done, started);
                }
            }
        }
        baseNode.flush();
        bar.print(100, 0);
    }

    /** The mirror job's default granularity (bdrv_get_default_bitmap_granularity of the base). */
    private static long granularity(BlockNode node) throws IOException {
        Map<String, Object> specific = node.formatSpecificInfo();
        if (specific.get("cluster-size") instanceof Number n && n.longValue() > 0) {
            return Math.min(65536, Math.max(4096, n.longValue()));
        }
        return 65536;
    }

    /** Sleeps so that no more than {@code rate} bytes per second are copied (qemu-img's -r). */
    static void throttle(long rate, long done, long startedNanos) {
        if (rate <= 0) {
            return;
        }
        long dueNanos = (long) (done * 1e9 / rate);
        long ahead = dueNanos - (System.nanoTime() - startedNanos);
        if (ahead > 0) {
            try {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
