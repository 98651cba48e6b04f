package io.jblock.qcow2.metadata;

import java.util.Arrays;

/**
 * One header extension as stored after the header: a type, and its data (unpadded).
 * Unknown extensions are kept byte for byte and written back on every header rewrite.
 *
 * @param type the extension type (a magic number)
 * @param data its data, unpadded
 */
public record HeaderExtension(int type, byte[] data) {
    public static final int END = 0;
    public static final int BACKING_FORMAT = 0xe2792aca;
    public static final int FEATURE_TABLE = 0x6803f857;
    public static final int BITMAPS = 0x23852875;
    public static final int ENCRYPTION = 0x0537be77;
    public static final int DATA_FILE = 0x44415441;

    /** Copies the data. */
    public HeaderExtension {
        data = data.clone();
    }

    /** {@return a copy of the data} */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** {@return bytes this extension takes in the header cluster: 8 plus data padded to 8} */
    public int storedLength() {
        return 8 + ((data.length + 7) & ~7);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderExtension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }
}
