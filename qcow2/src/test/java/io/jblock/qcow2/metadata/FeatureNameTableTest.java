package io.jblock.qcow2.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The unsupported-feature message as QEMU's report_unsupported_feature builds it (qemu-iotests
 * 036): names from the feature table in table order, then the mask of the unnamed bits; a table
 * whose data ends inside an entry (036 writes 14 bytes) still names that entry.
 */
class FeatureNameTableTest {

    private static byte[] entry(int type, int bit, String name) {
        byte[] e = new byte[2 + name.length()];
        e[0] = (byte) type;
        e[1] = (byte) bit;
        System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, e, 2, name.length());
        return e;
    }

    private static byte[] full(byte[]... entries) {
        byte[] out = new byte[entries.length * 48];
        for (int i = 0; i < entries.length; i++) {
            System.arraycopy(entries[i], 0, out, i * 48, entries[i].length);
        }
        return out;
    }

    @Test
    void shortTableStillNamesItsEntry() {
        FeatureNameTable t = FeatureNameTable.parse(entry(0, 63, "Test feature"));
        assertEquals("Test feature", t.describeIncompatible(1L << 63));
        assertEquals("Test feature, Unknown incompatible feature: 6000000000000000",
                t.describeIncompatible(7L << 61));
    }

    @Test
    void namesInTableOrderThenTheUnnamedMask() {
        FeatureNameTable t = FeatureNameTable.parse(full(entry(0, 62, "test2"), entry(0, 61, "test1"),
                entry(1, 63, "compatible, not listed")));
        assertEquals("test2, test1, Unknown incompatible feature: 8000000000000000",
                t.describeIncompatible(7L << 61));
        assertEquals("Unknown incompatible feature: 800", new FeatureNameTable().describeIncompatible(1L << 11));
    }

    @Test
    void anEntryWithAnEmptyNameEndsTheTable() {
        FeatureNameTable t = FeatureNameTable.parse(full(entry(0, 61, "test1"), entry(0, 0, ""), entry(0, 62, "test2")));
        assertEquals("test1, Unknown incompatible feature: 4000000000000000", t.describeIncompatible(3L << 61));
    }
}
