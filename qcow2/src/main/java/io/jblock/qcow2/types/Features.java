package io.jblock.qcow2.types;

/** Feature bits of the qcow2 v3 header (docs/interop/qcow2.txt). */
public final class Features {
    /** Incompatible bit 0: refcounts may be inconsistent (lazy refcounts in use). */
    public static final long INCOMPAT_DIRTY = 1L;
    /** Incompatible bit 1: the image is corrupt; writes are refused. */
    public static final long INCOMPAT_CORRUPT = 1L << 1;
    /** Incompatible bit 2: guest data lives in an external data file. */
    public static final long INCOMPAT_DATA_FILE = 1L << 2;
    /** Incompatible bit 3: header byte 104 names the compression type. */
    public static final long INCOMPAT_COMPRESSION = 1L << 3;
    /** Incompatible bit 4: L2 entries are 128 bits with a subcluster bitmap. */
    public static final long INCOMPAT_EXTL2 = 1L << 4;
    /** Every incompatible bit this driver understands. */
    public static final long INCOMPAT_KNOWN = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_DATA_FILE
            | INCOMPAT_COMPRESSION | INCOMPAT_EXTL2;

    /** Compatible bit 0: lazy refcounts. */
    public static final long COMPAT_LAZY_REFCOUNTS = 1L;

    /** Autoclear bit 0: the bitmaps extension is consistent. */
    public static final long AUTOCLEAR_BITMAPS = 1L;
    /** Autoclear bit 1: the external data file is a valid raw image of the guest disk. */
    public static final long AUTOCLEAR_DATA_FILE_RAW = 1L << 1;

    /**
     * {@return QEMU's names for the incompatible bits, used when the image has no feature table}
     *
     * @param bit an incompatible feature bit number
     */
    public static String incompatibleName(int bit) {
        return switch (bit) {
            case 0 -> "dirty bit";
            case 1 -> "corrupt bit";
            case 2 -> "external data file";
            case 3 -> "compression type";
            case 4 -> "extended L2 entries";
            default -> "unknown incompatible feature bit " + bit;
        };
    }

    private Features() {
    }
}
