package io.jblock.qcow2;

import io.jblock.ffm.Errno;
import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.types.Features;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.feature.DirtyBitmaps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * qcow2's persistent dirty bitmaps (block/qcow2-bitmap.c, docs/interop/qcow2.txt "Bitmaps"):
 * the bitmaps extension, its directory, bitmap tables and data clusters, and the bitmaps held in
 * memory while the image is open.
 *
 * <p>Lifecycle, as QEMU's: a writable open loads every bitmap and marks the ones it loaded in
 * use on disk (directory rewritten in place under a cleared autoclear bit, so a crash in between
 * drops the extension instead of leaving a half-written one); guest writes set bits of enabled
 * bitmaps ({@link #markDirty}); close and inactivation store them: data clusters and tables
 * first, then a new directory, a flush, then the header naming it (synced), then the old
 * directory and tables are freed. A bitmap found in use on open is inconsistent: kept on disk
 * as it is, refused for everything but removal. Removing a stored bitmap commits a directory
 * without it before its clusters are freed.
 *
 * <p>Thread safety: {@link #markDirty} may run from many writers at once (it locks this
 * object); everything else runs under {@link Qcow2Image#metaLock} with no guest request in
 * flight.
 */
final class PersistentBitmaps {
    static final int FLAG_IN_USE = 1;
    static final int FLAG_AUTO = 2;
    private static final int RESERVED_FLAGS = ~0b111;
    private static final int MAX_BITMAPS = 65535;
    private static final long MAX_DIRECTORY = 1024L * MAX_BITMAPS;
    private static final long MAX_TABLE_SIZE = 0x800_0000L;
    private static final long MAX_PHYS_SIZE = 0x2000_0000L;
    private static final int MAX_NAME = 1023;
    private static final long ENTRY_OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    private static final long ENTRY_RESERVED_MASK = 0xff00_0000_0000_01feL;

    /** One bitmap: its directory entry and, when loaded or added, its bits. */
    static final class Bitmap {
        final String name;
        int granularityBits;
        int flags;
        long tableOffset;
        int tableSize;
        /** Bits in memory (bit i covers bytes [i << granularityBits, ...)); null when not loaded. */
        long[] bits;
        long size;
        boolean enabled;
        boolean inconsistent;

        Bitmap(String name) {
            this.name = name;
        }

        long granularity() {
            return 1L << granularityBits;
        }
    }

    private final Qcow2Image img;
    private final RefcountAllocator refcounts;
    private final L2Tables l2;
    private final List<Bitmap> loaded = new ArrayList<>();
    private boolean writable;

    PersistentBitmaps(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts) {
        this.img = img;
        this.l2 = l2;
        this.refcounts = refcounts;
    }

    private BlockIOException failure(String what, int errno) {
        return new BlockIOException(what, img.nodeName, img.filename(), -1, errno, null);
    }

    // ------------------------------------------------------------------ the extension on disk

    /** The extension's fields: bitmaps, directory size, directory offset; null when absent or not valid. */
    private long[] extension() {
        if ((img.header.autoclearFeatures & Features.AUTOCLEAR_BITMAPS) == 0) {
            return null;
        }
        for (HeaderExtension e : img.header.otherExtensions) {
            if (e.type() == HeaderExtension.BITMAPS && e.data().length == 24) {
                ByteBuffer b = ByteBuffer.wrap(e.data());
                return new long[] {Integer.toUnsignedLong(b.getInt(0)), b.getLong(8), b.getLong(16)};
            }
        }
        return null;
    }

    /** Whether the header carries a bitmaps extension at all. */
    boolean hasExtension() {
        return img.header.otherExtensions.stream().anyMatch(e -> e.type() == HeaderExtension.BITMAPS);
    }

    private void setExtension(int count, long dirSize, long dirOffset) {
        List<HeaderExtension> others = img.header.otherExtensions;
        others.removeIf(e -> e.type() == HeaderExtension.BITMAPS);
        if (count > 0) {
            ByteBuffer b = ByteBuffer.allocate(24).putInt(0, count).putLong(8, dirSize).putLong(16, dirOffset);
            others.add(0, new HeaderExtension(HeaderExtension.BITMAPS, b.array())); // QEMU writes it first of these
            img.header.autoclearFeatures |= Features.AUTOCLEAR_BITMAPS;
        } else {
            img.header.autoclearFeatures &= ~Features.AUTOCLEAR_BITMAPS;
        }
    }

    private void writeHeaderSynced() throws IOException {
        img.writeHeader();
        img.flushFiles();
    }

    /** bitmap_list_load: the directory as stored, checked as QEMU checks it. */
    List<Bitmap> readDirectory() throws IOException {
        long[] ext = extension();
        List<Bitmap> out = new ArrayList<>();
        if (ext == null || ext[0] == 0) {
            return out;
        }
        long count = ext[0];
        long size = ext[1];
        long offset = ext[2];
        if (size == 0) {
            throw failure("Requested bitmap directory size is zero", Errno.EINVAL);
        }
        // unsigned, as QEMU compares the on-disk uint64_t: a "negative" size is a huge one
        if (Long.compareUnsigned(size, MAX_DIRECTORY) > 0) {
            throw failure("Requested bitmap directory size is too big", Errno.EINVAL);
        }
        if (offset < 0 || (offset & img.geometry.clusterOffsetMask()) != 0) {
            throw failure("Invalid bitmap directory offset", Errno.EINVAL);
        }
        byte[] dir = img.readBytes(offset, (int) size);
        ByteBuffer b = ByteBuffer.wrap(dir);
        int p = 0;
        int entries = 0;
        while (p < size) {
            if (p + 24 > size) {
                throw failure("Broken bitmap directory", Errno.EINVAL);
            }
            if (++entries > count) {
                throw failure("More bitmaps found than specified in header extension", Errno.EINVAL);
            }
            long tableOffset = b.getLong(p);
            int tableSize = b.getInt(p + 8);
            int flags = b.getInt(p + 12);
            int type = b.get(p + 16) & 0xff;
            int granularityBits = b.get(p + 17) & 0xff;
            int nameSize = b.getShort(p + 18) & 0xffff;
            long extra = Integer.toUnsignedLong(b.getInt(p + 20));
            int entrySize = (int) ((24 + extra + nameSize + 7) & ~7L);
            if (p + entrySize > size) {
                throw failure("Broken bitmap directory", Errno.EINVAL);
            }
            if (extra != 0) {
                throw failure("Bitmap extra data is not supported", Errno.EINVAL);
            }
            String name = new String(dir, p + 24, nameSize, StandardCharsets.UTF_8);
            long phys = Integer.toUnsignedLong(tableSize) * img.clusterSize();
            boolean bad = tableSize == 0 || tableOffset == 0 || (tableOffset % img.clusterSize()) != 0
                    || Integer.toUnsignedLong(tableSize) > MAX_TABLE_SIZE || granularityBits > 31 || granularityBits < 9
                    || (flags & RESERVED_FLAGS) != 0 || nameSize > MAX_NAME || type != 1 || phys > MAX_PHYS_SIZE
                    || ((flags & FLAG_IN_USE) == 0 && img.header.size > ((phys * 8) << granularityBits));
            if (bad) {
                throw failure("Bitmap '" + name + "' doesn't satisfy the constraints", Errno.EINVAL);
            }
            Bitmap bm = new Bitmap(name);
            bm.tableOffset = tableOffset;
            bm.tableSize = tableSize;
            bm.flags = flags;
            bm.granularityBits = granularityBits;
            out.add(bm);
            p += entrySize;
        }
        if (entries != count) {
            throw failure("Less bitmaps found than specified in header extension", Errno.EINVAL);
        }
        return out;
    }

    private static int entrySize(String name) {
        return (24 + name.getBytes(StandardCharsets.UTF_8).length + 7) & ~7;
    }

    /** The bitmap table of an entry, each entry checked (check_table_entry). */
    private long[] readTable(Bitmap bm) throws IOException {
        long[] t = img.readTable(bm.tableOffset, bm.tableSize);
        for (long e : t) {
            long off = e & ENTRY_OFFSET_MASK;
            if ((e & ENTRY_RESERVED_MASK) != 0 || (off != 0 && ((e & 1) != 0 || off % img.clusterSize() != 0))) {
                throw failure("Could not read bitmap_table table from image for bitmap '" + bm.name
                        + "': Invalid argument", Errno.EINVAL);
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ loading

    /**
     * qcow2_load_dirty_bitmaps: loads every stored bitmap into memory; with {@code write}, marks
     * the consistent ones in use on disk. A bitmaps extension whose autoclear bit is clear was
     * touched by a program without bitmap support: a writable open drops it (its clusters leak,
     * as in QEMU).
     */
    void load(boolean write) throws IOException {
        loaded.clear();
        writable = write;
        if (extension() == null) {
            if (write && hasExtension()) {
                setExtension(0, 0, 0);
                writeHeaderSynced();
            }
            return;
        }
        List<Bitmap> dir = readDirectory();
        boolean update = false;
        for (Bitmap bm : dir) {
            bm.size = img.header.size;
            bm.bits = new long[(int) ((bitCount(bm.size, bm.granularityBits) + 63) / 64)];
            bm.enabled = (bm.flags & FLAG_AUTO) != 0;
            if ((bm.flags & FLAG_IN_USE) != 0) {
                bm.inconsistent = true; // its data is unusable: not read
            } else {
                readData(bm, readTable(bm));
                bm.flags |= FLAG_IN_USE;
                update = true;
            }
            loaded.add(bm);
        }
        if (update && write) {
            updateDirectoryInPlace(dir);
        }
    }

    private static long bitCount(long size, int granularityBits) {
        return (size + (1L << granularityBits) - 1) >>> granularityBits;
    }

    /** Disk bytes one data cluster of this bitmap covers. */
    private long coverage(Bitmap bm) {
        return (long) img.clusterSize() * 8 << bm.granularityBits;
    }

    /** Data clusters a bitmap of this size needs (its serialization rounded to 64-bit words). */
    private long tableEntries(Bitmap bm) {
        long bytes = (bitCount(bm.size, bm.granularityBits) + 63) / 64 * 8;
        return (bytes + img.clusterSize() - 1) / img.clusterSize();
    }

    private void readData(Bitmap bm, long[] table) throws IOException {
        if (tableEntries(bm) != table.length) {
            throw failure("Could not read bitmap '" + bm.name + "' from image: Invalid argument", Errno.EINVAL);
        }
        long bitsPerCluster = (long) img.clusterSize() * 8;
        long total = bitCount(bm.size, bm.granularityBits);
        for (int i = 0; i < table.length; i++) {
            long first = i * bitsPerCluster;
            long n = Math.min(bitsPerCluster, total - first);
            long off = table[i] & ENTRY_OFFSET_MASK;
            if (off == 0) {
                if ((table[i] & 1) != 0) {
                    setBits(bm, first, n);
                }
                continue;
            }
            byte[] data = img.readBytes(off, img.clusterSize());
            for (long k = 0; k < n; k++) {
                if ((data[(int) (k >>> 3)] >>> (k & 7) & 1) != 0) {
                    bm.bits[(int) ((first + k) >>> 6)] |= 1L << ((first + k) & 63);
                }
            }
        }
    }

    private static void setBits(Bitmap bm, long first, long n) {
        for (long k = first; k < first + n; k++) {
            bm.bits[(int) (k >>> 6)] |= 1L << (k & 63);
        }
    }

    // ------------------------------------------------------------------ directory updates

    /** update_ext_header_and_dir_in_place: the same entries (other flags) rewritten where they are. */
    private void updateDirectoryInPlace(List<Bitmap> dir) throws IOException {
        long[] ext = extension();
        img.header.autoclearFeatures &= ~Features.AUTOCLEAR_BITMAPS;
        writeHeaderSynced();
        // the bit is clear: a crash from here on drops the extension rather than trusting it
        img.writeBytes(ext[2], encodeDirectory(dir));
        writeHeaderSynced();
        img.header.autoclearFeatures |= Features.AUTOCLEAR_BITMAPS;
        writeHeaderSynced();
    }

    private byte[] encodeDirectory(List<Bitmap> dir) {
        int size = 0;
        for (Bitmap bm : dir) {
            size += entrySize(bm.name);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        int p = 0;
        for (Bitmap bm : dir) {
            byte[] name = bm.name.getBytes(StandardCharsets.UTF_8);
            b.putLong(p, bm.tableOffset).putInt(p + 8, bm.tableSize).putInt(p + 12, bm.flags).put(p + 16, (byte) 1)
                    .put(p + 17, (byte) bm.granularityBits).putShort(p + 18, (short) name.length).putInt(p + 20, 0);
            b.put(p + 24, name);
            p += entrySize(bm.name);
        }
        return b.array();
    }

    /**
     * update_ext_header_and_dir: a new directory is written to new clusters and flushed, then the
     * header names it (synced), then the old directory is freed.
     */
    private void replaceDirectory(List<Bitmap> dir) throws IOException {
        long[] ext = extension();
        long newOffset = 0;
        long newSize = 0;
        if (!dir.isEmpty()) {
            byte[] d = encodeDirectory(dir);
            newSize = d.length;
            if (dir.size() > MAX_BITMAPS || newSize > MAX_DIRECTORY) {
                throw failure("Failed to update bitmap extension: Invalid argument", Errno.EINVAL);
            }
            long clusters = (newSize + img.clusterSize() - 1) / img.clusterSize();
            newOffset = refcounts.allocate(clusters);
            img.writeBytes(newOffset, d);
            img.usedOnlyUpTo(newOffset + clusters * img.clusterSize(), newOffset + newSize); // as QEMU, the file may end there
            l2.cache().writeBack();
            refcounts.cache().writeBack();
            img.flushFiles();
        }
        setExtension(dir.size(), newSize, newOffset);
        writeHeaderSynced();
        if (ext != null && ext[1] > 0) {
            refcounts.update(ext[2], ext[1], -1);
        }
    }

    /** free_bitmap_clusters: a stored bitmap's data clusters and table. */
    private void freeClusters(Bitmap bm) throws IOException {
        if (bm.tableOffset == 0) {
            return;
        }
        for (long e : readTable(bm)) {
            long off = e & ENTRY_OFFSET_MASK;
            if (off != 0) {
                refcounts.update(off, img.clusterSize(), -1);
                if (refcounts.get(off / img.clusterSize()) == 0) {
                    img.file.discard(off, img.clusterSize()); // QEMU's QCOW2_DISCARD_ALWAYS for bitmap data
                }
            }
        }
        refcounts.update(bm.tableOffset, bm.tableSize * 8L, -1);
        bm.tableOffset = 0;
        bm.tableSize = 0;
    }

    // ------------------------------------------------------------------ storing

    /**
     * qcow2_store_persistent_dirty_bitmaps: every consistent bitmap in memory is written anew
     * (data clusters with a set bit, then its table), the directory replaced, then the tables the
     * stored bitmaps had before are freed. Inconsistent ones stay on disk as they were.
     */
    void store() throws IOException {
        if (!writable) {
            return;
        }
        boolean needWrite = loaded.stream().anyMatch(b -> !b.inconsistent);
        if (!needWrite) {
            return;
        }
        List<Bitmap> onDisk = readDirectory();
        List<long[]> dropTables = new ArrayList<>();
        List<Bitmap> dir = new ArrayList<>();
        for (Bitmap d : onDisk) {
            Bitmap mem = find(d.name);
            if (mem == null || mem.inconsistent) {
                dir.add(d); // kept as it is
            }
        }
        for (Bitmap bm : loaded) {
            if (bm.inconsistent) {
                continue;
            }
            Bitmap old = null;
            for (Bitmap d : onDisk) {
                if (d.name.equals(bm.name)) {
                    old = d;
                }
            }
            if (old != null && old.tableOffset != 0) {
                dropTables.add(new long[] {old.tableOffset, old.tableSize});
            }
            writeBitmap(bm);
            bm.flags = bm.enabled ? FLAG_AUTO : 0;
            dir.add(bm);
        }
        // QEMU keeps directory order: stored entries where they were, new ones appended
        List<Bitmap> ordered = new ArrayList<>();
        for (Bitmap d : onDisk) {
            for (Bitmap x : dir) {
                if (x.name.equals(d.name)) {
                    ordered.add(x);
                }
            }
        }
        for (Bitmap x : dir) {
            if (ordered.stream().noneMatch(o -> o.name.equals(x.name))) {
                ordered.add(x);
            }
        }
        replaceDirectory(ordered);
        for (long[] t : dropTables) {
            Bitmap tmp = new Bitmap("");
            tmp.tableOffset = t[0];
            tmp.tableSize = (int) t[1];
            freeClusters(tmp);
        }
        refcounts.cache().writeBack();
        img.flushFiles();
    }

    private void writeBitmap(Bitmap bm) throws IOException {
        long entries = tableEntries(bm);
        if (entries > MAX_TABLE_SIZE || entries * img.clusterSize() > MAX_PHYS_SIZE) {
            throw failure("Bitmap '" + bm.name + "' is too big", Errno.EINVAL);
        }
        long[] table = new long[(int) entries];
        int cs = img.clusterSize();
        long bitsPerCluster = (long) cs * 8;
        long total = bitCount(bm.size, bm.granularityBits);
        for (int i = 0; i < entries; i++) {
            long first = i * bitsPerCluster;
            long n = Math.min(bitsPerCluster, total - first);
            byte[] data = new byte[cs];
            boolean any = false;
            for (long k = 0; k < n; k++) {
                long bit = first + k;
                if ((bm.bits[(int) (bit >>> 6)] >>> (bit & 63) & 1) != 0) {
                    data[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
                    any = true;
                }
            }
            if (any) {
                long off = refcounts.allocate(1);
                img.writeBytes(off, data);
                table[i] = off;
            }
        }
        long tableClusters = (entries * 8 + cs - 1) / cs;
        long tableOffset = refcounts.allocate(tableClusters);
        ByteBuffer t = ByteBuffer.allocate((int) entries * 8);
        for (long e : table) {
            t.putLong(e);
        }
        img.writeBytes(tableOffset, t.array());
        img.usedOnlyUpTo(tableOffset + tableClusters * cs, tableOffset + entries * 8);
        bm.tableOffset = tableOffset;
        bm.tableSize = (int) entries;
    }

    // ------------------------------------------------------------------ operations

    Bitmap find(String name) {
        for (Bitmap bm : loaded) {
            if (bm.name.equals(name)) {
                return bm;
            }
        }
        return null;
    }

    List<Bitmap> loaded() {
        return loaded;
    }

    Bitmap lookup(String name) throws IOException {
        Bitmap bm = find(name);
        if (bm == null) {
            throw failure("Dirty bitmap '" + name + "' not found", Errno.ENOENT);
        }
        return bm;
    }

    /** bdrv_dirty_bitmap_check with QEMU's messages: read-only and inconsistent bitmaps refused. */
    void check(Bitmap bm, boolean allowReadOnly) throws IOException {
        if (!allowReadOnly && !writable) {
            throw failure("Bitmap '" + bm.name + "' is readonly and cannot be modified", Errno.EPERM);
        }
        if (bm.inconsistent) {
            throw failure("Bitmap '" + bm.name + "' is inconsistent and cannot be used", Errno.EINVAL);
        }
    }

    void add(String name, long granularity, boolean enabled) throws IOException {
        if (name.isEmpty()) {
            throw failure("Bitmap name cannot be empty", Errno.EINVAL);
        }
        if (granularity != 0 && (granularity < 512 || Long.bitCount(granularity) != 1)) {
            throw failure("Granularity must be power of 2 and at least 512", Errno.EINVAL);
        }
        long g = granularity == 0 ? defaultGranularity() : granularity;
        if (find(name) != null) {
            throw failure("Bitmap already exists: " + name, Errno.EEXIST);
        }
        String prefix = "Can't make bitmap '" + name + "' persistent in '" + img.nodeName + "': ";
        if (img.header.version < 3) {
            throw failure(prefix + "Cannot store dirty bitmaps in qcow2 v2 files", Errno.ENOTSUP);
        }
        int bits = Long.numberOfTrailingZeros(g);
        if (bits > 31) {
            throw failure(prefix + "Granularity exceeds maximum (2147483648 bytes)", Errno.EINVAL);
        }
        if (bits < 9) {
            throw failure(prefix + "Granularity is under minimum (512 bytes)", Errno.EINVAL);
        }
        long bytes = (bitCount(img.header.size, bits) + 7) / 8;
        if (bytes > MAX_PHYS_SIZE || bytes > MAX_TABLE_SIZE * img.clusterSize()) {
            throw failure(prefix + "Too much space will be occupied by the bitmap. Use larger granularity",
                    Errno.EINVAL);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw failure(prefix + "Name length exceeds maximum (1023 characters)", Errno.EINVAL);
        }
        long dirSize = entrySize(name);
        for (Bitmap bm : loaded) {
            dirSize += entrySize(bm.name);
        }
        if (loaded.size() + 1 > MAX_BITMAPS) {
            throw failure(prefix + "Maximum number of persistent bitmaps is already reached", Errno.EINVAL);
        }
        if (dirSize > MAX_DIRECTORY) {
            throw failure(prefix + "Not enough space in the bitmap directory", Errno.EINVAL);
        }
        Bitmap bm = new Bitmap(name);
        bm.granularityBits = bits;
        bm.size = img.header.size;
        bm.bits = new long[(int) ((bitCount(bm.size, bits) + 63) / 64)];
        bm.enabled = enabled;
        loaded.add(bm);
    }

    /** qcow2_co_remove_persistent_dirty_bitmap (and the in-memory bitmap). */
    void remove(String name) throws IOException {
        Bitmap bm = lookup(name);
        if (!writable) {
            throw failure("Bitmap '" + name + "' is readonly and cannot be modified", Errno.EPERM);
        }
        List<Bitmap> dir = readDirectory();
        Bitmap stored = null;
        for (Bitmap d : dir) {
            if (d.name.equals(name)) {
                stored = d;
            }
        }
        loaded.remove(bm);
        if (stored != null) {
            dir.remove(stored);
            replaceDirectory(dir);
            freeClusters(stored);
            refcounts.cache().writeBack();
            img.flushFiles();
        }
    }

    void clear(String name) throws IOException {
        Bitmap bm = lookup(name);
        check(bm, false);
        synchronized (this) {
            java.util.Arrays.fill(bm.bits, 0);
        }
    }

    void enable(String name, boolean enabled) throws IOException {
        Bitmap bm = lookup(name);
        check(bm, true);
        bm.enabled = enabled;
    }

    /** Sets the bits covering guest bytes {@code [offset, offset + length)} in every enabled bitmap. */
    synchronized void markDirty(long offset, long length) {
        if (loaded.isEmpty() || length <= 0) {
            return;
        }
        for (Bitmap bm : loaded) {
            if (!bm.enabled || bm.inconsistent || bm.bits == null || offset >= bm.size) {
                continue;
            }
            long first = offset >>> bm.granularityBits;
            long last = (Math.min(bm.size, offset + length) - 1) >>> bm.granularityBits;
            for (long k = first; k <= last; k++) {
                bm.bits[(int) (k >>> 6)] |= 1L << (k & 63);
            }
        }
    }

    synchronized List<long[]> dirtyRanges(String name) throws IOException {
        Bitmap bm = lookup(name);
        check(bm, true);
        List<long[]> out = new ArrayList<>();
        long total = bitCount(bm.size, bm.granularityBits);
        long g = bm.granularity();
        for (long k = 0; k < total; k++) {
            if ((bm.bits[(int) (k >>> 6)] >>> (k & 63) & 1) == 0) {
                continue;
            }
            long start = k;
            while (k + 1 < total && (bm.bits[(int) ((k + 1) >>> 6)] >>> ((k + 1) & 63) & 1) != 0) {
                k++;
            }
            long from = start * g;
            out.add(new long[] {from, Math.min(bm.size, (k + 1) * g) - from});
        }
        return out;
    }

    void merge(String target, long sourceSize, List<long[]> ranges) throws IOException {
        Bitmap bm = lookup(target);
        check(bm, false);
        if (sourceSize != bm.size) {
            throw failure("Bitmaps are of different sizes (destination size is " + bm.size + ", source size is "
                    + sourceSize + ") and can't be merged", Errno.EINVAL);
        }
        synchronized (this) {
            boolean wasEnabled = bm.enabled;
            bm.enabled = true;
            try {
                for (long[] r : ranges) {
                    markOne(bm, r[0], r[1]);
                }
            } finally {
                bm.enabled = wasEnabled;
            }
        }
    }

    private static void markOne(Bitmap bm, long offset, long length) {
        if (length <= 0 || offset >= bm.size) {
            return;
        }
        long first = offset >>> bm.granularityBits;
        long last = (Math.min(bm.size, offset + length) - 1) >>> bm.granularityBits;
        for (long k = first; k <= last; k++) {
            bm.bits[(int) (k >>> 6)] |= 1L << (k & 63);
        }
    }

    /** qcow2_truncate_bitmaps_check, then the in-memory bitmaps take the new size. */
    void checkResize() throws IOException {
        for (Bitmap d : readDirectory()) {
            Bitmap mem = find(d.name);
            if (mem == null) {
                throw failure("Cannot resize qcow2 with persistent bitmaps that were not loaded into memory",
                        Errno.ENOTSUP);
            }
        }
        for (Bitmap bm : loaded) {
            check(bm, false);
        }
    }

    synchronized void resize(long newSize) {
        for (Bitmap bm : loaded) {
            long[] bits = java.util.Arrays.copyOf(bm.bits, (int) ((bitCount(newSize, bm.granularityBits) + 63) / 64));
            long keep = bitCount(Math.min(newSize, bm.size), bm.granularityBits);
            for (long k = keep; k < (long) bits.length * 64; k++) {
                bits[(int) (k >>> 6)] &= ~(1L << (k & 63)); // bits past the old or new end are clear
            }
            bm.bits = bits;
            bm.size = newSize;
        }
    }

    /** bdrv_get_default_bitmap_granularity: the cluster size within 4 KiB..64 KiB. */
    long defaultGranularity() {
        return Math.min(65536, Math.max(4096, img.clusterSize()));
    }

    /** The in-memory view: enabled as tracked now, in use when inconsistent. */
    static DirtyBitmaps.Bitmap memoryInfo(Bitmap bm) {
        return new DirtyBitmaps.Bitmap(bm.name, bm.granularity(), bm.enabled, bm.inconsistent);
    }

    static DirtyBitmaps.Bitmap info(Bitmap bm) {
        return new DirtyBitmaps.Bitmap(bm.name, bm.granularity(), (bm.flags & FLAG_AUTO) != 0,
                (bm.flags & FLAG_IN_USE) != 0);
    }
}
