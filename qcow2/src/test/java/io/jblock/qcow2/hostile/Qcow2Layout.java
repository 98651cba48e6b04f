package io.jblock.qcow2.hostile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the metadata of a valid qcow2 image lies (docs/interop/qcow2.txt), found by a small
 * parser of its own (not jblock's, so that a parser bug cannot hide the structure from the
 * mutator): every field or table entry as a {@link Field} of a {@link Kind}. Built once per base
 * image, which qemu-img made, so the parser trusts what it reads.
 */
final class Qcow2Layout {

    /** The structures a mutation can aim at. */
    enum Kind {
        HEADER, EXTENSION_HEADER, EXTENSION_DATA, BACKING_NAME, FEATURE_TABLE, BITMAP_EXTENSION, BITMAP_DIRECTORY,
        BITMAP_TABLE, L1, L2, COMPRESSED_DESCRIPTOR, COMPRESSED_DATA, REFCOUNT_TABLE, REFCOUNT_BLOCK, SNAPSHOT_TABLE,
        SNAPSHOT_L1
    }

    /** One field: {@code width} bytes at {@code offset} (1, 2, 4 or 8 are numbers; others are blobs). */
    record Field(Kind kind, long offset, int width) {
    }

    final byte[] image;
    final int clusterBits;
    final int clusterSize;
    final boolean extendedL2;
    final Map<Kind, List<Field>> fields = new EnumMap<>(Kind.class);
    /** Offsets of metadata clusters and tables, as targets for pointer mutations. */
    final List<Long> pointers = new ArrayList<>();

    Qcow2Layout(byte[] image) {
        this.image = image;
        for (Kind k : Kind.values()) {
            fields.put(k, new ArrayList<>());
        }
        ByteBuffer b = ByteBuffer.wrap(image);
        clusterBits = b.getInt(20);
        clusterSize = 1 << clusterBits;
        int version = b.getInt(4);
        long incompat = version >= 3 ? b.getLong(72) : 0;
        extendedL2 = (incompat & 16) != 0;
        int[][] header = {{0, 4}, {4, 4}, {8, 8}, {16, 4}, {20, 4}, {24, 8}, {32, 4}, {36, 4}, {40, 8}, {48, 8},
            {56, 4}, {60, 4}, {64, 8}};
        for (int[] f : header) {
            add(Kind.HEADER, f[0], f[1]);
        }
        int headerLength = 72;
        if (version >= 3) {
            int[][] v3 = {{72, 8}, {80, 8}, {88, 8}, {96, 4}, {100, 4}};
            for (int[] f : v3) {
                add(Kind.HEADER, f[0], f[1]);
            }
            headerLength = b.getInt(100);
            if (headerLength > 104) {
                add(Kind.HEADER, 104, 1);
            }
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        if (backingOffset != 0) {
            add(Kind.BACKING_NAME, backingOffset, backingSize);
        }
        pointers.add(0L);
        extensions(b, headerLength, backingOffset);
        long l1Offset = b.getLong(40);
        int l1Size = b.getInt(36);
        pointers.add(l1Offset);
        walkL1(b, l1Offset, l1Size, Kind.L1, true);
        long rt = b.getLong(48);
        int rtClusters = b.getInt(56);
        pointers.add(rt);
        for (long i = 0; i < (long) rtClusters * clusterSize / 8; i++) {
            long e = b.getLong((int) (rt + i * 8));
            if (i < 64 || e != 0) {
                add(Kind.REFCOUNT_TABLE, rt + i * 8, 8);
            }
            long block = e & ~511L;
            if (block != 0 && block + clusterSize <= image.length) {
                pointers.add(block);
                for (int k = 0; k < clusterSize; k += 8) {
                    add(Kind.REFCOUNT_BLOCK, block + k, 8);
                }
            }
        }
        snapshots(b, b.getInt(60), b.getLong(64));
    }

    private void add(Kind k, long offset, int width) {
        if (offset >= 0 && offset + width <= image.length && width > 0) {
            fields.get(k).add(new Field(k, offset, width));
        }
    }

    private void extensions(ByteBuffer b, int start, long backingOffset) {
        long end = backingOffset != 0 && backingOffset > start ? backingOffset : clusterSize;
        int p = start;
        while (p + 8 <= end && p + 8 <= image.length) {
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            add(Kind.EXTENSION_HEADER, p, 4);
            add(Kind.EXTENSION_HEADER, p + 4, 4);
            if (type == 0 || len < 0 || p + 8L + len > image.length) {
                return;
            }
            Kind k = type == 0x6803f857 ? Kind.FEATURE_TABLE : type == 0x23852875 ? Kind.BITMAP_EXTENSION
                    : Kind.EXTENSION_DATA;
            if (k == Kind.BITMAP_EXTENSION && len >= 24) {
                add(k, p + 8, 4);
                add(k, p + 12, 4);
                add(k, p + 16, 8);
                add(k, p + 24, 8);
                bitmaps(b, b.getInt(p + 8), b.getLong(p + 16), b.getLong(p + 24));
            } else if (k == Kind.FEATURE_TABLE) {
                for (int e = 0; e + 48 <= len; e += 48) {
                    add(k, p + 8 + e, 1);
                    add(k, p + 9 + e, 1);
                    add(k, p + 10 + e, 46);
                }
            } else {
                add(k, p + 8, len);
            }
            p += 8 + ((len + 7) & ~7);
        }
    }

    private void bitmaps(ByteBuffer b, int count, long dirSize, long dirOffset) {
        pointers.add(dirOffset);
        long p = dirOffset;
        for (int i = 0; i < count && p + 24 <= dirOffset + dirSize && p + 24 <= image.length; i++) {
            int[][] entry = {{0, 8}, {8, 4}, {12, 4}, {16, 1}, {17, 1}, {18, 2}, {20, 4}};
            for (int[] f : entry) {
                add(Kind.BITMAP_DIRECTORY, p + f[0], f[1]);
            }
            long table = b.getLong((int) p);
            int tableSize = b.getInt((int) p + 8);
            int nameSize = b.getShort((int) p + 18) & 0xffff;
            int extra = b.getInt((int) p + 20);
            add(Kind.BITMAP_DIRECTORY, p + 24 + extra, nameSize);
            pointers.add(table);
            for (long k = 0; k < tableSize && table + k * 8 + 8 <= image.length; k++) {
                add(Kind.BITMAP_TABLE, table + k * 8, 8);
            }
            p += (24 + extra + nameSize + 7) & ~7L;
        }
    }

    private void walkL1(ByteBuffer b, long l1Offset, int l1Size, Kind kind, boolean withL2) {
        int entryBytes = extendedL2 ? 16 : 8;
        for (long i = 0; i < l1Size; i++) {
            long at = l1Offset + i * 8;
            if (at + 8 > image.length) {
                return;
            }
            add(kind, at, 8);
            long l2 = b.getLong((int) at) & 0x00ff_ffff_ffff_fe00L;
            if (!withL2 || l2 == 0 || l2 + clusterSize > image.length) {
                continue;
            }
            pointers.add(l2);
            for (int k = 0; k < clusterSize; k += entryBytes) {
                long e = b.getLong((int) (l2 + k));
                if ((e & (1L << 62)) != 0) {
                    add(Kind.COMPRESSED_DESCRIPTOR, l2 + k, 8);
                    int shift = 62 - (clusterBits - 8);
                    long off = e & ((1L << shift) - 1);
                    long sectors = ((e & 0x3fff_ffff_ffff_ffffL) >>> shift) + 1;
                    add(Kind.COMPRESSED_DATA, off, (int) Math.min(sectors * 512 - (off & 511), image.length - off));
                } else if (e != 0 || k < 64 * entryBytes) {
                    add(Kind.L2, l2 + k, 8);
                    if (extendedL2) {
                        add(Kind.L2, l2 + k + 8, 8);
                    }
                }
            }
        }
    }

    private void snapshots(ByteBuffer b, int count, long offset) {
        long p = offset;
        for (int i = 0; i < count && p + 40 <= image.length; i++) {
            int[][] entry = {{0, 8}, {8, 4}, {12, 2}, {14, 2}, {16, 4}, {20, 4}, {24, 8}, {32, 4}, {36, 4}};
            for (int[] f : entry) {
                add(Kind.SNAPSHOT_TABLE, p + f[0], f[1]);
            }
            long l1 = b.getLong((int) p);
            int l1Size = b.getInt((int) p + 8);
            int idLen = b.getShort((int) p + 12) & 0xffff;
            int nameLen = b.getShort((int) p + 14) & 0xffff;
            int extra = b.getInt((int) p + 36);
            for (int e = 0; e + 8 <= extra; e += 8) {
                add(Kind.SNAPSHOT_TABLE, p + 40 + e, 8);
            }
            add(Kind.SNAPSHOT_TABLE, p + 40 + extra, idLen);
            add(Kind.SNAPSHOT_TABLE, p + 40 + extra + idLen, nameLen);
            pointers.add(l1);
            walkL1(b, l1, l1Size, Kind.SNAPSHOT_L1, false);
            p += 40L + extra + idLen + nameLen;
            p = (p + 7) & ~7L;
        }
    }
}
