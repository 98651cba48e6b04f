package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jblock info}: qemu-img info. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints an image's format, virtual size, disk usage and format-specific facts; "
                + "--output=json uses qemu-img's keys (virtual-size, actual-size, format, cluster-size, "
                + "format-specific, ...).")
public final class InfoCommand extends JblockSubcommand {
    /** Keys a driver may report among its format-specific facts that qemu-img prints at the top level. */
    private static final Set<String> TOP_LEVEL = Set.of("cluster-size", "backing-filename",
            "backing-filename-format", "encrypted");

    @Mixin
    ImageOptions image;

    @Option(names = "--output", paramLabel = "human|json", defaultValue = "human",
            description = "Output format: human (default) or json.")
    OutputFormat output;

    @Option(names = "--backing-chain", description = "Describe every image of the backing chain.")
    boolean backingChain;

    @Mixin
    ForceShareOption share;

    @Override
    public Integer call() throws IOException {
        ImageRef ref = share.apply(image.ref(), true);
        List<Map<String, Object>> chain = new ArrayList<>();
        try (BlockNode root = ref.open(true, false, CacheMode.WRITEBACK)) {
            BlockNode node = root;
            while (node != null) {
                chain.add(describe(node, node == root ? ref.displayName() : node.filename()));
                if (!backingChain) {
                    break;
                }
                node = node.child("backing");
            }
        }
        if (output == OutputFormat.json) {
            out().println(QemuJson.pretty(backingChain ? chain : chain.get(0)));
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

    /** The qemu-img info JSON object of one node, keys in qemu-img's order. */
    static Map<String, Object> describe(BlockNode node, String name) throws IOException {
        Map<String, Object> specific = new LinkedHashMap<>(node.formatSpecificInfo());
        Map<String, Object> info = new LinkedHashMap<>();
        Optional<ImageChecker> qcow2 = node.driverFeature(ImageChecker.class);
        List<SnapshotInfo> snapshots = SnapshotCommand.snapshots(node).orElse(List.of());
        if (!snapshots.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (SnapshotInfo s : snapshots) {
                list.add(SnapshotCommand.json(s));
            }
            info.put("snapshots", list);
        }
        info.put("virtual-size", node.size());
        info.put("filename", name);
        if (specific.containsKey("cluster-size")) {
            info.put("cluster-size", specific.get("cluster-size"));
        }
        info.put("format", node.driverName());
        BlockNode file = node.child("file");
        OptionalLong actual = DiskUsage.allocatedBytes(file != null ? file.filename() : node.filename());
        if (actual.isPresent()) {
            info.put("actual-size", actual.getAsLong());
        }
        BlockNode backing = node.child("backing");
        if (specific.containsKey("backing-filename")) {
            info.put("backing-filename", specific.get("backing-filename"));
        }
        if (backing != null) {
            info.put("full-backing-filename", backing.filename());
        }
        if (specific.containsKey("backing-filename-format")) {
            info.put("backing-filename-format", specific.get("backing-filename-format"));
        } else if (backing != null) {
            info.put("backing-filename-format", backing.driverName());
        }
        if (specific.containsKey("encrypted")) {
            info.put("encrypted", specific.get("encrypted"));
        }
        specific.keySet().removeAll(TOP_LEVEL);
        if (!specific.isEmpty()) {
            Map<String, Object> fs = new LinkedHashMap<>();
            fs.put("type", node.driverName());
            fs.put("data", specific);
            info.put("format-specific", fs);
        }
        // qemu-img reports the flag for every format whose driver answers get_info; raw's is false
        info.put("dirty-flag", qcow2.isPresent() && qcow2.get().isDirty());
        return info;
    }

    @SuppressWarnings("unchecked")
    private void printHuman(Map<String, Object> info) {
        var out = out();
        out.println("image: " + info.get("filename"));
        out.println("file format: " + info.get("format"));
        long size = (Long) info.get("virtual-size");
        out.println("virtual size: " + ByteSizes.human(size) + " (" + size + " bytes)");
        if (info.containsKey("actual-size")) {
            out.println("disk size: " + ByteSizes.human(((Number) info.get("actual-size")).longValue()));
        }
        if (info.containsKey("cluster-size")) {
            out.println("cluster_size: " + info.get("cluster-size"));
        }
        if (Boolean.TRUE.equals(info.get("dirty-flag"))) {
            out.println("cleanly shut down: no");
        }
        if (info.containsKey("backing-filename")) {
            Object full = info.get("full-backing-filename");
            out.println("backing file: " + info.get("backing-filename")
                    + (full != null && !full.equals(info.get("backing-filename")) ? " (actual path: " + full + ")" : ""));
        }
        if (info.containsKey("backing-filename-format")) {
            out.println("backing file format: " + info.get("backing-filename-format"));
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
