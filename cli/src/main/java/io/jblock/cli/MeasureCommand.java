package io.jblock.cli;

import io.jblock.qcow2.Qcow2Measure;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.feature.DirtyBitmaps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock measure}: qemu-img measure (qemu-img.c's img_measure, block/qcow2.c's
 * qcow2_measure and raw-format's raw_measure): how large a new image of format {@code -O} would
 * be, for a size ({@code --size}) or for the contents of an image (its allocated clusters).
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Prints the size an image of format -O would need for --size SIZE or for the "
                + "contents of FILE: required size, fully allocated size (and bitmaps size).")
public final class MeasureCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", description = "Format of FILE; probed if absent.")
    String format;

    @Option(names = "-O", paramLabel = "OUTPUT_FMT", defaultValue = "raw", description = "Format to measure for.")
    String outFormat;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Creation options of the output format.")
    List<String> options = new ArrayList<>();

    @Option(names = "-l", paramLabel = "SNAPSHOT", description = "Measure this internal snapshot of FILE.")
    String snapshot;

    @Option(names = "--size", paramLabel = "SIZE", description = "Measure an empty image of this size.")
    String size;

    @Option(names = "--output", paramLabel = "human|json")
    String output;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Mixin
    ForceShareOption share;

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        String optionList = QemuImgArgs.accumulate(options);
        boolean json = false;
        if (output != null) {
            if (output.equals("json")) {
                json = true;
            } else if (!output.equals("human")) {
                throw new CommandFailure("--output must be used with human or json as argument.", 1);
            }
        }
        checkSnapshotOptions(snapshot);
        long imgSize = size == null ? -1 : QemuImgArgs.cvtnum("image size", size);
        if (files.size() > 1) {
            throw new CommandFailure("At most one filename argument is allowed.", 1);
        }
        String filename = files.isEmpty() ? null : files.get(0);
        if (filename == null && (imageOpts || format != null || snapshot != null)) {
            throw new CommandFailure("--image-opts, -f, and -l require a filename argument.", 1);
        }
        if (filename != null && imgSize != -1) {
            throw new CommandFailure("--size N cannot be used together with a filename.", 1);
        }
        if (filename == null && imgSize == -1) {
            throw new CommandFailure("Either --size N or one filename must be specified.", 1);
        }
        BlockNode in = null;
        try {
            if (filename != null) {
                ImageRef ref = share.apply(new ImageRef(filename, format, imageOpts), true);
                if (snapshot != null) {
                    ref = withSnapshot(ref, snapshot);
                }
                in = ref.open(true, false, CacheMode.WRITEBACK);
            }
            List<QemuOpts.Desc> descs = CreateOptionTable.create(outFormat);
            if (descs == null) {
                throw new CommandFailure("Unknown file format '" + outFormat + "'", 1);
            }
            QemuOpts q = new QemuOpts(QemuOpts.append(descs, CreateOptionTable.FILE_CREATE));
            try {
                q.parse(optionList);
            } catch (QemuOpts.InvalidOption e) {
                throw new CommandFailure(e.getMessage() + "\nInvalid options for file format '" + outFormat + "'",
                        e.hint(), 1, e);
            }
            if (imgSize != -1) {
                q.set("size", Long.toString(imgSize));
            }
            Map<String, Object> info = switch (outFormat) {
                case "qcow2" -> qcow2(q, in);
                case "raw" -> raw(q, in);
                case "luks" -> luks(q, in);
                default -> throw new CommandFailure("Block driver '" + outFormat
                        + "' does not support size measurement", 1);
            };
            if (json) {
                out().println(QemuJson.qdict(info));
            } else {
                out().println("required size: " + info.get("required"));
                out().println("fully allocated size: " + info.get("fully-allocated"));
                if (info.containsKey("bitmaps")) {
                    out().println("bitmaps size: " + info.get("bitmaps"));
                }
            }
        } finally {
            if (in != null) {
                in.close();
            }
        }
        return 0;
    }

    /**
     * img_measure's {@code -l snapshot.*} parse, done while reading the arguments: only
     * {@code snapshot.id} and {@code snapshot.name} (QEMU's internal_snapshot_opts).
     */
    private static void checkSnapshotOptions(String snapshot) {
        if (snapshot == null || !snapshot.startsWith("snapshot.")) {
            return;
        }
        for (String kv : snapshot.split(",")) {
            String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
            if (!key.equals("snapshot.id") && !key.equals("snapshot.name")) {
                throw new CommandFailure("Invalid parameter '" + key + "'\nFailed in parsing snapshot param '"
                        + snapshot + "'", 1);
            }
        }
    }

    /** The image read as one of its internal snapshots (bdrv_snapshot_load_tmp_by_id_or_name). */
    private static ImageRef withSnapshot(ImageRef ref, String name) throws IOException {
        String key = name.startsWith("snapshot.id=") || name.startsWith("snapshot.name=") ? name
                : null;
        if (key == null) {
            ImageRef probe = ref.withoutBacking();
            String opts = probe.optionString();
            try (BlockNode n = new ImageRef(opts, null, true).open(true, false, CacheMode.WRITEBACK)) {
                var table = SnapshotCommand.snapshots(n).orElse(List.of());
                String byId = null;
                String byName = null;
                for (var s : table) {
                    if (s.id().equals(name)) {
                        byId = s.id();
                    }
                    if (byName == null && s.name().equals(name)) {
                        byName = s.id();
                    }
                }
                String id = byId != null ? byId : byName;
                if (id == null) {
                    throw new CommandFailure("Failed to load snapshot: Can't find snapshot", 1);
                }
                key = "snapshot.id=" + id;
            }
        }
        return new ImageRef(ref.optionString() + "," + key, null, true);
    }

    private static Map<String, Object> raw(QemuOpts q, BlockNode in) throws IOException {
        long required = in != null ? in.size() : (q.size("size", 0) + 511) / 512 * 512;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("required", required);
        m.put("fully-allocated", required);
        return m;
    }

    /** block_crypto_measure: header plus the virtual size, allocated or not (it is all encrypted). */
    private static Map<String, Object> luks(QemuOpts q, BlockNode in) throws IOException {
        long size = in != null ? in.size() : q.size("size", 0);
        long required = LuksMeasure.headerLength(q, "") + size;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("required", required);
        m.put("fully-allocated", required);
        return m;
    }

    private Map<String, Object> qcow2(QemuOpts q, BlockNode in) throws IOException {
        try {
            boolean extL2 = QemuOpts.parseBool("extended_l2", q.getOrDefault("extended_l2"));
            long clusterSize = q.size("cluster_size", 65536);
            int bits = Long.numberOfTrailingZeros(clusterSize);
            if (bits < 9 || bits > 21 || (1L << bits) != clusterSize) {
                throw new CommandFailure("Cluster size must be a power of two between 512 and 2048k", 1);
            }
            if (extL2 && clusterSize < 16384) {
                throw new CommandFailure("Extended L2 entries are only supported with cluster sizes of at least "
                        + "16384 bytes", 1);
            }
            String compat = q.get("compat");
            int version = compat == null || compat.equals("1.1") ? 3 : compat.equals("0.10") ? 2 : -1;
            if (version < 0) {
                throw new CommandFailure("Invalid compatibility level: '" + compat + "'", 1);
            }
            long refcountBits = QemuOpts.parseNumber("refcount_bits", q.getOrDefault("refcount_bits"));
            if (refcountBits > 64 || Long.bitCount(refcountBits) != 1) {
                throw new CommandFailure("Refcount width must be a power of two and may not exceed 64 bits", 1);
            }
            if (version < 3 && refcountBits != 16) {
                throw new CommandFailure("Different refcount widths than 16 bits require compatibility level 1.1 or "
                        + "above (use compat=1.1 or greater)", 1);
            }
            String prealloc = q.get("preallocation");
            if (prealloc != null && !List.of("off", "metadata", "falloc", "full").contains(prealloc)) {
                throw new CommandFailure("Invalid parameter '" + prealloc + "'", 1);
            }
            boolean hasBacking = q.has("backing_file");
            long virtualSize = roundUp(q.size("size", 0), clusterSize);
            if (Qcow2Measure.tooLarge(virtualSize, clusterSize, extL2)) {
                throw new CommandFailure("The image size is too large (try using a larger cluster size)", 1);
            }
            long required = 0;
            if (in != null) {
                long ssize = in.size();
                virtualSize = roundUp(ssize, clusterSize);
                if (hasBacking) {
                    required = virtualSize;
                } else {
                    List<MapCommand.Extent> extents = MapCommand.extents(in, 0, ssize);
                    int idx = 0;
                    for (long off = 0; off < ssize; ) {
                        while (extents.get(idx).start() + extents.get(idx).length() <= off) {
                            idx++;
                        }
                        MapCommand.Extent e = extents.get(idx);
                        long pnum = e.start() + e.length() - off;
                        if (e.zero()) {
                            // zero runs need nothing (safe without a backing file)
                        } else if (e.data() && e.present()) {
                            pnum = roundUp(off + pnum, clusterSize) - off;
                            required += off % clusterSize + pnum;
                        }
                        off += pnum;
                    }
                }
            }
            if ("full".equals(prealloc) || "falloc".equals(prealloc)) {
                required = virtualSize;
            }
            long luksHeader = "luks".equals(q.get("encrypt.format"))
                    ? roundUp(LuksMeasure.headerLength(q, "encrypt."), clusterSize) : 0;
            long full = luksHeader + Qcow2Measure.fullyAllocated(virtualSize, clusterSize, Long.numberOfTrailingZeros(refcountBits),
                    extL2);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("required", full - virtualSize + required);
            m.put("fully-allocated", full);
            DirtyBitmaps bitmaps = in == null ? null : in.driverFeature(DirtyBitmaps.class).orElse(null);
            if (version >= 3 && bitmaps != null && supportsBitmaps(in)) {
                m.put("bitmaps", bitmapsSize(bitmaps, in.size(), clusterSize));
            }
            return m;
        } catch (QemuOpts.InvalidOption e) {
            throw new CommandFailure(e.getMessage(), e.hint(), 1, e);
        }
    }

    /** bdrv_supports_persistent_dirty_bitmap: a qcow2 v3 source. */
    private static boolean supportsBitmaps(BlockNode in) throws IOException {
        return "1.1".equals(in.formatSpecificInfo().get("compat"));
    }

    /** qcow2_get_persistent_dirty_bitmap_size. */
    private static long bitmapsSize(DirtyBitmaps bitmaps, long size, long clusterSize) throws IOException {
        long total = 0;
        long dir = 0;
        for (DirtyBitmaps.Bitmap b : bitmaps.bitmaps()) {
            long bits = (size + b.granularity() - 1) / b.granularity();
            long bytes = (bits + 7) / 8;
            long clusters = (bytes + clusterSize - 1) / clusterSize;
            total += clusters * clusterSize;
            total += roundUp(clusters * 8, clusterSize);
            dir += (24 + b.name().getBytes(StandardCharsets.UTF_8).length + 7) & ~7;
        }
        return total + roundUp(dir, clusterSize);
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }
}
