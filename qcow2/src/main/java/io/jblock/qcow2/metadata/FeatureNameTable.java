package io.jblock.qcow2.metadata;

import io.jblock.qcow2.types.Features;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

    /** An empty table: names no bit. */
    public FeatureNameTable() {
    }

    /**
     * Parses the extension data; entries past the data's end are ignored.
     *
     * @param data the extension's data
     * @return the table
     */
    public static FeatureNameTable parse(byte[] data) {
        FeatureNameTable t = new FeatureNameTable();
        for (int p = 0; p + ENTRY <= data.length; p += ENTRY) {
            int type = data[p] & 0xff;
            int bit = data[p + 1] & 0xff;
            int len = 0;
            while (len < 46 && data[p + 2 + len] != 0) {
                len++;
            }
            t.names.put(type * 256 + bit, new String(data, p + 2, len, StandardCharsets.UTF_8));
        }
        return t;
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
