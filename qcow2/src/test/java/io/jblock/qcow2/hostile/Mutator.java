package io.jblock.qcow2.hostile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid qcow2 image, aimed at its metadata ({@link Qcow2Layout}): a mutant
 * gets one to three of them. Each mutation picks a structure (header field, header extension,
 * backing name, feature table, bitmaps extension, bitmap directory and tables, L1 and L2 entries,
 * compressed descriptors and data, refcount table and blocks, snapshot table and snapshot L1
 * tables), a field in it, and a change: bit flips, a random value, a boundary value (0, 1, -1,
 * the sign bit, 2^31, 2^32, 2^62), a pointer to another structure or past the end of the file, a
 * misaligned pointer, flag bits (COPIED, COMPRESSED, ZERO, reserved) or a copy of another entry;
 * sometimes the file is cut short or grown with garbage. The same seed gives the same mutant.
 */
final class Mutator {

    private static final Qcow2Layout.Kind[] KINDS = Qcow2Layout.Kind.values();
    private static final long[] BOUNDARY = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 31, (1L << 31) - 1,
        1L << 32, (1L << 32) - 1, 1L << 62, 1L << 55, 0x00ff_ffff_ffff_fe00L, 512, 511, 65535, 65536};

    private Mutator() {
    }

    /** The mutant of {@code base} for {@code seed}, and a one-line description of what changed. */
    record Mutant(byte[] bytes, String description) {
    }

    static Mutant mutate(Qcow2Layout base, long seed) {
        Random r = new Random(seed);
        byte[] img = base.image.clone();
        List<String> what = new ArrayList<>();
        int n = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < n; i++) {
            img = once(base, img, r, what);
        }
        return new Mutant(img, String.join("; ", what));
    }

    private static byte[] once(Qcow2Layout base, byte[] img, Random r, List<String> what) {
        int roll = r.nextInt(100);
        if (roll < 3) {
            int len = r.nextInt(img.length);
            what.add("truncate to " + len);
            return Arrays.copyOf(img, len);
        }
        if (roll < 5) {
            int extra = 1 + r.nextInt(base.clusterSize * 4);
            byte[] grown = Arrays.copyOf(img, img.length + extra);
            for (int k = img.length; k < grown.length; k++) {
                grown[k] = (byte) r.nextInt();
            }
            what.add("append " + extra + " bytes of garbage");
            return grown;
        }
        if (roll < 10) {
            return structural(base, img, r, what);
        }
        Qcow2Layout.Field f = pick(base, r);
        if (f == null || f.offset() + f.width() > img.length) {
            return img;
        }
        ByteBuffer b = ByteBuffer.wrap(img);
        int pos = (int) f.offset();
        String where = f.kind() + "@" + f.offset() + "/" + f.width();
        if (f.width() != 1 && f.width() != 2 && f.width() != 4 && f.width() != 8) {
            // a blob (names, extension data, compressed data): flip or overwrite some bytes
            int count = 1 + r.nextInt(Math.min(8, f.width()));
            for (int k = 0; k < count; k++) {
                int at = pos + r.nextInt(f.width());
                img[at] = r.nextBoolean() ? (byte) (img[at] ^ (1 << r.nextInt(8))) : (byte) r.nextInt();
            }
            what.add(where + ": " + count + " bytes changed");
            return img;
        }
        long old = read(b, pos, f.width());
        long v = switch (r.nextInt(9)) {
            case 0, 1 -> old ^ (1L << r.nextInt(f.width() * 8)); // one bit
            case 2 -> old ^ (1L << r.nextInt(f.width() * 8)) ^ (1L << r.nextInt(f.width() * 8));
            case 3 -> BOUNDARY[r.nextInt(BOUNDARY.length)];
            case 4 -> r.nextLong();
            case 5 -> pointer(base, img, r) | (old & 0x8000_0000_0000_0001L); // keep COPIED and ZERO bits
            case 6 -> old + (r.nextBoolean() ? 1 : -1) * (r.nextBoolean() ? 1 : 512L << r.nextInt(12));
            case 7 -> old ^ flag(r);
            default -> {
                Qcow2Layout.Field other = pick(base, r); // the value of another field of the same width
                yield other != null && other.width() == f.width() && other.offset() + other.width() <= img.length
                        ? read(b, (int) other.offset(), other.width()) : ~old;
            }
        };
        write(b, pos, f.width(), v);
        what.add(where + ": 0x" + Long.toHexString(old) + " -> 0x" + Long.toHexString(read(b, pos, f.width())));
        return img;
    }

    /**
     * Changes that take several coordinated fields: the largest disk the L1 table can address
     * (size and L1 size together), every L1 entry aliasing one L2 table, tables that point at
     * themselves, a snapshot count the table cannot hold.
     */
    private static byte[] structural(Qcow2Layout base, byte[] img, Random r, List<String> what) {
        ByteBuffer b = ByteBuffer.wrap(img);
        if (img.length < 72) {
            return img; // cut shorter than a header by an earlier mutation
        }
        int l2Bits = base.clusterBits - (base.extendedL2 ? 4 : 3);
        long l1Offset = b.getLong(40);
        if (l1Offset < 0 || l1Offset + 8 > img.length) {
            return img; // an earlier mutation moved or cut the L1 table away
        }
        switch (r.nextInt(5)) {
            case 0 -> {
                long maxEntries = Math.max(1, Math.min((img.length - l1Offset) / 8, (32L << 20) / 8));
                b.putInt(36, (int) maxEntries);
                b.putLong(24, maxEntries << (base.clusterBits + l2Bits));
                what.add("largest disk the L1 table can address: " + maxEntries + " L1 entries");
            }
            case 1 -> {
                long l2 = 0;
                int l1Size = b.getInt(36);
                for (int i = 0; i < l1Size && l1Offset + i * 8L + 8 <= img.length; i++) {
                    long e = b.getLong((int) (l1Offset + i * 8L));
                    if (e != 0) {
                        l2 = e;
                        break;
                    }
                }
                // 1024 aliases: a 512 GiB disk for 64 KiB clusters, whose whole map costs 8 million L2
                // entry lookups (seconds); more measures lookup speed, not hangs
                long maxEntries = Math.max(1, Math.min((img.length - l1Offset) / 8, 1024));
                b.putInt(36, (int) maxEntries);
                b.putLong(24, maxEntries << (base.clusterBits + l2Bits));
                for (int i = 0; i < maxEntries && l1Offset + i * 8L + 8 <= img.length; i++) {
                    b.putLong((int) (l1Offset + i * 8L), l2);
                }
                what.add(maxEntries + " L1 entries all naming the L2 table 0x" + Long.toHexString(l2));
            }
            case 2 -> {
                b.putLong((int) l1Offset, l1Offset | (1L << 63));
                what.add("L1 entry 0 names the L1 table");
            }
            case 3 -> {
                long rt = b.getLong(48);
                if (rt >= 0 && rt + 8 <= img.length) {
                    b.putLong((int) rt, rt);
                    what.add("refcount table entry 0 names the refcount table");
                }
            }
            default -> {
                b.putInt(60, 1 + r.nextInt(70000));
                if (b.getLong(64) == 0) {
                    b.putLong(64, l1Offset);
                }
                what.add("snapshot count " + b.getInt(60) + " at 0x" + Long.toHexString(b.getLong(64)));
            }
        }
        return img;
    }

    private static Qcow2Layout.Field pick(Qcow2Layout base, Random r) {
        for (int attempt = 0; attempt < 20; attempt++) {
            // every structure kind equally likely, so rare ones (bitmaps, snapshots) get their share
            List<Qcow2Layout.Field> l = base.fields.get(KINDS[r.nextInt(KINDS.length)]);
            if (!l.isEmpty()) {
                return l.get(r.nextInt(l.size()));
            }
        }
        return null;
    }

    /** Somewhere another structure lives, past the end, or a misaligned place near one. */
    private static long pointer(Qcow2Layout base, byte[] img, Random r) {
        long p = base.pointers.get(r.nextInt(base.pointers.size()));
        return switch (r.nextInt(5)) {
            case 0 -> img.length + (long) base.clusterSize * r.nextInt(4);
            case 1 -> p + 512 * (1 + r.nextInt(7));
            case 2 -> (long) r.nextInt(Math.max(1, img.length)) & ~511L;
            default -> p;
        };
    }

    /** Flag bits of L1, L2 and refcount entries and feature bits of the header. */
    private static long flag(Random r) {
        long[] flags = {1L << 63, 1L << 62, 1L, 2L, 1L << 56, 1L << 61, 1L << 9, 1L << 1, 1L << 2, 1L << 3, 1L << 4};
        return flags[r.nextInt(flags.length)];
    }

    private static long read(ByteBuffer b, int pos, int width) {
        return switch (width) {
            case 1 -> b.get(pos) & 0xffL;
            case 2 -> b.getShort(pos) & 0xffffL;
            case 4 -> b.getInt(pos) & 0xffff_ffffL;
            default -> b.getLong(pos);
        };
    }

    private static void write(ByteBuffer b, int pos, int width, long v) {
        switch (width) {
            case 1 -> b.put(pos, (byte) v);
            case 2 -> b.putShort(pos, (short) v);
            case 4 -> b.putInt(pos, (int) v);
            default -> b.putLong(pos, v);
        }
    }
}
