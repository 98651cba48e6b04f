package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.DirtyBitmaps;
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

/**
 * {@code jblock convert}: qemu-img convert (qemu-img.c's img_convert). The sources are
 * concatenated; each run of them is classified by block status as QEMU does (data, zero, or,
 * with a backing file for the target, left to that backing file), data is read in pieces of at
 * most 2 MiB and written with qemu-img's sparse detection ({@code -S}, default 4 KiB: zero runs of
 * that length are not written; {@code -S 0} writes everything), zero runs are skipped on a new
 * target (it reads as zeroes) or written as zeroes otherwise. Writes go in order (QEMU's default
 * without {@code -W}), so the target's layout is what qemu-img's would be.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copies the guest-visible contents of SRC... (concatenated) into DST of format -O. "
                + "The output is sparse (-S). -B names a backing file for DST; -c writes compressed clusters "
                + "(qcow2); -n writes into an existing DST.",
            "Example: jblock convert -f raw -O qcow2 -c disk.raw disk.qcow2"})
public final class ConvertCommand extends JblockSubcommand {
    private static final int SECTOR = 512;
    private static final long BUF_SECTORS = (2L << 20) / SECTOR;
    private static final long MAX_BUF_SECTORS = 32768;

    @Option(names = "-f", paramLabel = "FMT", description = "Source format; probed if absent.")
    String format;

    @Option(names = "-O", paramLabel = "FMT", description = "Output format (default raw).")
    String outFormat;

    @Option(names = "-B", paramLabel = "BACKING", description = "Backing file of the output.")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the backing file.")
    String backingFormat;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Output format options; may be repeated.")
    List<String> options = new ArrayList<>();

    @Option(names = "-l", paramLabel = "SNAPSHOT", description = "Convert this internal snapshot of SRC.")
    String snapshot;

    @Option(names = "-S", paramLabel = "SPARSE_SIZE", description = "Zero runs of at least this size are "
            + "not written (default 4k; 0: write everything).")
    String sparse;

    @Option(names = "-t", paramLabel = "CACHE", defaultValue = "unsafe",
            description = "Cache mode of the output (default unsafe, as qemu-img).")
    String cache;

    @Option(names = "-T", paramLabel = "SRC_CACHE", defaultValue = "writeback",
            description = "Cache mode of the source (default writeback).")
    String srcCache;

    @Option(names = "-c", description = "Write compressed clusters (qcow2 output only).")
    boolean compress;

    @Option(names = "-C", description = "Copy offloading (jblock copies through memory either way).")
    boolean copyRange;

    @Option(names = "-p", description = "Show progress.")
    boolean progress;

    @Option(names = "-n", description = "Do not create DST; it must exist and be large enough.")
    boolean noCreate;

    @Option(names = "-m", paramLabel = "NUM", description = "Copies in flight at once (1..16, default 2).")
    String coroutines;

    @Option(names = "-W", description = "Allow out-of-order writes (the copies in flight write as they finish reading).")
    boolean outOfOrder;

    @Option(names = "-r", paramLabel = "RATE", description = "Copy at most RATE bytes per second.")
    String rate;

    @Option(names = "--image-opts", description = "SRC is an option string.")
    boolean imageOpts;

    @Option(names = "--target-image-opts", description = "DST is an option string (needs -n).")
    boolean targetImageOpts;

    @Option(names = "--target-is-zero", description = "DST reads as zeroes already (needs -n).")
    boolean targetIsZero;

    @Option(names = "--salvage", description = "Read errors become zeroes, with a warning.")
    boolean salvage;

    @Option(names = "--bitmaps", description = "Copy the persistent bitmaps too.")
    boolean bitmaps;

    @Option(names = "--skip-broken-bitmaps", description = "With --bitmaps: skip inconsistent bitmaps.")
    boolean skipBroken;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Mixin
    ForceShareOption share;

    @Parameters(paramLabel = "SRC... DST", arity = "0..*")
    List<String> files = new ArrayList<>();

    /** One classified run of the sources (ImgConvertBlockStatus). */
    private enum Status { DATA, ZERO, BACKING_FILE }

    private long minSparse = 8;
    private long alignment;
    private long totalSectors;
    private long[] srcSectors;
    private long[] srcAlignment;
    private BlockNode[] src;
    private boolean targetHasBacking;
    private long targetBackingSectors = -1;
    private boolean hasZeroInit;
    private long clusterSectors;
    private long bufSectors = BUF_SECTORS;
    private long sectorNextStatus;
    private Status status;
    /**
     * qemu-img's -m: copies in flight (its coroutines; here threads). The default is 2, not
     * qemu-img's 8: on a page-cached 2 GiB raw->qcow2 copy (2 cores), 1 and 2 copies took
     * 2.6-2.9 s, 4 copies 3.1-3.6 s and 8 copies 3.3-3.9 s (more threads copying through the page
     * cache at once only add system time); 2 keeps a read going while the previous run is
     * written, which is what pays when the source is on a device.
     */
    private int copiesInFlight = 2;

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        String opts = QemuImgArgs.accumulate(options);
        boolean explicitSparse = false;
        if (sparse != null) {
            long v = QemuImgArgs.cvtnum("buffer size for sparse output", sparse);
            if (v % SECTOR != 0 || v / SECTOR > MAX_BUF_SECTORS) {
                throw new CommandFailure("Invalid buffer size for sparse output specified. Valid sizes are multiples "
                        + "of 512 up to 16777216. Select 0 to disable sparse detection (fully allocates output).", 1);
            }
            minSparse = v / SECTOR;
            explicitSparse = true;
        }
        if (coroutines != null) {
            long m;
            try {
                m = Long.decode(coroutines);
            } catch (NumberFormatException e) {
                m = -1;
            }
            if (m < 1 || m > 16) {
                throw new CommandFailure("Invalid number of coroutines. Allowed number of coroutines is between 1 and 16",
                        1);
            }
            copiesInFlight = (int) m;
        }
        long rateLimit = rate == null ? 0 : QemuImgArgs.cvtnum("rate limit", rate);
        if (outFormat == null && !targetImageOpts) {
            outFormat = "raw";
        }
        if (skipBroken && !bitmaps) {
            throw new CommandFailure("Use of --skip-broken-bitmaps requires --bitmaps", 1);
        }
        if (compress && outOfOrder) {
            throw new CommandFailure("Out of order write and compress are mutually exclusive", 1);
        }
        if (compress && copyRange) {
            throw new CommandFailure("Cannot enable copy offloading when -c is used", 1);
        }
        if (explicitSparse && copyRange) {
            throw new CommandFailure("Cannot enable copy offloading when -S is used", 1);
        }
        if (copyRange && salvage) {
            throw new CommandFailure("Cannot use copy offloading in salvaging mode", 1);
        }
        if (targetImageOpts && !noCreate) {
            throw new CommandFailure("--target-image-opts requires use of -n flag", 1);
        }
        if (noCreate && opts != null) {
            throw new CommandFailure("-o has no effect when skipping image creation", 1);
        }
        if (targetIsZero && !noCreate) {
            throw new CommandFailure("--target-is-zero requires use of -n flag", 1);
        }
        hasZeroInit = targetIsZero;
        int srcNum = files.size() - 1;
        String outFilename = srcNum >= 1 ? files.get(files.size() - 1) : null;
        if (opts != null && QemuOpts.wantsHelp(opts)) {
            if (outFormat == null) {
                throw new CommandFailure("Option help requires a format be specified", 1);
            }
            return CreateOptionText.printOptionHelp(out(), outFormat, outFilename);
        }
        if (srcNum < 1) {
            throw new CommandFailure("Must specify image file name", 1);
        }
        CacheMode srcMode = parseCache(srcCache, "Invalid source cache option: ");
        if (quiet) {
            progress = false;
        }
        QemuProgress bar = new QemuProgress(out(), progress, 1.f);
        bar.print(0, 100);
        src = new BlockNode[srcNum];
        srcSectors = new long[srcNum];
        srcAlignment = new long[srcNum];
        boolean ok = false;
        try {
            for (int i = 0; i < srcNum; i++) {
                ImageRef ref = share.apply(new ImageRef(files.get(i), format, imageOpts), true);
                if (i == 0 && snapshot != null) {
                    if (srcNum > 1) {
                        throw new CommandFailure("No support for concatenating multiple snapshot", 1);
                    }
                    ref = snapshotRef(ref, snapshot);
                }
                src[i] = ref.openConvertSource(srcMode);
                srcSectors[i] = (src[i].size() + SECTOR - 1) / SECTOR;
                long align = Math.max(1, (src[i].limits().requestAlignment() + SECTOR - 1) / SECTOR);
                long cluster = clusterSize(src[i]);
                srcAlignment[i] = Math.max(align, cluster / SECTOR);
                totalSectors += srcSectors[i];
            }
            BlockNode target = createAndOpen(outFilename, opts);
            try {
                copyTo(target, bar, rateLimit);
                if (bitmaps) {
                    copyBitmaps(src[0], target);
                }
                target.flush();
            } finally {
                target.close();
            }
            ok = true;
        } finally {
            if (ok) {
                bar.print(100, 0);
            }
            bar.end();
            for (BlockNode n : src) {
                if (n != null) {
                    n.close();
                }
            }
        }
        return 0;
    }

    private static CacheMode parseCache(String text, String message) {
        try {
            return CacheMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(message + text, 1, e);
        }
    }

    /** The image read as one of its internal snapshots (-l: an ID or name, or snapshot.id=/snapshot.name=). */
    private static ImageRef snapshotRef(ImageRef ref, String name) throws IOException {
        if (name.startsWith("snapshot.")) {
            return new ImageRef(ref.optionString() + "," + name, null, true);
        }
        String id = null;
        try (BlockNode n = ref.withoutBacking().open(true, false, CacheMode.WRITEBACK)) {
            var list = SnapshotCommand.snapshots(n).orElse(List.of());
            for (var s : list) {
                if (s.id().equals(name)) {
                    id = s.id();
                }
            }
            if (id == null) {
                for (var s : list) {
                    if (id == null && s.name().equals(name)) {
                        id = s.id();
                    }
                }
            }
        }
        if (id == null) {
            throw new CommandFailure("Failed to load snapshot: Can't find snapshot", 1);
        }
        ImageRef viewed = new ImageRef(ref.optionString() + ",snapshot.id=" + id, null, true);
        // bdrv_snapshot_load_tmp's failures (a snapshot L1 table that cannot be right) are
        // worded as loading the snapshot, not as opening the image
        try (BlockNode n = viewed.withoutBacking().openUnwrapped(true, false, CacheMode.WRITEBACK, false)) {
            n.size();
        } catch (IOException e) {
            String reason = SnapshotCommand.reason(e);
            if (reason.startsWith("Snapshot L1 table ")) {
                throw new CommandFailure("Failed to load snapshot: " + reason, 1, e);
            }
        } catch (IllegalArgumentException e) {
            // worded as the open below words it
        }
        return viewed;
    }

    private static long clusterSize(BlockNode node) throws IOException {
        Map<String, Object> specific = node.formatSpecificInfo();
        return specific.get("cluster-size") instanceof Number n ? n.longValue() : 0;
    }

    /** Creates the target (unless -n) as img_convert does, then opens it. */
    private BlockNode createAndOpen(String outFilename, String opts) throws IOException {
        String backingName = backing;
        boolean targetIsNew = !noCreate;
        StringBuilder targetSecrets = new StringBuilder();
        if (!noCreate) {
            List<QemuOpts.Desc> descs = CreateOptionTable.createWithProtocol(outFormat);
            if (descs == null) {
                String refusal = QemuFormats.creationRefusal(outFormat);
                throw new CommandFailure(refusal != null ? refusal : "Unknown file format '" + outFormat + "'", 1);
            }
            QemuOpts q = new QemuOpts(descs);
            try {
                q.parse(opts);
            } catch (QemuOpts.InvalidOption e) {
                throw new CommandFailure(e.getMessage(), e.hint(), 1, e);
            }
            q.set("size", Long.toString(totalSectors * SECTOR));
            if (backing != null) {
                setOrRefuse(q, "backing_file", backing, "Backing file not supported for file format '" + outFormat + "'");
            }
            if (backingFormat != null) {
                setOrRefuse(q, "backing_fmt", backingFormat,
                        "Backing file format not supported for file format '" + outFormat + "'");
            }
            if (q.get("backing_file") != null) {
                backingName = q.get("backing_file");
            }
            targetHasBacking = backingName != null;
            checkTargetOptions(q, backingName);
            for (Map.Entry<String, String> e : q.given().entrySet()) {
                if (e.getKey().endsWith("key-secret")) {
                    // QEMU's img_add_key_secrets: the new target opens with the secrets it was created with
                    targetSecrets.append(',').append(e.getKey()).append('=').append(ImageRef.escape(e.getValue()));
                }
            }
            try {
                ImageGraph.create(outFormat, outFilename, totalSectors * SECTOR, CreateOptionText.driverOptions(q), err());
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure(outFilename + ": error while converting " + outFormat + ": "
                        + Main.oneLine(e), 1, e);
            }
        } else {
            targetHasBacking = backingName != null;
            checkTargetOptions(null, backingName);
        }
        CacheMode mode = parseCache(cache, "Invalid cache option: ");
        ImageRef ref = new ImageRef(outFilename, outFormat, targetImageOpts);
        if (!targetSecrets.isEmpty()) {
            try {
                ref = new ImageRef(ref.optionString() + targetSecrets, null, true);
            } catch (IOException e) {
                throw new CommandFailure("Could not open '" + outFilename + "': " + QemuMessages.openReason(e), 1, e);
            }
        }
        if (minSparse > 0) {
            ref = ref.unmapping(); // BDRV_O_UNMAP: zero runs may deallocate
        }
        BlockNode target = ref.open(false, false, mode);
        boolean ok = false;
        try {
            if (bitmaps && target.driverFeature(DirtyBitmaps.class).isEmpty()) {
                throw new CommandFailure("Format driver '" + target.driverName() + "' does not support bitmaps", 1);
            }
            if (compress && target.driverFeature(CompressedWriter.class).isEmpty()) {
                throw new CommandFailure("Compression not supported for this file format", 1);
            }
            alignment = Math.max(Long.highestOneBit(Math.max(1, minSparse)),
                    (target.limits().requestAlignment() + SECTOR - 1) / SECTOR);
            if (noCreate) {
                long outSectors = (target.size() + SECTOR - 1) / SECTOR;
                if (outSectors < totalSectors) {
                    throw new CommandFailure("output file is smaller than input file", 1);
                }
            }
            if (targetHasBacking && targetIsNew) {
                BlockNode b = target.child("backing");
                targetBackingSectors = b == null ? -1 : (b.size() + SECTOR - 1) / SECTOR;
            }
            long cluster = clusterSize(target);
            clusterSectors = cluster / SECTOR;
            if (compress && (clusterSectors <= 0 || clusterSectors > bufSectors)) {
                throw new CommandFailure("invalid cluster size", 1);
            }
            if (compress) {
                bufSectors = clusterSectors;
            }
            if (!hasZeroInit && targetIsNew && minSparse > 0 && !targetHasBacking) {
                hasZeroInit = true; // bdrv_has_zero_init of a newly created file-backed image
            }
            ok = true;
            return target;
        } finally {
            if (!ok) {
                target.close();
            }
        }
    }

    private void checkTargetOptions(QemuOpts q, String backingName) {
        if (hasZeroInit && targetHasBacking) {
            throw new CommandFailure("Cannot use --target-is-zero when the destination image has a backing file", 1);
        }
        if (src.length > 1 && backingName != null) {
            throw new CommandFailure("Having a backing file for the target makes no sense when concatenating multiple "
                    + "input images", 1);
        }
        if (q != null && q.get("backing_file") != null && q.get("backing_fmt") == null) {
            throw new CommandFailure("Use of backing file requires explicit backing format", 1);
        }
        if (compress && q != null) {
            if (!outFormat.equals("qcow2")) {
                throw new CommandFailure("Compression not supported for this file format", 1);
            }
            if ("on".equals(q.get("encryption")) || q.has("encrypt.format")) {
                throw new CommandFailure("Compression and encryption not supported at the same time", 1);
            }
            String p = q.get("preallocation");
            if (p != null && !p.equals("off")) {
                throw new CommandFailure("Compression and preallocation not supported at the same time", 1);
            }
        }
        if (bitmaps && src.length > 1) {
            throw new CommandFailure("Copying bitmaps only possible with single source", 1);
        }
    }

    private static void setOrRefuse(QemuOpts q, String name, String value, String refusal) {
        if (q.descs().stream().noneMatch(d -> d.name().equals(name))) {
            throw new CommandFailure(refusal, 1);
        }
        q.set(name, value);
    }



    // ------------------------------------------------------------------ the copy

    private int part(long sector) {
        long off = 0;
        for (int i = 0; i < src.length; i++) {
            if (sector < off + srcSectors[i]) {
                return i;
            }
            off += srcSectors[i];
        }
        return src.length - 1;
    }

    private long partStart(int part) {
        long off = 0;
        for (int i = 0; i < part; i++) {
            off += srcSectors[i];
        }
        return off;
    }

    /** convert_iteration_sectors: the status and length (in sectors) of the run at {@code sector}. */
    private long iterationSectors(long sector) throws IOException {
        int cur = part(sector);
        long curOffset = partStart(cur);
        long n = Math.min(totalSectors - sector, Integer.MAX_VALUE / SECTOR);
        boolean postBackingZero = false;
        if (targetBackingSectors >= 0) {
            if (sector >= targetBackingSectors) {
                postBackingZero = true;
            } else if (sector + n > targetBackingSectors) {
                n = targetBackingSectors - sector;
            }
        }
        if (sectorNextStatus <= sector) {
            long offset = (sector - curOffset) * SECTOR;
            BlockNode node = src[cur];
            long length = Math.min(n * SECTOR, node.size() - offset);
            boolean data;
            boolean zero;
            long count;
            if (length <= 0) {
                // the sector-rounded tail beyond the node's end reads as zeroes
                data = false;
                zero = true;
                count = n * SECTOR;
            } else {
                BlockStatus s;
                try {
                    s = statusAbove(node, targetHasBacking ? node.child("backing") : null, offset, length);
                } catch (IOException e) {
                    if (!salvage) {
                        throw new CommandFailure("error while reading block status at offset " + offset + ": "
                                + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
                    }
                    warn("error while reading block status at offset " + offset + ": "
                            + Errno.strerror(SnapshotCommand.errno(e)));
                    s = BlockStatus.data(offset, SECTOR, -1, null);
                }
                data = s.data();
                zero = s.zero();
                count = s.length();
            }
            n = (count + SECTOR - 1) / SECTOR;
            long tail = (sector - curOffset + n) % srcAlignment[cur];
            if (n > tail) {
                n -= tail;
            }
            if (zero) {
                status = postBackingZero ? Status.BACKING_FILE : Status.ZERO;
            } else if (data) {
                status = Status.DATA;
            } else {
                status = targetHasBacking ? Status.BACKING_FILE : Status.DATA;
            }
            sectorNextStatus = sector + n;
        }
        n = Math.min(n, sectorNextStatus - sector);
        if (status == Status.DATA) {
            n = Math.min(n, bufSectors);
        }
        if (compress) {
            if (n < clusterSectors) {
                n = Math.min(clusterSectors, totalSectors - sector);
                status = Status.DATA;
            } else {
                n = n / clusterSectors * clusterSectors;
            }
        }
        return n;
    }

    /**
     * bdrv_block_status_above(node, base): the run's status in {@code node} and the images below
     * it down to (not including) {@code base}; with a null base through the whole chain.
     */
    private static BlockStatus statusAbove(BlockNode node, BlockNode base, long offset, long length)
            throws IOException {
        if (base != null) {
            BlockStatus s = BackingChain.allocatedAbove(node, base, offset, length);
            return s;
        }
        MapCommand.Extent e = MapCommand.resolve(node, offset, length, 0);
        return new BlockStatus(offset, e.length(), e.data(), e.zero(), e.present(), -1, null);
    }

    private void warn(String message) {
        if (!quiet) {
            err().println(Main.errorPrefix() + "warning: " + message);
        }
    }

    /**
     * convert_do_copy: a counting pass for progress, then the copy by {@link #copiesInFlight}
     * copies at once ({@link CopyRun}).
     */
    private void copyTo(BlockNode target, QemuProgress bar, long rateLimit) throws IOException {
        long allocated = 0;
        for (long sector = 0; sector < totalSectors; ) {
            long n = iterationSectors(sector);
            if (status == Status.DATA || (minSparse == 0 && status == Status.ZERO)) {
                allocated += n;
            }
            sector += n;
        }
        sectorNextStatus = 0;
        CompressedWriter compressed = compress ? target.driverFeature(CompressedWriter.class).orElseThrow() : null;
        new CopyRun(target, compressed, bar, allocated, rateLimit).run();
    }

    /**
     * The copy, as qemu-img's convert coroutines do it: each of {@link #copiesInFlight} copies
     * (threads here, one of them the calling one) takes the next run of sectors under the lock
     * ({@link #iterationSectors}), reads it into its own buffer outside the lock and, unless
     * {@code -W}, waits for its turn to write (the runs reach the target in order, so a target
     * that is read while it is written, or that fails part-way, holds a prefix of the source).
     * Reading one run while another is written is what makes the copy faster than one request
     * after the other. The first failure stops every copy; it is rethrown once all have ended.
     * The buffers live in one arena closed after the last copy has ended.
     */
    private final class CopyRun {
        private final BlockNode target;
        private final CompressedWriter compressed;
        private final QemuProgress bar;
        private final long allocated;
        private final long rateLimit;
        private final boolean inOrder;
        private final long started = System.nanoTime();
        // guarded by this
        private long nextSector;
        private long writeTurn;
        private long done;
        private long copied;
        private Throwable failure;
        /** Where the recorded failure happened: runs before it are still written, as in order. */
        private long failureSector = Long.MAX_VALUE;

        CopyRun(BlockNode target, CompressedWriter compressed, QemuProgress bar, long allocated, long rateLimit) {
            this.target = target;
            this.compressed = compressed;
            this.bar = bar;
            this.allocated = allocated;
            this.rateLimit = rateLimit;
            this.inOrder = !outOfOrder || compressed != null;
        }

        void run() throws IOException {
            // --salvage: one copy, so that its warnings come in the order of the source
            int copies = salvage ? 1
                    : (int) Math.max(1, Math.min(copiesInFlight, (totalSectors + bufSectors - 1) / bufSectors));
            try (Arena arena = Arena.ofShared()) {
                Thread[] others = new Thread[copies - 1];
                for (int i = 0; i < others.length; i++) {
                    MemorySegment buf = arena.allocate(bufSectors * SECTOR, 4096);
                    others[i] = Thread.ofPlatform().name("convert-copy-" + (i + 1)).daemon()
                            .start(() -> copyLoop(buf));
                }
                copyLoop(arena.allocate(bufSectors * SECTOR, 4096));
                boolean interrupted = false;
                for (Thread t : others) {
                    while (true) {
                        try {
                            t.join();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true; // the copies use the arena's buffers: wait for them all
                        }
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            Throwable f;
            synchronized (this) {
                f = failure;
            }
            if (f instanceof IOException e) {
                throw e;
            } else if (f instanceof RuntimeException e) {
                throw e;
            } else if (f instanceof Error e) {
                throw e;
            } else if (f != null) {
                throw new IOException(f);
            }
        }

        /** One copy: runs until the sectors are handed out or a copy failed. */
        private void copyLoop(MemorySegment buf) {
            long sector = -1;
            try {
                while (true) {
                    long n;
                    Status st;
                    synchronized (this) {
                        if (failure != null || nextSector >= totalSectors) {
                            return;
                        }
                        sector = nextSector;
                        n = iterationSectors(sector);
                        st = status;
                        if (minSparse == 0 && st == Status.ZERO) {
                            n = Math.min(n, bufSectors);
                        }
                        if (st == Status.DATA || (minSparse == 0 && st == Status.ZERO)) {
                            done += n;
                            bar.print(100f * done / allocated, 0);
                        }
                        nextSector = sector + n;
                    }
                    copyOne(sector, n, st, buf);
                }
            } catch (Throwable t) {
                synchronized (this) {
                    // the first failure in the order of the source is the one reported
                    long at = Math.max(sector, 0);
                    if (failure == null || at < failureSector) {
                        failure = t;
                        failureSector = at;
                    }
                    notifyAll();
                }
            }
        }

        private void copyOne(long sector, long n, Status st, MemorySegment buf) throws IOException {
            boolean buffered = st == Status.DATA || (minSparse == 0 && st == Status.ZERO);
            MemorySegment chunk = buffered ? buf.asSlice(0, n * SECTOR) : null;
            if (st == Status.DATA) {
                read(sector, n, chunk);
            } else if (buffered) {
                st = Status.DATA;
                chunk.fill((byte) 0);
            }
            if (inOrder && !awaitTurn(sector)) {
                return;
            }
            try {
                write(target, compressed, sector, n, chunk, st);
            } catch (IOException e) {
                throw new CommandFailure("error while writing at byte " + sector * SECTOR + ": "
                        + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
            }
            long copiedNow;
            synchronized (this) {
                writeTurn = sector + n;
                copied += n * SECTOR;
                copiedNow = copied;
                notifyAll();
            }
            CommitCommand.throttle(rateLimit, copiedNow, started);
        }

        /**
         * Waits until every run before {@code sector} is written; false when a run before this
         * one failed (this one is then not written: the target holds what precedes the failure).
         */
        private synchronized boolean awaitTurn(long sector) {
            boolean interrupted = false;
            while (writeTurn != sector && failureSector > sector) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a turn always comes (or a failure): keep the order
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return failureSector > sector;
        }
    }

    /** convert_co_read: from the source part(s), with --salvage sector by sector after an error. */
    private void read(long sector, long n, MemorySegment buf) {
        long pos = 0;
        long singleUntil = 0;
        while (n > 0) {
            int cur = part(sector);
            long curOffset = partStart(cur);
            long offset = (sector - curOffset) * SECTOR;
            long k = Math.min(n, srcSectors[cur] - (sector - curOffset));
            if (singleUntil > offset) {
                k = 1;
            }
            MemorySegment dst = buf.asSlice(pos, k * SECTOR);
            try {
                readClamped(src[cur], offset, dst);
            } catch (IOException e) {
                if (!salvage) {
                    throw new CommandFailure("error while reading at byte " + sector * SECTOR + ": "
                            + Errno.strerror(SnapshotCommand.errno(e)), 1, e);
                }
                if (k > 1) {
                    singleUntil = offset + k * SECTOR;
                    continue;
                }
                warn("error while reading offset " + offset + ": " + Errno.strerror(SnapshotCommand.errno(e)));
                dst.fill((byte) 0);
            }
            sector += k;
            n -= k;
            pos += k * SECTOR;
        }
    }

    private static void readClamped(BlockNode node, long offset, MemorySegment dst) throws IOException {
        long avail = Math.max(0, Math.min(dst.byteSize(), node.size() - offset));
        if (avail > 0) {
            node.read(offset, dst.asSlice(0, avail));
        }
        if (avail < dst.byteSize()) {
            dst.asSlice(avail).fill((byte) 0);
        }
    }

    /** convert_co_write with qemu-img's sparse detection (is_allocated_sectors_min). */
    private void write(BlockNode target, CompressedWriter compressed, long sector, long nb, MemorySegment buf,
                       Status st) throws IOException {
        long pos = 0;
        long targetSize = target.size();
        while (nb > 0) {
            long n = nb;
            boolean writeData = false;
            if (st == Status.BACKING_FILE) {
                // left unallocated: the backing file shows through
            } else if (st == Status.DATA) {
                if (minSparse == 0) {
                    writeData = true;
                } else if (compressed == null) {
                    long[] pnum = new long[1];
                    writeData = allocatedSectorsMin(buf.asSlice(pos), n, pnum, sector);
                    n = pnum[0];
                } else {
                    writeData = !ZeroScan.isZero(buf, pos, pos + n * SECTOR);
                }
            }
            long off = sector * SECTOR;
            long len = Math.min(n * SECTOR, targetSize - off);
            if (writeData) {
                MemorySegment piece = buf.asSlice(pos, len);
                if (compressed != null) {
                    compressed.writeCompressed(off, piece);
                } else {
                    target.write(off, piece);
                }
            } else if (st != Status.BACKING_FILE && !hasZeroInit && len > 0) {
                target.writeZeroes(off, len, RequestFlags.MAY_UNMAP);
            }
            sector += n;
            nb -= n;
            pos += n * SECTOR;
        }
    }

    private static boolean sectorIsZero(MemorySegment buf, long index) {
        return ZeroScan.isZero(buf, index * SECTOR, (index + 1) * SECTOR);
    }

    /** is_allocated_sectors: whether the first sector holds data, and how many sectors share its state. */
    private boolean allocatedSectors(MemorySegment buf, long n, long[] pnum, long sector) {
        if (n <= 0) {
            pnum[0] = 0;
            return false;
        }
        boolean isZero = sectorIsZero(buf, 0);
        long i;
        if (isZero) {
            // a zero run ends at the sector that holds the first non-zero byte
            long first = ZeroScan.firstNonZero(buf, SECTOR, n * SECTOR);
            i = first < 0 ? n : first / SECTOR;
        } else {
            i = 1;
            while (i < n && !sectorIsZero(buf, i)) {
                i++;
            }
        }
        if (i == n) {
            pnum[0] = i;
            return !isZero;
        }
        long tail = (sector + i) & (alignment - 1);
        if (tail != 0) {
            if (isZero && i <= tail) {
                isZero = false;
            }
            if (!isZero) {
                i += alignment - tail;
                i = Math.min(i, n);
            } else {
                i -= tail;
            }
        }
        pnum[0] = i;
        return !isZero;
    }

    /** is_allocated_sectors_min: up to {@code minSparse} zero sectors inside data are written as data. */
    private boolean allocatedSectorsMin(MemorySegment buf, long n, long[] pnum, long sector) {
        long min = Math.min(n, minSparse);
        if (!allocatedSectors(buf, n, pnum, sector)) {
            return false;
        }
        long used = pnum[0];
        long pos = pnum[0];
        long checked = used;
        long left = n - pnum[0];
        long s = sector + pnum[0];
        while (left > 0) {
            boolean data = allocatedSectors(buf.asSlice(pos * SECTOR), left, pnum, s);
            pos += pnum[0];
            left -= pnum[0];
            s += pnum[0];
            checked += pnum[0];
            if (data) {
                used = checked;
            } else if (pnum[0] >= min) {
                break;
            }
        }
        pnum[0] = used;
        return true;
    }

    /** convert_copy_bitmaps: each persistent bitmap of the source, with its bits, into the target. */
    private void copyBitmaps(BlockNode from, BlockNode to) throws IOException {
        DirtyBitmaps source = from.driverFeature(DirtyBitmaps.class).orElse(null);
        DirtyBitmaps target = to.driverFeature(DirtyBitmaps.class).orElseThrow();
        if (source == null) {
            return;
        }
        for (DirtyBitmaps.Bitmap b : source.bitmaps()) {
            if (b.inUse()) {
                if (skipBroken) {
                    continue;
                }
                throw new CommandFailure("Cannot copy inconsistent bitmap '" + b.name() + "'",
                        "Try --skip-broken-bitmaps, or use 'qemu-img bitmap --remove' to delete it\n", 1, null);
            }
            try {
                target.addBitmap(b.name(), b.granularity(), b.enabled());
                target.mergeInto(b.name(), source.bitmapSize(b.name()), source.dirtyRanges(b.name()));
            } catch (IOException e) {
                throw new CommandFailure(SnapshotCommand.reason(e), 1, e);
            }
        }
    }
}
