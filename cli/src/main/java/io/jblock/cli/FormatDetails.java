package io.jblock.cli;

import io.jblock.storage.BlockNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The qemu-img human form of a node's format-specific facts (QEMU's ImageInfoSpecific:
 * {@code compat}, {@code lazy-refcounts}, ...), as {@link BlockNode#formatSpecificInfo()}
 * reports them.
 */
public final class FormatDetails {
    private FormatDetails() {
    }

    /**
     * Prints {@code Format specific information:} and the members as qemu-img info does
     * (dump_qobject): objects in QEMU's QDict order, lists as {@code [N]:} items.
     *
     * @param out where to print
     * @param specific the node's format-specific info
     */
    public static void printHuman(PrintWriter out, Map<String, Object> specific) {
        if (specific.isEmpty()) {
            return;
        }
        out.println("Format specific information:");
        printMembers(out, (Map<?, ?>) QemuJson.qdictOrder(specific), 1);
    }

    private static void printMembers(PrintWriter out, Map<?, ?> map, int depth) {
        String pad = "    ".repeat(depth);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey()).replace('-', ' ');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                out.println(pad + key + ":");
                printMembers(out, m, depth + 1);
            } else if (v instanceof List<?> l) {
                out.println(pad + key + ":");
                for (Object item : l) {
                    if (item instanceof Map<?, ?> m) {
                        out.println(pad + "    [" + l.indexOf(item) + "]:");
                        printMembers(out, m, depth + 2);
                    } else {
                        out.println(pad + "    [" + l.indexOf(item) + "]: " + item);
                    }
                }
            } else {
                out.println(pad + key + ": " + v);
            }
        }
    }
}
