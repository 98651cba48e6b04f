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

    @Option(names = "--output", paramLabel = "human|json")
    String output;

    @Option(names = {"-s", "--start-offset"}, paramLabel = "OFFSET", description = "Start at this offset.")
    String startOffset;

    @Option(names = {"-l", "--max-length"}, paramLabel = "LENGTH", description = "Map at most this many bytes.")
    String maxLength;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    /** One run of the map (QEMU's MapEntry; offset -1 when it has none). */
    record Extent(long start, long length, int depth, boolean present, boolean zero, boolean data,
                  long offset, String file) {
        /** entry_mergeable. */
        boolean continues(Extent e) {
            return length > 0 && zero == e.zero && data == e.data && depth == e.depth && present == e.present
                    && (file == null) == (e.file == null) && (file == null || file.equals(e.file))
                    && (offset < 0) == (e.offset < 0) && (offset < 0 || offset + length == e.offset);
        }

        Extent join(Extent e) {
            return new Extent(start, length + e.length, depth, present, zero, data, offset, file);
        }

        Extent asZero() {
            return new Extent(start, length, depth, present, true, false, offset, file);
        }
    }

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        boolean json = false;
        if (output != null) {
            if (output.equals("json")) {
                json = true;
            } else if (!output.equals("human")) {
                throw new CommandFailure("--output must be used with human or json as argument.", 1);
            }
        }
        long start = startOffset == null ? 0 : QemuImgArgs.cvtnum("start offset", startOffset);
        long max = maxLength == null ? -1 : QemuImgArgs.cvtnum("max length", maxLength);
        ImageRef ref = share.apply(image.ref(), true);
        try (BlockNode node = ref.open(true, false, CacheMode.WRITEBACK)) {
            if (json) {
                out().print('[');
            } else {
                out().printf("%-16s%-16s%-16s%s%n", "Offset", "Length", "Mapped to", "File");
            }
            long length = node.size();
            if (max != -1) {
                length = Math.min(start + max, length);
            }
            // img_map: entries merged as they come; each printed when the next one does not merge
            Extent curr = new Extent(start, 0, 0, false, false, false, -1, null);
            while (curr.start() + curr.length() < length) {
                long off = curr.start() + curr.length();
                Extent next = resolve(node, off, length - off, 0);
                if (curr.continues(next)) {
                    curr = curr.join(next);
                    continue;
                }
                if (curr.length() > 0) {
                    next = print(curr, next, json);
                }
                curr = next;
            }
            print(curr, null, json);
            if (json) {
                out().println("]");
            }
        }
        return 0;
    }

    /** dump_map_entry; returns {@code next} as the human form coalesces it. */
    private Extent print(Extent e, Extent next, boolean json) {
        if (json) {
            out().print(QemuJson.compact(json(e)));
            if (next != null) {
                out().println(",");
            }
            return next;
        }
        if (e.data() && e.offset() < 0) {
            out().flush();
            throw new CommandFailure("File contains external, encrypted or compressed clusters.", 1);
        }
        if (e.data() && !e.zero()) {
            out().println(String.format("%-16s%-16s%-16s%s", hex(e.start()), hex(e.length()),
                    hex(Math.max(0, e.offset())), e.file() != null ? e.file() : ""));
        }
        // the human form does not tell 0, ZERO and ZERO|DATA apart: let them coalesce
        if (next != null && (!next.data() || next.zero())) {
            return next.asZero();
        }
        return next;
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

    /**
     * get_block_status: the status of the run at {@code off}, from this node or, where it is
     * neither data nor zero here, from the backing chain below.
     */
    static Extent resolve(BlockNode top, long off, long len, int depth) throws IOException {
        BlockNode node = skipFilters(top);
        BlockStatus s = node.blockStatus(off, len);
        if (!s.data() && !s.zero()) {
            BlockNode backing = node.child("backing");
            if (backing != null && off < backing.size()) {
                return resolve(backing, off, Math.min(s.length(), backing.size() - off), depth + 1);
            }
            if (backing == null && !s.allocated()) {
                return new Extent(off, s.length(), depth, false, false, false, -1, null);
            }
        }
        String f = s.hostFile() != null && s.hostOffset() >= 0 ? s.hostFile().filename() : null;
        return new Extent(off, s.length(), depth, s.allocated(), s.zero(), s.data(), s.hostOffset(), f);
    }

    /**
     * bdrv_skip_filters: a filter (blkdebug, blklogwrites, compress, copy-on-read) has no backing
     * chain of its own; the chain that map follows is its filtered child's.
     */
    static BlockNode skipFilters(BlockNode node) {
        BlockNode n = node;
        while (true) {
            String role = switch (n.driverName()) {
                case "blkdebug" -> "image";
                case "blklogwrites", "compress", "copy-on-read" -> "file";
                default -> null;
            };
            BlockNode c = role == null ? null : n.child(role);
            if (c == null) {
                return n;
            }
            n = c;
        }
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
