package io.jblock.qcow2;

import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.metadata.Snapshot;
import io.jblock.qcow2.types.Features;
import io.jblock.storage.spi.NodeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * QEMU's metadata overlap check (qcow2_check_metadata_overlap, qcow2_pre_write_overlap_check):
 * before the engine writes to its image file, the range is compared with the metadata the image
 * has in use (header, L1 and L2 tables, refcount table and blocks, snapshot table and the
 * snapshots' L1 tables, bitmap directory). A write that would land on metadata is refused with a
 * {@link Qcow2CorruptImageException} "Preventing invalid write on metadata (overlaps with ...)",
 * which the driver turns into QEMU's corruption event: the image is marked corrupt and the node
 * refuses further writes. Only a hostile or corrupted image (an L2 entry or a refcount that points
 * at metadata) makes this happen; a consistent image never trips it.
 *
 * <p>Which checks run is QEMU's {@code overlap-check} option: {@code none}, {@code constant}
 * (what needs no table walk), {@code cached} (the default: also active L2 tables, refcount blocks
 * and inactive L1 tables, from what is in memory) or {@code all} (also the snapshots' L2 tables,
 * read from the file on every check), and the {@code overlap-check.<kind>} switches. A metadata
 * write names the kind it writes ({@code ignore}), which is then not checked against itself.
 *
 * <p>Callers hold {@link Qcow2Image#metaLock}, or, on the data path, run where the tables named
 * here cannot be freed under them (a data cluster is written only after it is mapped).
 */
final class MetadataOverlap {
    static final int MAIN_HEADER = 1;
    static final int ACTIVE_L1 = 1 << 1;
    static final int ACTIVE_L2 = 1 << 2;
    static final int REFCOUNT_TABLE = 1 << 3;
    static final int REFCOUNT_BLOCK = 1 << 4;
    static final int SNAPSHOT_TABLE = 1 << 5;
    static final int INACTIVE_L1 = 1 << 6;
    static final int INACTIVE_L2 = 1 << 7;
    static final int BITMAP_DIRECTORY = 1 << 8;

    static final int CONSTANT = MAIN_HEADER | ACTIVE_L1 | REFCOUNT_TABLE | SNAPSHOT_TABLE | BITMAP_DIRECTORY;
    static final int CACHED = CONSTANT | ACTIVE_L2 | REFCOUNT_BLOCK | INACTIVE_L1;
    static final int ALL = CACHED | INACTIVE_L2;

    /** QEMU's names, in bit order: the option suffixes and the words of the message. */
    private static final String[] OPTION_NAMES = {"main-header", "active-l1", "active-l2", "refcount-table",
        "refcount-block", "snapshot-table", "inactive-l1", "inactive-l2", "bitmap-directory"};
    private static final String[] MESSAGE_NAMES = {"qcow2_header", "active L1 table", "active L2 table",
        "refcount table", "refcount block", "snapshot table", "inactive L1 table", "inactive L2 table",
        "bitmap directory"};

    /** Option keys this class reads (for the factory's option list). */
    static final List<String> OPTION_KEYS;

    static {
        List<String> keys = new java.util.ArrayList<>(List.of("overlap-check", "overlap-check.template"));
        for (String n : OPTION_NAMES) {
            keys.add("overlap-check." + n);
        }
        OPTION_KEYS = List.copyOf(keys);
    }

    private static final long TABLE_OFFSET_MASK = 0x00fffffffffffe00L;

    private final Qcow2Image img;
    private final int checks;
    private L2Tables l2;
    private RefcountAllocator refcounts;
    /** The snapshots' L1 tables as {offset, bytes} pairs, for the header fields they were read for. */
    private long[] snapshotL1s = new long[0];
    private long snapshotTableBytes;
    private long snapshotsOffsetSeen = -1;
    private int snapshotCountSeen = -1;

    MetadataOverlap(Qcow2Image img, int checks) {
        this.img = img;
        this.checks = checks;
    }

    /**
     * The checks QEMU's options select ({@code overlap-check}, {@code overlap-check.template},
     * {@code overlap-check.<kind>}); an unknown mode or a conflict is an option error.
     *
     * @throws IllegalArgumentException for a value QEMU refuses (the graph opener names the node)
     */
    static int checksFrom(NodeOptions o) {
        String mode;
        try {
            mode = o.string("overlap-check").orElse(null);
        } catch (io.jblock.storage.InvalidOptionException group) {
            // QEMU's name is a value and the prefix of the per-kind switches at once: given only
            // as switches (overlap-check.inactive-l2=on), it is a group here and means the default
            mode = null;
        }
        String template = o.string("overlap-check.template").orElse(null);
        if (mode != null && template != null && !mode.equals(template)) {
            throw new IllegalArgumentException("Conflicting values for qcow2 options 'overlap-check' ('" + mode
                    + "') and 'overlap-check.template' ('" + template + "')");
        }
        String m = mode != null ? mode : template != null ? template : "cached";
        int base = switch (m) {
            case "none" -> 0;
            case "constant" -> CONSTANT;
            case "cached" -> CACHED;
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("Unsupported value '" + m + "' for qcow2 option "
                    + "'overlap-check'. Allowed are any of the following: none, constant, cached, all");
        };
        int checks = 0;
        for (int i = 0; i < OPTION_NAMES.length; i++) {
            if (o.bool("overlap-check." + OPTION_NAMES[i], (base & (1 << i)) != 0)) {
                checks |= 1 << i;
            }
        }
        return checks;
    }

    /** Joins the tables this check reads; until then only the header's fields are checked. */
    void attach(L2Tables l2Tables, RefcountAllocator allocator) {
        this.l2 = l2Tables;
        this.refcounts = allocator;
    }

    /**
     * A write of guest data to the image file ({@code ignore} 0). Writes to an external data
     * file are not checked (metadata never lives there).
     */
    void beforeDataWrite(long hostOffset, long length) throws IOException {
        if (!img.hasExternalDataFile()) {
            beforeWrite(0, hostOffset, length);
        }
    }

    /** {@return whether {@link #beforeDataWrite} would refuse this write} (the asynchronous path's test) */
    boolean dataWriteOverlaps(long hostOffset, long length) throws IOException {
        return !img.hasExternalDataFile() && find(checks, hostOffset, length) != 0;
    }

    /**
     * Refuses a write of {@code [offset, offset + length)} of the image file that would land on
     * metadata of a kind other than {@code ignore}.
     *
     * @throws Qcow2CorruptImageException naming the kind of metadata the write would overwrite
     */
    void beforeWrite(int ignore, long offset, long length) throws IOException {
        int kind = find(checks & ~ignore, offset, length);
        if (kind != 0) {
            throw img.corrupt("Preventing invalid write on metadata (overlaps with "
                    + MESSAGE_NAMES[Integer.numberOfTrailingZeros(kind)] + ")", offset);
        }
    }

    /** {@return the first kind of metadata (one bit) that the range overlaps, or 0} */
    int find(int chk, long offset, long length) throws IOException {
        if (length <= 0 || chk == 0) {
            return 0;
        }
        int cs = img.clusterSize();
        if ((chk & MAIN_HEADER) != 0 && offset < cs) {
            return MAIN_HEADER;
        }
        // whole clusters, as QEMU compares them
        long start = offset & ~(long) (cs - 1);
        long end = offset + length;
        end = end + cs - 1 & ~(long) (cs - 1);
        var h = img.header;
        if ((chk & ACTIVE_L1) != 0 && h.l1Size != 0 && overlaps(start, end, h.l1TableOffset, h.l1Size * 8L)) {
            return ACTIVE_L1;
        }
        if ((chk & REFCOUNT_TABLE) != 0 && h.refcountTableClusters != 0
                && overlaps(start, end, h.refcountTableOffset, (long) h.refcountTableClusters * cs)) {
            return REFCOUNT_TABLE;
        }
        if ((chk & (SNAPSHOT_TABLE | INACTIVE_L1 | INACTIVE_L2)) != 0 && h.nbSnapshots != 0) {
            int k = findInSnapshots(chk, start, end);
            if (k != 0) {
                return k;
            }
        }
        if ((chk & ACTIVE_L2) != 0 && l2 != null && anyEntryInside(l2.l1(), l2.l1().length, cs, start, end)) {
            return ACTIVE_L2;
        }
        if ((chk & REFCOUNT_BLOCK) != 0 && refcounts != null) {
            long[] table = refcounts.table();
            if (anyEntryInside(table, refcounts.tableEnd(), cs, start, end)) {
                return REFCOUNT_BLOCK;
            }
        }
        if ((chk & BITMAP_DIRECTORY) != 0 && (h.autoclearFeatures & Features.AUTOCLEAR_BITMAPS) != 0) {
            for (HeaderExtension e : h.otherExtensions) {
                if (e.type() == HeaderExtension.BITMAPS && e.data().length == 24) {
                    ByteBuffer b = ByteBuffer.wrap(e.data());
                    if (overlaps(start, end, b.getLong(16), b.getLong(8))) {
                        return BITMAP_DIRECTORY;
                    }
                }
            }
        }
        return 0;
    }

    private int findInSnapshots(int chk, long start, long end) throws IOException {
        long[] l1s = snapshotL1s();
        if ((chk & SNAPSHOT_TABLE) != 0 && overlaps(start, end, img.header.snapshotsOffset, snapshotTableBytes)) {
            return SNAPSHOT_TABLE;
        }
        if ((chk & INACTIVE_L1) != 0) {
            for (int i = 0; i < l1s.length; i += 2) {
                if (l1s[i + 1] != 0 && overlaps(start, end, l1s[i], l1s[i + 1])) {
                    return INACTIVE_L1;
                }
            }
        }
        if ((chk & INACTIVE_L2) != 0) {
            for (Snapshot s : InternalSnapshots.read(img)) {
                long[] l1 = InternalSnapshots.readL1(img, s);
                if (anyEntryInside(l1, l1.length, img.clusterSize(), start, end)) {
                    return INACTIVE_L2;
                }
            }
        }
        return 0;
    }

    /** The snapshots' L1 tables, read again whenever the header names another snapshot table. */
    private long[] snapshotL1s() throws IOException {
        var h = img.header;
        if (h.snapshotsOffset != snapshotsOffsetSeen || h.nbSnapshots != snapshotCountSeen) {
            List<Snapshot> list = InternalSnapshots.read(img);
            long[] out = new long[list.size() * 2];
            for (int i = 0; i < list.size(); i++) {
                out[2 * i] = list.get(i).l1TableOffset();
                out[2 * i + 1] = Integer.toUnsignedLong(list.get(i).l1Size()) * 8;
            }
            snapshotL1s = out;
            snapshotTableBytes = InternalSnapshots.tableLength(img);
            snapshotsOffsetSeen = h.snapshotsOffset;
            snapshotCountSeen = h.nbSnapshots;
        }
        return snapshotL1s;
    }

    /** Whether a table entry (an L1 entry, a refcount table entry) names a cluster that meets {@code [start, end)}. */
    private static boolean anyEntryInside(long[] table, int entries, int clusterSize, long start, long end) {
        for (int i = 0; i < entries; i++) {
            long off = table[i] & TABLE_OFFSET_MASK;
            if (off != 0 && off < end && off + clusterSize > start) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code [start, end)} meets {@code [offset, offset + size)} (QEMU's overlaps_with). */
    private static boolean overlaps(long start, long end, long offset, long size) {
        if (size <= 0) {
            return false;
        }
        long last = offset + size;
        if (last < offset) {
            last = Long.MAX_VALUE; // a hostile size: everything from offset on
        }
        return start < last && offset < end;
    }
}
