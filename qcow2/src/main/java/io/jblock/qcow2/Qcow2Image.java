package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.types.ClusterGeometry;
import io.jblock.storage.BlockNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every part of the qcow2 engine shares about one open image: the nodes, the header, the
 * geometry, the driver's arena and the metadata lock, plus small metadata I/O helpers.
 *
 * <p>Thread safety: {@link #metaLock} guards the header, L1 and refcount tables and both
 * caches; callers hold it around every metadata access. Guest data I/O runs outside it.
 */
public final class Qcow2Image {
    static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    final String nodeName;
    final BlockNode file;
    /** Where guest data lives: the external data file, or {@link #file}. */
    final BlockNode dataFile;
    final Arena arena;
    final ReentrantLock metaLock = new ReentrantLock();
    final ClusterBuffers buffers;
    /** The cipher of the guest data (set once at open, before any I/O); {@link Qcow2Encryption#NONE} without. */
    Qcow2Encryption encryption = Qcow2Encryption.NONE;
    Qcow2Header header;
    final ClusterGeometry geometry;
    /** Refuses writes that would land on metadata in use (QEMU's overlap-check). */
    final MetadataOverlap overlap;

    Qcow2Image(String nodeName, BlockNode file, BlockNode dataFile, Arena arena, Qcow2Header header, int overlapChecks) {
        this.nodeName = nodeName;
        this.file = file;
        this.dataFile = dataFile != null ? dataFile : file;
        this.arena = arena;
        this.header = header;
        this.geometry = header.geometry();
        this.buffers = new ClusterBuffers(nodeName, geometry.clusterSize());
        this.overlap = new MetadataOverlap(this, overlapChecks);
    }

    /** {@return the image file's name, for messages} */
    public String filename() {
        return file.filename();
    }

    /** {@return whether guest data lives in an external data file} */
    public boolean hasExternalDataFile() {
        return dataFile != file;
    }

    /**
     * Whether a standard (uncompressed) L2 entry points at a host cluster. Offset 0 means "none"
     * except in images with an external data file, where offset 0 with OFLAG_COPIED is guest
     * cluster 0's place in the data file.
     */
    boolean hasHost(long standardEntry) {
        long off = standardEntry & io.jblock.qcow2.types.L2Entry.OFFSET_MASK;
        return off != 0 || (hasExternalDataFile() && io.jblock.qcow2.types.L2Entry.isCopied(standardEntry));
    }

    /** Whether the external data file is kept a valid raw image of the guest disk. */
    boolean dataFileRaw() {
        return hasExternalDataFile()
                && (header.autoclearFeatures & io.jblock.qcow2.types.Features.AUTOCLEAR_DATA_FILE_RAW) != 0;
    }

    /** {@return whether guest data is encrypted (header crypt_method 1 or 2)} */
    boolean encrypted() {
        return encryption.encrypted();
    }

    /** {@return the cluster size in bytes} */
    public int clusterSize() {
        return geometry.clusterSize();
    }

    Qcow2CorruptImageException corrupt(String what, long offset) {
        return new Qcow2CorruptImageException(what, nodeName, filename(), offset);
    }

    /** Reads {@code length} bytes of metadata at {@code offset} into a heap array (length bounded by the caller). */
    byte[] readBytes(long offset, int length) throws IOException {
        byte[] out = new byte[length];
        MemorySegment buf = buffers.acquire();
        try {
            int done = 0;
            while (done < length) {
                int n = Math.min(length - done, clusterSize());
                MemorySegment s = buf.asSlice(0, n);
                file.read(offset + done, s);
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, out, done, n);
                done += n;
            }
        } finally {
            buffers.release(buf);
        }
        return out;
    }

    /** Writes a heap array of metadata at {@code offset}. */
    void writeBytes(long offset, byte[] data) throws IOException {
        MemorySegment buf = buffers.acquire();
        try {
            int done = 0;
            while (done < data.length) {
                int n = Math.min(data.length - done, clusterSize());
                MemorySegment s = buf.asSlice(0, n);
                MemorySegment.copy(data, done, s, ValueLayout.JAVA_BYTE, 0, n);
                file.write(offset + done, s);
                done += n;
            }
        } finally {
            buffers.release(buf);
        }
    }

    /** Writes one big-endian 64-bit value (an L1 or refcount table entry). */
    void writeLong(long offset, long value) throws IOException {
        MemorySegment buf = buffers.acquire();
        try {
            MemorySegment s = buf.asSlice(0, 8);
            s.set(BE_LONG, 0, value);
            file.write(offset, s);
        } finally {
            buffers.release(buf);
        }
    }

    /** Reads a table of big-endian 64-bit entries (L1 or refcount table), size checked by the header parser. */
    long[] readTable(long offset, int entries) throws IOException {
        long[] out = new long[entries];
        MemorySegment buf = buffers.acquire();
        try {
            int perCluster = clusterSize() / 8;
            for (int i = 0; i < entries; i += perCluster) {
                int n = Math.min(perCluster, entries - i);
                MemorySegment s = buf.asSlice(0, n * 8L);
                file.read(offset + i * 8L, s);
                for (int k = 0; k < n; k++) {
                    out[i + k] = s.get(BE_LONG, k * 8L);
                }
            }
        } finally {
            buffers.release(buf);
        }
        return out;
    }

    /** Writes a table of 64-bit entries, padded with zeroes to whole clusters. */
    void writeTable(long offset, long[] table, long clusters) throws IOException {
        MemorySegment buf = buffers.acquire();
        try {
            MemorySegment cluster = buf.asSlice(0, clusterSize());
            int perCluster = clusterSize() / 8;
            for (long c = 0; c < clusters; c++) {
                cluster.fill((byte) 0);
                for (int k = 0; k < perCluster; k++) {
                    long i = c * perCluster + k;
                    if (i < table.length) {
                        cluster.set(BE_LONG, k * 8L, table[(int) i]);
                    }
                }
                file.write(offset + c * clusterSize(), cluster);
            }
        } finally {
            buffers.release(buf);
        }
    }

    /**
     * Rewrites the header cluster from {@link #header}, zero-padded to the whole cluster as QEMU's
     * qcow2_update_header writes it (so nothing of a longer old header stays behind).
     */
    void writeHeader() throws IOException {
        writeBytes(0, java.util.Arrays.copyOf(header.encode(), clusterSize()));
    }

    /** Growth of the image file when a write needs more room: at least this, or a quarter of the file. */
    static final long MIN_GROWTH = 1L << 20;
    static final long MAX_GROWTH = 16L << 20;

    /** The image file's size as we last saw or set it, or -1 when unknown (after open, invalidation). */
    private volatile long knownFileSize = -1;
    private long knownDataFileSize = -1;
    /**
     * Host bytes at or past this offset of the image file were not written since the size was
     * last read from the file (they lay past its end then, or were grown over by us since): they
     * read as zeroes. Under {@link #metaLock}.
     */
    private long untouchedFrom = -1;
    /** The size the image file needs: its size when read, or the end of anything allocated since. */
    private long neededEnd = -1;
    /** Whether the file was grown past {@link #neededEnd} (then close and inactivate cut it back). */
    private boolean grownAhead;
    /** An image file size made stable by a completed flush of the files (0 until one). */
    private volatile long durableFileSize;

    private void learnFileSize() throws IOException {
        if (untouchedFrom < 0) {
            long size = file.size();
            knownFileSize = size;
            untouchedFrom = Math.max(untouchedFrom, size);
            neededEnd = Math.max(neededEnd, size);
        }
    }

    /**
     * Grows the image file to at least {@code end} bytes before something is allocated or written
     * there: protocol nodes refuse writes past their end. When it has to grow, it grows ahead (a
     * quarter of its size, between {@link #MIN_GROWTH} and {@link #MAX_GROWTH}): a truncate waits
     * for every write in flight on the file, so it must not run once per new cluster. What was
     * grown ahead reads as zeroes and is cut off again on close (as QEMU, the file then ends with
     * the last allocated cluster). Under {@link #metaLock}.
     */
    void ensureFileSize(long end) throws IOException {
        learnFileSize();
        neededEnd = Math.max(neededEnd, end);
        untouchedFrom = Math.max(untouchedFrom, end);
        if (end > knownFileSize) {
            long now = file.size();
            if (end > now) {
                long growth = Math.min(MAX_GROWTH, Math.max(MIN_GROWTH, now / 4));
                long target = Math.max(end, (now + growth + MIN_GROWTH - 1) / MIN_GROWTH * MIN_GROWTH);
                file.truncate(target, io.jblock.storage.Preallocation.OFF);
                now = target;
                grownAhead |= target > end;
                if (header.lazyRefcounts()) {
                    // nothing else flushes before L2 entries with lazy refcounts: make the new size
                    // stable at once, so that fresh clusters inside it need no flush of their own
                    flushFiles();
                }
            }
            knownFileSize = now;
        }
    }

    /**
     * The clusters allocated last, up to {@code allocatedEnd}, need file bytes only up to
     * {@code usedEnd} (a table shorter than its clusters, which QEMU writes at its byte size):
     * close may cut the file there. Under {@link #metaLock}.
     */
    void usedOnlyUpTo(long allocatedEnd, long usedEnd) {
        if (neededEnd == allocatedEnd && usedEnd < allocatedEnd) {
            neededEnd = usedEnd;
            grownAhead = true; // the file is longer than needed now: trimGrowth cuts it
        }
    }

    /**
     * Whether host bytes {@code [offset, offset + length)} of the image file read as zeroes because
     * nothing wrote them since the file was grown over them (or since open), and stay so across a
     * crash: they lie inside a file size that a flush made stable. Checked before the bytes are
     * allocated. Under {@link #metaLock}.
     */
    boolean untouchedAndDurable(long offset, long length) throws IOException {
        learnFileSize();
        return offset >= untouchedFrom && offset + length <= durableFileSize;
    }

    /**
     * The host offset of the image file from which on nothing was written since open (so it reads
     * as zeroes, whatever the file's size, which may have been grown ahead). Under {@link #metaLock}.
     */
    long untouchedFrom() throws IOException {
        learnFileSize();
        return untouchedFrom;
    }

    /** Whether host offset {@code offset} of the image file lies where nothing was written since open. */
    boolean untouched(long offset) throws IOException {
        learnFileSize();
        return offset >= untouchedFrom;
    }

    /**
     * Cuts off what {@link #ensureFileSize} grew ahead and nothing used (on close and
     * inactivation), unless someone else changed the file's size. Under {@link #metaLock}.
     */
    void trimGrowth() throws IOException {
        if (!grownAhead) {
            return;
        }
        grownAhead = false;
        long now = file.size();
        if (now == knownFileSize && neededEnd < now) {
            file.truncate(neededEnd, io.jblock.storage.Preallocation.OFF);
            knownFileSize = neededEnd;
            durableFileSize = Math.min(durableFileSize, neededEnd);
        }
    }

    /**
     * Fails with a corruption error unless {@code [offset, offset+length)} lies inside the image
     * file; {@code what} and {@code index} name the table ("L2 table of L1 entry", 5) only in the
     * message, so that the check itself builds no string (it runs on every lookup).
     */
    void requireInsideFile(long offset, long length, String what, long fieldOffset) throws IOException {
        learnFileSize();
        if (offset + length > knownFileSize) {
            long size = file.size();
            knownFileSize = size;
            if (offset + length > size) {
                throw corrupt(what + " at " + offset + " lies outside the file (" + size + " bytes)", fieldOffset);
            }
        }
    }

    void requireInsideFile(long offset, long length, String what, long index, long fieldOffset) throws IOException {
        learnFileSize();
        if (offset + length > knownFileSize) {
            long size = file.size();
            knownFileSize = size;
            if (offset + length > size) {
                throw corrupt(what + " " + index + " at " + offset + " lies outside the file (" + size + " bytes)",
                        fieldOffset);
            }
        }
    }

    /** Like {@link #ensureFileSize} for the node that holds guest data (an external data file grows exactly). */
    void ensureDataSize(long end) throws IOException {
        if (dataFile == file) {
            ensureFileSize(end);
            return;
        }
        if (end > knownDataFileSize) {
            knownDataFileSize = dataFile.size();
            if (end > knownDataFileSize) {
                dataFile.truncate(end, io.jblock.storage.Preallocation.OFF);
                knownDataFileSize = end;
            }
        }
    }

    /** Forgets the cached file sizes (another process may have grown the files). */
    void forgetFileSizes() {
        knownFileSize = -1;
        knownDataFileSize = -1;
        untouchedFrom = -1;
        neededEnd = -1;
        grownAhead = false;
        durableFileSize = 0;
    }

    /**
     * Flushes the image file and the data file. What must be stable before some metadata is
     * written is tracked by the metadata caches' dependencies, which call this, never by a flag
     * that a concurrent flush could clear (a write completing while an fdatasync runs is not
     * covered by it).
     */
    void flushFiles() throws IOException {
        long size = knownFileSize; // a size whose truncate completed before this flush started
        file.flush();
        if (dataFile != file) {
            dataFile.flush();
        }
        if (size > durableFileSize) {
            durableFileSize = size;
        }
    }
}
