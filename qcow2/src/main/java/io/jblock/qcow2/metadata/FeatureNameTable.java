package io.jblock.qcow2.metadata;

import io.jblock.qcow2.types.Features;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature name table header extension: names for feature bits, so that a reader that does
 * not know a bit can still say which feature it is refusing.
 */
public final class FeatureNameTable {
    /** Entry type of incompatible feature bits. */
    public static final int TYPE_INCOMPATIBLE = 0;
    /** Entry type of compatible feature bits. */
    public static final int TYPE_COMPATIBLE = 1;
    /** Entry type of autoclear feature bits. */
    public static final int TYPE_AUTOCLEAR = 2;
    private static final int ENTRY = 48;

    private final Map<Integer, String> names = new HashMap<>();
    /** The entries in table order, as {@code type * 256 + bit} keys (QEMU walks them in this order). */
    private final List<Integer> order = new ArrayList<>();

    /** An empty table: names no bit. */
    public FeatureNameTable() {
    }

    /**
     * Parses the extension data as QEMU reads it: 48-byte entries, the last one zero-padded when
     * the data ends inside it, up to the first entry with an empty name.
     *
     * @param data the extension's data
     * @return the table
     */
    public static FeatureNameTable parse(byte[] data) {
        FeatureNameTable t = new FeatureNameTable();
        byte[] padded = java.util.Arrays.copyOf(data, (data.length + ENTRY - 1) / ENTRY * ENTRY);
        for (int p = 0; p < padded.length && padded[p + 2] != 0; p += ENTRY) {
            int type = padded[p] & 0xff;
            int bit = padded[p + 1] & 0xff;
            int len = 0;
            while (len < 46 && padded[p + 2 + len] != 0) {
                len++;
            }
            int key = type * 256 + bit;
            if (t.names.putIfAbsent(key, new String(padded, p + 2, len, StandardCharsets.UTF_8)) == null) {
                t.order.add(key);
            }
        }
        return t;
    }

    /**
     * Describes unsupported incompatible bits as QEMU's {@code report_unsupported_feature} does:
     * the names the table gives them, in table order, then {@code Unknown incompatible feature: }
     * and the hexadecimal mask of the bits it does not name.
     *
     * @param mask the unsupported incompatible bits (not 0)
     * @return the comma-separated description
     */
    public String describeIncompatible(long mask) {
        StringBuilder b = new StringBuilder();
        for (int key : order) {
            int bit = key & 0xff;
            if (key >> 8 == TYPE_INCOMPATIBLE && bit < 64 && (mask & (1L << bit)) != 0) {
                b.append(b.isEmpty() ? "" : ", ").append(names.get(key));
                mask &= ~(1L << bit);
            }
        }
        if (mask != 0) {
            b.append(b.isEmpty() ? "" : ", ").append("Unknown incompatible feature: ").append(Long.toHexString(mask));
        }
        return b.toString();
    }

    /**
     * {@return the name of a feature bit, or null if the table does not name it}
     *
     * @param type {@link #TYPE_INCOMPATIBLE}, {@link #TYPE_COMPATIBLE} or {@link #TYPE_AUTOCLEAR}
     * @param bit the feature bit number
     */
    public String name(int type, int bit) {
        return names.get(type * 256 + bit);
    }

    /** {@return the table QEMU 7.2 writes into new v3 images} */
    public static byte[] qemuDefault() {
        String[][] entries = {
            {"0", "0", "dirty bit"}, {"0", "1", "corrupt bit"}, {"0", "2", "external data file"},
            {"0", "3", "compression type"}, {"0", "4", "extended L2 entries"},
            {"1", "0", "lazy refcounts"}, {"2", "0", "bitmaps"}, {"2", "1", "raw external data"},
        };
        byte[] out = new byte[entries.length * ENTRY];
        for (int i = 0; i < entries.length; i++) {
            out[i * ENTRY] = (byte) Integer.parseInt(entries[i][0]);
            out[i * ENTRY + 1] = (byte) Integer.parseInt(entries[i][1]);
            byte[] n = entries[i][2].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(n, 0, out, i * ENTRY + 2, n.length);
        }
        return out;
    }

    /**
     * {@return name for an incompatible bit: from the table if present, else QEMU's name}
     *
     * @param bit the feature bit number
     */
    public String incompatibleName(int bit) {
        String n = name(TYPE_INCOMPATIBLE, bit);
        return n != null ? n : Features.incompatibleName(bit);
    }
}
