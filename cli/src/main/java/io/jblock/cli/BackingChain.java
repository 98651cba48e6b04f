package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image's backing chain as the headers describe it (each image read on its own, without its
 * backing file), for the commands that must open a chain with other than the default
 * permissions (commit writes into a backing file) or compare a chain's elements with a name
 * given on the command line (commit -b, QEMU's bdrv_find_backing_image).
 */
final class BackingChain {

    /**
     * One image of the chain.
     *
     * @param ref           how to open it
     * @param name          its name as QEMU shows it (the top's as given, the others resolved
     *                      against the image above)
     * @param format        its format
     * @param backingName   the backing file its header names, or null
     * @param backingFormat the backing format its header names, or null
     */
    record Link(ImageRef ref, String name, String format, String backingName, String backingFormat) {
        /** The backing file resolved against this image's directory, or null. */
        String fullBacking() {
            return backingName == null ? null : QemuImgArgs.resolveAgainst(name, backingName);
        }
    }

    private BackingChain() {
    }

    /** The chain from {@code top} down to the image without backing file. */
    static List<Link> of(ImageRef top, boolean forceShare) throws IOException {
        List<Link> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ImageRef ref = top;
        String name = top.displayName();
        while (ref != null) {
            if (!seen.add(name)) {
                throw new CommandFailure("Backing file '" + name + "' creates an infinite loop.", 1);
            }
            Link link;
            // metadata only (as QEMU's img_info walk): encrypted links need no key here
            try (BlockNode n = ForceShareOption.apply(ref.withoutBacking(), true, forceShare).openMetadataOnly()) {
                Map<String, Object> specific = n.formatSpecificInfo();
                String backing = specific.get("backing-filename") instanceof String s && !s.isEmpty() ? s : null;
                String backingFormat = (String) specific.get("backing-filename-format");
                link = new Link(ref, name, n.driverName(), backing, backingFormat);
            }
            out.add(link);
            String next = link.fullBacking();
            ref = next == null ? null : ImageRef.of(next, link.backingFormat());
            name = next;
        }
        return out;
    }

    /**
     * QEMU's bdrv_find_backing_image: the index of the chain element (below the top) that
     * {@code wanted} names: for file names, {@code wanted} resolved against an image is the same
     * real path as that image's backing file; protocol names are compared as strings with the
     * name the header has or its resolved form; -1 when none.
     */
    static int find(List<Link> chain, String wanted) {
        boolean protocol = wanted.contains(":");
        for (int i = 0; i + 1 < chain.size(); i++) {
            Link l = chain.get(i);
            if (protocol || l.backingName().contains(":")) {
                // protocol names are compared as they are
                if (wanted.equals(l.backingName()) || wanted.equals(l.fullBacking())) {
                    return i + 1;
                }
                continue;
            }
            String a = realPath(QemuImgArgs.resolveAgainst(l.name(), wanted));
            String b = realPath(l.fullBacking());
            if (a != null && a.equals(b)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String realPath(String p) {
        try {
            return Path.of(p).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return Files.exists(Path.of(p)) ? Path.of(p).toAbsolutePath().normalize().toString() : null;
        }
    }

    /**
     * The option string that opens the chain's top with its backing files named explicitly down
     * to element {@code last}, which is opened read-write when {@code lastWritable}; below
     * {@code last} the backing files are the ones its header names (read-only).
     */
    static String optionString(List<Link> chain, int last, boolean lastWritable) throws IOException {
        StringBuilder sb = new StringBuilder(chain.get(0).ref().optionString());
        Set<String> given = new HashSet<>(); // the user's options win over the chain's (no duplicates)
        for (String item : items(sb.toString())) {
            given.add(item.contains("=") ? item.substring(0, item.indexOf('=')) : item);
        }
        String prefix = "";
        for (int i = 1; i <= last; i++) {
            prefix += "backing.";
            Link l = chain.get(i);
            // the image as its own reference opens it (a json: name too), with the format found
            ImageRef ref = new ImageRef(l.ref().file(), l.format(), l.ref().imageOpts());
            for (String item : items(ref.optionString())) {
                String key = prefix + (item.contains("=") ? item.substring(0, item.indexOf('=')) : item);
                if (given.add(key)) {
                    sb.append(',').append(prefix).append(item);
                }
            }
            if (i == last && lastWritable) {
                sb.append(',').append(prefix).append("read-only=off");
            }
        }
        return sb.toString();
    }

    /** The {@code key=value} items of an option string, escaped commas ({@code ,,}) kept as they are. */
    static List<String> items(String options) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < options.length(); i++) {
            if (options.charAt(i) == ',') {
                if (i + 1 < options.length() && options.charAt(i + 1) == ',') {
                    i++;
                    continue;
                }
                out.add(options.substring(start, i));
                start = i + 1;
            }
        }
        if (start < options.length()) {
            out.add(options.substring(start));
        }
        return out;
    }

    /**
     * Whether the run at {@code offset} is allocated in {@code top} or an image below it and above
     * {@code base} (bdrv_is_allocated_above with base excluded), and how long the run is.
     */
    static BlockStatus allocatedAbove(BlockNode top, BlockNode base, long offset, long length) throws IOException {
        BlockNode node = top;
        long len = length;
        while (node != null && node != base) {
            if (offset >= node.size()) {
                break;
            }
            BlockStatus s = node.blockStatus(offset, Math.min(len, node.size() - offset));
            if (s.allocated()) {
                return new BlockStatus(offset, s.length(), s.data(), s.zero(), true, -1, null);
            }
            len = s.length();
            node = node.child("backing");
        }
        return BlockStatus.unallocated(offset, len);
    }
}
