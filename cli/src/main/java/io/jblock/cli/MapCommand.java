package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jblock map}: qemu-img map. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Prints how the image's virtual disk maps to its file: runs of data, zeroes and "
                + "unallocated space, their depth in the backing chain and their offset in the file.")
public final class MapCommand extends JblockSubcommand {

    @Mixin
    ImageOptions image;

    @Mixin
    ForceShareOption share;

    @Option(names = "--output", paramLabel = "human|json", defaultValue = "human")
    OutputFormat output;

    @Option(names = "--start-offset", paramLabel = "OFFSET", description = "Start at this offset.")
    String startOffset;

    @Option(names = "--max-length", paramLabel = "LENGTH", description = "Map at most this many bytes.")
    String maxLength;

    /** One run of the map. */
    record Extent(long start, long length, int depth, boolean present, boolean zero, boolean data,
                  long offset, String file) {
        boolean continues(Extent e) {
            return start + length == e.start && depth == e.depth && present == e.present && zero == e.zero
                    && data == e.data && java.util.Objects.equals(file, e.file)
                    && ((offset < 0 && e.offset < 0) || (offset >= 0 && offset + length == e.offset));
        }

        Extent join(Extent e) {
            return new Extent(start, length + e.length, depth, present, zero, data, offset, file);
        }
    }

    @Override
    public Integer call() throws IOException {
        ImageRef ref = share.apply(image.ref(), true);
        try (BlockNode node = ref.open(true, false, CacheMode.WRITEBACK)) {
            long size = node.size();
            long start = startOffset == null ? 0 : ByteSizes.parse(startOffset);
            long end = maxLength == null ? size : Math.min(size, start + ByteSizes.parse(maxLength));
            List<Extent> extents = extents(node, start, end);
            if (output == OutputFormat.json) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < extents.size(); i++) {
                    sb.append(QemuJson.compact(json(extents.get(i))));
                    sb.append(i + 1 < extents.size() ? ",\n" : "]");
                }
                if (extents.isEmpty()) {
                    sb.append(']');
                }
                out().println(sb);
            } else {
                out().printf("%-16s%-16s%-16s%s%n", "Offset", "Length", "Mapped to", "File");
                for (Extent e : extents) {
                    if (e.data() && e.offset() >= 0) {
                        out().printf("%-16s%-16s%-16s%s%n", hex(e.start()), hex(e.length()), hex(e.offset()),
                                e.file() != null ? e.file() : ref.displayName());
                    }
                }
            }
        }
        return 0;
    }

    /** The merged runs of {@code [start, end)}. */
    static List<Extent> extents(BlockNode node, long start, long end) throws IOException {
        List<Extent> out = new ArrayList<>();
        long off = start;
        while (off < end) {
            Extent e = resolve(node, off, end - off, 0);
            if (!out.isEmpty() && out.get(out.size() - 1).continues(e)) {
                out.set(out.size() - 1, out.get(out.size() - 1).join(e));
            } else {
                out.add(e);
            }
            off += e.length();
        }
        return out;
    }

    /** What the run at {@code off} reads from: this node, or a node deeper in the backing chain. */
    private static Extent resolve(BlockNode node, long off, long len, int depth) throws IOException {
        BlockStatus s = node.blockStatus(off, len);
        BlockNode backing = node.child("backing");
        if (!s.allocated() && backing != null && off < backing.size()) {
            Extent deeper = resolve(backing, off, Math.min(s.length(), backing.size() - off), depth + 1);
            return deeper;
        }
        boolean present = s.allocated();
        boolean zero = s.zero() || (!present && !s.data());
        String f = s.hostFile() != null ? s.hostFile().filename() : null;
        return new Extent(off, s.length(), depth, present, zero, s.data(), s.hostOffset(), f);
    }

    private static Map<String, Object> json(Extent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", e.start());
        m.put("length", e.length());
        m.put("depth", e.depth());
        m.put("present", e.present());
        m.put("zero", e.zero());
        m.put("data", e.data());
        if (e.offset() >= 0) {
            m.put("offset", e.offset());
        }
        return m;
    }

    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
