package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.FilenameSyntax;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jblock info}: qemu-img info (qemu-img.c's img_info, block/qapi.c's
 * bdrv_query_image_info and bdrv_image_info_dump). Each image is opened on its own without its
 * backing file (QEMU's BDRV_O_NO_BACKING), so info works while a backing file is missing; with
 * {@code --backing-chain} the backing file the header names (resolved against the image's
 * directory) is opened next, with the format the header names or probed.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints an image's format, virtual size, disk usage and format-specific facts; "
                + "--output=json uses qemu-img's keys (virtual-size, actual-size, format, cluster-size, "
                + "format-specific, ...).")
public final class InfoCommand extends JblockSubcommand {
    /** Keys a driver reports among its format-specific facts that qemu-img prints at the top level. */
    private static final Set<String> TOP_LEVEL = Set.of("cluster-size", "backing-filename",
            "backing-filename-format", "encrypted");

    @Mixin
    ImageOptions image;

    @Option(names = "--output", paramLabel = "human|json", description = "Output format: human (default) or json.")
    String output;

    @Option(names = "--backing-chain", description = "Describe every image of the backing chain.")
    boolean backingChain;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Mixin
    ForceShareOption share;

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        boolean json;
        if (output == null || output.equals("human")) {
            json = false;
        } else if (output.equals("json")) {
            json = true;
        } else {
            throw new CommandFailure("--output must be used with human or json as argument.", 1);
        }
        List<Map<String, Object>> chain = collect(image.ref(), backingChain, share.forceShare);
        if (json) {
            out().println(QemuJson.qdict(backingChain ? chain : chain.get(0)));
        } else {
            for (int i = 0; i < chain.size(); i++) {
                if (i > 0) {
                    out().println();
                }
                printHuman(chain.get(i));
            }
        }
        return 0;
    }

    /** qemu-img's collect_image_info_list: the image and, with {@code chain}, its backing files. */
    static List<Map<String, Object>> collect(ImageRef first, boolean chain, boolean forceShare) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ImageRef ref = first;
        while (ref != null) {
            String name = ref.displayName();
            if (!seen.add(ref.imageOpts() ? ref.file() : name)) {
                throw new CommandFailure("Backing file '" + name + "' creates an infinite loop.", 1);
            }
            Map<String, Object> info;
            try (BlockNode node = ForceShareOption.apply(ref.withoutBacking(), true, forceShare)
                    .openMetadataOnly()) {
                info = describe(node, refreshedName(ref, node, name), baseName(ref, node, name));
            }
            out.add(info);
            ref = null;
            if (chain && info.get("full-backing-filename") instanceof String next) {
                ref = ImageRef.of(next, (String) info.get("backing-filename-format"));
            }
        }
        return out;
    }

    /**
     * The image's name as QEMU's bdrv_refresh_filename makes it: a {@code json:} name that only
     * names a file is that file's name, a {@code PROTOCOL:} name is the name the protocol node
     * opened ({@code file:a:b.img} is {@code ./a:b.img}); other names are as given.
     */
    static String refreshedName(ImageRef ref, BlockNode node, String name) {
        if (ref.imageOpts() && hasStrongOption(ref.file())) {
            return jsonName(ref.file());
        }
        if (ref.imageOpts() || node.filename() == null) {
            return name;
        }
        if (FilenameSyntax.isJson(name)) {
            return FilenameSyntax.isPlain(name) ? node.filename() : name;
        }
        return FilenameSyntax.hasProtocol(name) ? node.filename() : name;
    }

    /** Whether the root's options hold one of qcow2's strong_runtime_opts (they make the name a json: one). */
    private static boolean hasStrongOption(String options) {
        return BackingChain.items(options).stream().anyMatch(i -> i.startsWith("encrypt.key-secret="));
    }

    /** An option string as a {@code json:} name (dotted keys nested), as bdrv_refresh_filename prints it. */
    private static String jsonName(String options) {
        Map<String, Object> root = new java.util.LinkedHashMap<>();
        for (String item : BackingChain.items(options)) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String[] path = item.substring(0, eq).split("\\.");
            Map<String, Object> m = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object sub = m.get(path[i]);
                if (!(sub instanceof Map)) {
                    sub = new java.util.LinkedHashMap<String, Object>();
                    m.put(path[i], sub);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) sub;
                m = next;
            }
            m.put(path[path.length - 1], item.substring(eq + 1).replace(",,", ","));
        }
        return "json:" + QemuJson.compact(root);
    }

    /**
     * What a relative backing file name is relative to (QEMU's bdrv_dirname): the file the image
     * is read from when its name has a protocol or is {@code json:}, else its name as given.
     */
    static String baseName(ImageRef ref, BlockNode node, String name) {
        if (ref.imageOpts() || node.filename() == null || !FilenameSyntax.hasProtocol(name)) {
            return name;
        }
        return node.filename();
    }

    /** The qemu-img info JSON object of one node (bdrv_query_image_info), members in QAPI's order. */
    static Map<String, Object> describe(BlockNode node, String name) throws IOException {
        return describe(node, name, name);
    }

    /**
     * As {@link #describe(BlockNode, String)}, resolving a relative backing file name against
     * {@code base} (QEMU's bdrv_dirname of the image) instead of {@code name}.
     */
    static Map<String, Object> describe(BlockNode node, String name, String base) throws IOException {
        Map<String, Object> specific = new LinkedHashMap<>(node.formatSpecificInfo());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("filename", name);
        info.put("format", node.driverName());
        Optional<ImageChecker> checker = node.driverFeature(ImageChecker.class);
        if (!node.driverName().equals("file")) {
            // every format driver answers bdrv_get_info; the file protocol does not
            info.put("dirty-flag", checker.isPresent() && checker.get().isDirty());
        }
        OptionalLong actual = allocatedBytes(node);
        if (actual.isPresent()) {
            info.put("actual-size", actual.getAsLong());
        }
        info.put("virtual-size", node.size());
        if (specific.containsKey("cluster-size")) {
            info.put("cluster-size", specific.get("cluster-size"));
        }
        if (Boolean.TRUE.equals(specific.get("encrypted"))) {
            info.put("encrypted", true);
        }
        if (specific.get("backing-filename") instanceof String backing && !backing.isEmpty()) {
            info.put("backing-filename", backing);
            info.put("full-backing-filename", QemuImgArgs.resolveAgainst(base, backing));
            if (specific.get("backing-filename-format") instanceof String bf) {
                info.put("backing-filename-format", bf);
            }
        }
        List<SnapshotInfo> snapshots = SnapshotCommand.snapshots(node).orElse(List.of());
        if (!snapshots.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (SnapshotInfo s : snapshots) {
                list.add(SnapshotCommand.json(s));
            }
            info.put("snapshots", list);
        }
        specific.keySet().removeAll(TOP_LEVEL);
        if (!specific.isEmpty()) {
            Map<String, Object> fs = new LinkedHashMap<>();
            fs.put("type", node.driverName());
            fs.put("data", specific);
            info.put("format-specific", fs);
        }
        return info;
    }

    /**
     * QEMU's bdrv_get_allocated_file_size: a protocol node's {@code st_blocks * 512}; a format
     * node's sum over its file and data-file children (not the backing file).
     */
    static OptionalLong allocatedBytes(BlockNode node) {
        if (node.children().isEmpty()) {
            return DiskUsage.allocatedBytes(node.filename());
        }
        long sum = 0;
        boolean any = false;
        for (var c : node.children()) {
            if (c.role().equals("file") || c.role().equals("data-file")) {
                OptionalLong part = allocatedBytes(c.node());
                if (part.isEmpty()) {
                    return part;
                }
                sum += part.getAsLong();
                any = true;
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    @SuppressWarnings("unchecked")
    private void printHuman(Map<String, Object> info) {
        var out = out();
        out.println("image: " + info.get("filename"));
        out.println("file format: " + info.get("format"));
        long size = ((Number) info.get("virtual-size")).longValue();
        out.println("virtual size: " + ByteSizes.human(size) + " (" + size + " bytes)");
        out.println("disk size: " + (info.containsKey("actual-size")
                ? ByteSizes.human(((Number) info.get("actual-size")).longValue()) : "unavailable"));
        if (Boolean.TRUE.equals(info.get("encrypted"))) {
            out.println("encrypted: yes");
        }
        if (info.containsKey("cluster-size")) {
            out.println("cluster_size: " + info.get("cluster-size"));
        }
        if (Boolean.TRUE.equals(info.get("dirty-flag"))) {
            out.println("cleanly shut down: no");
        }
        if (info.containsKey("backing-filename")) {
            Object backing = info.get("backing-filename");
            Object full = info.get("full-backing-filename");
            out.println("backing file: " + backing
                    + (full == null ? " (cannot determine actual path)"
                        : !full.equals(backing) ? " (actual path: " + full + ")" : ""));
            if (info.containsKey("backing-filename-format")) {
                out.println("backing file format: " + info.get("backing-filename-format"));
            }
        }
        if (info.get("snapshots") instanceof List<?> snaps) {
            out.println("Snapshot list:");
            out.println(SnapshotCommand.HEADER);
            for (Object s : snaps) {
                out.println(SnapshotCommand.row((Map<String, Object>) s));
            }
        }
        Object fs = info.get("format-specific");
        if (fs instanceof Map<?, ?> m) {
            FormatDetails.printHuman(out, (Map<String, Object>) m.get("data"));
        }
    }
}
