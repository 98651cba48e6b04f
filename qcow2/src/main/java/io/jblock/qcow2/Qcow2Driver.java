package io.jblock.qcow2;

import io.jblock.qcow2.cache.CacheSizes;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.metadata.Snapshot;
import io.jblock.qcow2.types.Features;
import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.CacheCounters;
import io.jblock.storage.feature.CacheStatistics;
import io.jblock.storage.feature.CheckResult;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.ImageEmptier;
import io.jblock.storage.feature.BackingFileChanger;
import io.jblock.storage.feature.ImageAmender;
import io.jblock.storage.feature.DirtyBitmaps;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.feature.SnapshotTable;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The qcow2 format driver for one open image: reads and writes v2 and v3 images as QEMU 7.2
 * does, with backing chains, external data files, compressed clusters (read), extended L2,
 * lazy refcounts and the dirty/corrupt bits; caches L2 tables and refcount blocks.
 *
 * <p>Thread safety: every method may be called concurrently (see {@link GuestWriter} for what
 * serializes). Durability: writes are stable after a flush of the node ({@link #flush()}, then
 * the generic layer's flush of the children); with {@code cache.writeback=off} or
 * {@link RequestFlags#FUA} before the write returns.
 *
 * <p>Lifetime: the driver's native memory (metadata caches in an arena, cluster buffers in a
 * pool) is freed in {@link #close()}.
 */
public final class Qcow2Driver implements BlockDriver, ImageChecker, SnapshotTable, CompressedWriter, CacheStatistics,
        ImageEmptier, BackingFileChanger, ImageAmender, DirtyBitmaps, io.jblock.storage.feature.VmStateArea {
    private final String nodeName;
    private final Arena arena;
    private final Qcow2Image img;
    private final BlockNode file;
    private final BlockNode dataNode;
    private final BlockNode backing;
    private final CacheSettings cacheSettings;
    private final boolean readOnly;
    private final boolean skipInvalidate;
    private final CacheSizes cacheSizes;
    private final RefcountAllocator refcounts;
    private final DirtyBit dirty;
    private final L2Tables l2;
    private final ClusterMapper mapper;
    private final GuestReader reader;
    private final GuestWriter writer;
    private final CompressedClusterWriter compressedWriter;
    private final PersistentBitmaps bitmaps;
    /** Whether the bitmaps were loaded since open or activation (read-only nodes load them on first use). */
    private boolean bitmapsLoaded;
    private final Snapshot viewedSnapshot;
    private volatile boolean active;
    private ScheduledFuture<?> cleaner;
    private boolean closed;
    private volatile boolean markedCorrupt;
    /** Emptying the image failed half way (makeEmpty): the node writes nothing more. */
    private volatile boolean ejected;

    Qcow2Driver(OpenContext ctx) throws IOException {
        this(ctx, false);
    }

    /**
     * @param forRepair open even when the corrupt bit is set, for check -r (QEMU's BDRV_O_CHECK);
     *                  writes other than the repair's are the caller's responsibility to avoid
     */
    Qcow2Driver(OpenContext ctx, boolean forRepair) throws IOException {
        this.nodeName = ctx.nodeName();
        this.readOnly = ctx.readOnly();
        this.active = !ctx.inactive();
        this.cacheSettings = ctx.cacheSettings();
        NodeOptions o = ctx.options();
        this.skipInvalidate = o.bool("x-skip-invalidate", false);
        boolean passDiscardRequest = o.bool("pass-discard-request", true);
        String snapshotId = o.string("snapshot.id").orElse(null);
        String snapshotName = o.string("snapshot.name").orElse(null);
        // Every value is parsed once before the file is opened (and locked), so that a malformed
        // one is an option error even while another process holds the image; CacheSizes reads
        // them again once the header is known.
        for (String size : List.of("l2-cache-size", "refcount-cache-size", "cache-size", "l2-cache-entry-size")) {
            o.size(size, 0);
        }
        o.number("cache-clean-interval", 0);
        int overlapChecks = MetadataOverlap.checksFrom(o);
        // the file holds qcow2 metadata: nobody else may write or resize it (QEMU's metadata child)
        BlockNode fileChild = ctx.openMetadataChild("file", true);
        Arena a = Arena.ofShared();
        Qcow2Image image = null;
        boolean ok = false;
        BlockNode data = null;
        BlockNode back = null;
        GuestReader guestReader = null;
        try {
            this.file = fileChild;
            Qcow2Header h = readHeader(fileChild, nodeName);
            if (h.has(Features.INCOMPAT_CORRUPT) && !readOnly && !forRepair) {
                throw new Qcow2CorruptImageException("image is marked corrupt (corrupt bit set); it may be opened "
                        + "read-only, or repaired with 'qemu-img check -r all'", nodeName, fileChild.filename(), 72);
            }
            if (h.has(Features.INCOMPAT_DATA_FILE)) {
                data = ctx.openChild("data-file", false);
                if (data == null) {
                    if (h.dataFile == null) {
                        throw new Qcow2CorruptImageException("image needs an external data file but names none "
                                + "(give data-file=...)", nodeName, fileChild.filename(), 72);
                    }
                    // As QEMU: the name is used as given (relative names are relative to the working directory).
                    String path = h.dataFile.replace(",", ",,");
                    data = ctx.openChild("data-file", "driver=file,filename=" + path, readOnly);
                }
            } else if (o.has("data-file") || o.string("data-file.driver").isPresent()) {
                throw new Qcow2CorruptImageException("data-file given, but the image has no external data file",
                        nodeName, fileChild.filename(), 72);
            }
            // backing=null (or "") on the node means: no backing file, whatever the header says
            boolean backingOverridden = o.has("backing");
            boolean headerBacking = h.backingFile != null && !h.backingFile.isEmpty();
            if (headerBacking && backingOverridden && !o.has("backing.file") && !o.has("backing.filename")
                    && o.unusedKeys().stream().anyMatch(k -> k.startsWith("backing."))) {
                // backing.driver=... and the like without a file: QEMU opens the header's backing
                // file with those options, which win over the header (its backing format)
                String format = o.string("backing.driver").orElse(h.backingFormat);
                back = ctx.openChild("backing",
                        BackingReference.optionString(fileChild.filename(), h.backingFile, format), true);
            } else {
                back = ctx.openChild("backing", false);
            }
            if (back == null && !backingOverridden && headerBacking) {
                back = ctx.openChild("backing",
                        BackingReference.optionString(fileChild.filename(), h.backingFile, h.backingFormat), true);
            }
            this.dataNode = data;
            this.backing = back;
            this.arena = a;
            image = new Qcow2Image(nodeName, fileChild, data, a, h, overlapChecks);
            image.encryption = Qcow2Encryption.open(ctx, image);
            this.img = image;
            // an IllegalArgumentException: the graph opener names the node (once)
            this.cacheSizes = CacheSizes.from(o, h.size, img.clusterSize(), img.geometry.l2EntrySize());
            this.dirty = new DirtyBit(img);
            this.refcounts = new RefcountAllocator(img, cacheSizes.refcountEntries(img.clusterSize()));
            this.l2 = new L2Tables(img, refcounts, cacheSizes.l2Entries(), cacheSizes.l2EntrySize());
            img.overlap.attach(l2, refcounts);
            this.mapper = new ClusterMapper(img, l2);
            guestReader = new GuestReader(img, l2, mapper, back);
            this.reader = guestReader;
            this.writer = new GuestWriter(img, l2, refcounts, reader, dirty::beforeChange, passDiscardRequest);
            this.compressedWriter = new CompressedClusterWriter(img, l2, refcounts, dirty::beforeChange);
            this.bitmaps = new PersistentBitmaps(img, l2, refcounts);
            if (snapshotId != null || snapshotName != null) {
                if (!readOnly) {
                    throw new Qcow2UnsupportedException("snapshot.id/snapshot.name need a read-only node", nodeName,
                            fileChild.filename(), -1);
                }
                this.viewedSnapshot = InternalSnapshots.find(img, snapshotId, snapshotName);
                l2.useL1(InternalSnapshots.readL1(img, viewedSnapshot));
            } else {
                this.viewedSnapshot = null;
            }
            if (!readOnly && active) {
                takeOwnership();
            }
            if (cacheSizes.cleanIntervalSeconds() > 0) {
                long s = cacheSizes.cleanIntervalSeconds();
                cleaner = CacheCleaner.schedule(this::cleanIdleEntries, s);
            }
            ok = true;
        } finally {
            if (!ok) {
                if (guestReader != null) {
                    guestReader.close();
                }
                if (image != null) {
                    image.buffers.close();
                }
                a.close();
            }
        }
    }

    private static Qcow2Header readHeader(BlockNode file, String nodeName) throws IOException {
        long fileSize = file.size();
        int first = (int) Math.min(fileSize, 4096);
        byte[] head = readAt(file, 0, first);
        if (head.length >= 24) {
            int bits = ((head[20] & 0xff) << 24) | ((head[21] & 0xff) << 16) | ((head[22] & 0xff) << 8) | (head[23] & 0xff);
            if (bits >= 9 && bits <= 21 && (1 << bits) > first && fileSize > first) {
                head = readAt(file, 0, (int) Math.min(fileSize, 1 << bits));
            }
        }
        return Qcow2Header.parse(head, fileSize, nodeName, file.filename());
    }

    private static byte[] readAt(BlockNode file, long offset, int length) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Math.max(1, length), 4096).asSlice(0, length);
            file.read(offset, s);
            return s.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** What a read-write activation does to the header: repair a dirty image, drop bitmaps' autoclear bit. */
    private void takeOwnership() throws IOException {
        img.metaLock.lock();
        try {
            Qcow2Header h = img.header;
            if (h.has(Features.INCOMPAT_DIRTY)) {
                // Lazy refcounts were in use when the image was last left: rebuild them.
                ImageCheck.run(img, l2, refcounts, true, true);
                h.incompatibleFeatures &= ~Features.INCOMPAT_DIRTY;
                img.writeHeader();
                img.flushFiles();
            }
            long unknownAutoclear = h.autoclearFeatures & ~(Features.AUTOCLEAR_BITMAPS | Features.AUTOCLEAR_DATA_FILE_RAW);
            if (unknownAutoclear != 0) {
                // as QEMU: autoclear features this driver does not keep up to date are cleared
                h.autoclearFeatures &= ~unknownAutoclear;
                img.writeHeader();
                img.flushFiles();
            }
            // persistent bitmaps are loaded and marked in use; writes keep them up to date
            bitmaps.load(true);
            bitmapsLoaded = true;
            dirty.reset();
        } finally {
            img.metaLock.unlock();
        }
    }

    private void requireWritable(long offset) throws IOException {
        if (ejected) {
            throw new io.jblock.storage.NodeInactiveException("qcow2 node was given up after emptying the image "
                    + "failed half way; reopen the image to repair it", nodeName, img.filename(), offset);
        }
        if (markedCorrupt) {
            throw new Qcow2CorruptImageException("image was marked corrupt after a metadata error; writes are "
                    + "refused until it is repaired", nodeName, img.filename(), offset);
        }
        if (readOnly || viewedSnapshot != null) {
            throw new io.jblock.storage.ReadOnlyNodeException("qcow2 node is read-only", nodeName, img.filename(), offset);
        }
        if (!active) {
            throw new io.jblock.storage.NodeInactiveException("qcow2 node is inactive", nodeName, img.filename(), offset);
        }
    }

    @Override
    public BlockLimits limits() {
        int cs = img.clusterSize();
        // encrypted data is whole cipher sectors: the generic layer pads the rest (QEMU's request_alignment)
        return new BlockLimits(img.encrypted() ? io.jblock.storage.crypto.QcowAesCipher.SECTOR_SIZE : 1, 1,
                Long.MAX_VALUE, cs, cs);
    }

    @Override
    public long size() {
        return viewedSnapshot != null ? viewedSnapshot.diskSize() : img.header.size;
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        try {
            reader.read(offset, dst);
        } catch (Qcow2CorruptImageException e) {
            throw signalCorruption(e);
        }
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        requireWritable(offset);
        try {
            writer.write(offset, src);
        } catch (Qcow2CorruptImageException e) {
            throw signalCorruption(e);
        }
        bitmaps.markDirty(offset, src.byteSize());
        afterWrite(flags);
    }

    /**
     * Reads on the file node's asynchronous path when the request is one run of data clusters
     * contiguous in the file (or of zeroes), found in the cached metadata without waiting for the
     * metadata lock; anything else (a cache miss, compressed or backed clusters, a split) runs
     * the synchronous form on the thread engine.
     */
    @Override
    public <A> boolean readAsync(long offset, MemorySegment dst, A attachment,
                                 CompletionHandler<Void, ? super A> handler) {
        return reader.readAsync(offset, dst, attachment, handler);
    }

    /**
     * Writes in place on the file node's asynchronous path when the request lies in clusters
     * the image owns alone, contiguous in the file and in one cached L2 slice, and needs no
     * flush afterwards (no FUA, a writeback cache mode); anything that allocates, copies or
     * changes metadata runs the synchronous form on the thread engine.
     */
    @Override
    public <A> boolean writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        if (markedCorrupt || readOnly || viewedSnapshot != null || !active
                || (flags & RequestFlags.FUA) != 0 || !cacheSettings.writeback()) {
            return false;
        }
        return writer.writeInPlaceAsync(offset, src, attachment, handler);
    }

    /**
     * As QEMU's qcow2_signal_corruption: metadata found corrupt while the node may write marks
     * the image corrupt on disk (so that nothing, QEMU included, writes to it before a repair)
     * and refuses further writes.
     */
    private Qcow2CorruptImageException signalCorruption(Qcow2CorruptImageException e) {
        if (readOnly || !active || viewedSnapshot != null || markedCorrupt) {
            return e;
        }
        markedCorrupt = true;
        e.recordCorruptionEvent("qcow2: Marking image as corrupt: " + e.what()
                + "; further corruption events will be suppressed");
        img.metaLock.lock();
        try {
            if (img.header.version >= 3) {
                img.header.incompatibleFeatures |= Features.INCOMPAT_CORRUPT;
                img.writeHeader();
                img.flushFiles();
            }
        } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        } finally {
            img.metaLock.unlock();
        }
        return e;
    }

    /**
     * Writes whole guest clusters compressed with the image's compression type, as
     * {@code qemu-img convert -c} does: {@code offset} is cluster aligned, the length is a
     * multiple of the cluster size (or reaches the end of the disk), and the clusters are
     * unallocated. A cluster that does not compress is written uncompressed.
     *
     * <p>Reached through {@link BlockNode#driverFeature}, this call bypasses the node's generic
     * layer, so the caller keeps its rules: no other request on the node while it runs (the
     * unallocated-cluster check and the L2 update are not serialised against guest writes to the
     * same cluster), the node open and active, and the clusters never written before (else
     * {@link Qcow2UnsupportedException}).
     */
    @Override
    public int compressionUnit() {
        return img.clusterSize();
    }

    @Override
    public void writeCompressed(long offset, MemorySegment src) throws IOException {
        requireWritable(offset);
        if (img.encrypted()) {
            // QEMU 7.2 writes such clusters compressed but not encrypted; jblock keeps the promise
            throw new Qcow2UnsupportedException("compressed writes to an encrypted image would store the data "
                    + "unencrypted; refused", nodeName, img.filename(), offset);
        }
        int cs = img.clusterSize();
        long end = offset + src.byteSize();
        if ((offset & (cs - 1)) != 0 || ((end & (cs - 1)) != 0 && end != size()) || end > size()) {
            throw new Qcow2UnsupportedException("compressed writes must cover whole clusters (offset " + offset
                    + ", length " + src.byteSize() + ")", nodeName, img.filename(), offset);
        }
        for (long p = 0; p < src.byteSize(); p += cs) {
            MemorySegment part = src.asSlice(p, Math.min(cs, src.byteSize() - p));
            if (!compressedWriter.write(offset + p, part)) {
                writer.write(offset + p, part);
            }
        }
        bitmaps.markDirty(offset, src.byteSize());
        afterWrite(0);
    }

    // ---------------------------------------------------------------- VmStateArea

    /** As QEMU's qcow2_vm_state_offset: the first guest offset past the disk that a new L1 entry maps. */
    @Override
    public long vmStateOffset() {
        return img.geometry.l1EntriesFor(img.header.size) << img.geometry.l2CoverageBits();
    }

    /** As QEMU's qcow2_save_vmstate: a guest write at {@link #vmStateOffset()} + {@code pos}. */
    @Override
    public void saveVmState(long pos, MemorySegment src) throws IOException {
        long off = vmArea(pos, src.byteSize());
        requireWritable(off);
        DebugEvent.VMSTATE_SAVE.announceTo(img.file);
        img.metaLock.lock();
        try {
            int l1Size = img.header.l1Size;
            l2.growL1(off + src.byteSize()); // QEMU grows it on the way (get_cluster_table)
            if (img.header.l1Size != l1Size) {
                img.writeHeader(); // growing inside the table's clusters leaves the header to us
            }
        } finally {
            img.metaLock.unlock();
        }
        try {
            writer.write(off, src);
        } catch (Qcow2CorruptImageException e) {
            throw signalCorruption(e);
        }
        afterWrite(RequestFlags.NONE);
    }

    /** As QEMU's qcow2_load_vmstate: a guest read at {@link #vmStateOffset()} + {@code pos}. */
    @Override
    public void loadVmState(long pos, MemorySegment dst) throws IOException {
        long off = vmArea(pos, dst.byteSize());
        DebugEvent.VMSTATE_LOAD.announceTo(img.file);
        read(off, dst);
    }

    private long vmArea(long pos, long length) throws IOException {
        long base = vmStateOffset();
        if (pos < 0 || length < 0 || pos > Long.MAX_VALUE - base - length) {
            throw new io.jblock.storage.OutOfRangeException("VM state position " + pos + " (+" + length
                    + " bytes) is outside the VM state area", nodeName, img.filename(), pos);
        }
        return base + pos;
    }

    private void afterWrite(int flags) throws IOException {
        if ((flags & RequestFlags.FUA) != 0 || !cacheSettings.writeback()) {
            flushAndSync();
        }
    }

    /**
     * Writes back both metadata caches, each after what it depends on (QEMU's
     * qcow2_co_flush_to_os). The files are not flushed here: the generic layer flushes this
     * node's children right after, as QEMU's bdrv_co_flush does, and a flush of ours before that
     * would sync the image file twice per guest flush. Where the driver itself must make
     * everything stable (FUA, writethrough, close, inactivation) it calls {@link #flushAndSync}.
     */
    @Override
    public void flush() throws IOException {
        img.metaLock.lock();
        try {
            DebugEvent.FLUSH_TO_OS.announceTo(file);
            writeBackCaches();
        } finally {
            img.metaLock.unlock();
        }
        DebugEvent.FLUSH_TO_DISK.announceTo(file);
    }

    /** {@link #flush()}, then the image and data files: everything written before is stable. */
    private void flushAndSync() throws IOException {
        flush();
        img.flushFiles();
    }

    private void writeBackCaches() throws IOException {
        l2.cache().writeBack();
        refcounts.cache().writeBack();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        requireWritable(offset);
        writer.discard(offset, length);
        bitmaps.markDirty(offset, length);
        afterWrite(0);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        requireWritable(offset);
        writer.writeZeroes(offset, length, flags);
        bitmaps.markDirty(offset, length);
        afterWrite(flags);
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        requireWritable(newSize);
        long old;
        img.metaLock.lock();
        try {
            old = img.header.size;
            if (newSize % 512 != 0) {
                throw new Qcow2UnsupportedException("The new size must be a multiple of 512", nodeName,
                        img.filename(), newSize);
            }
            if (img.header.nbSnapshots > 0 && img.header.version < 3 && newSize != old) {
                // QEMU: the snapshot table records no disk size a v2 reader must honour
                throw new Qcow2UnsupportedException("Can't resize a v2 image which has snapshots", nodeName,
                        img.filename(), newSize);
            }
            if (newSize == old) {
                return;
            }
            if (!bitmaps.loaded().isEmpty() || bitmaps.hasExtension()) {
                bitmaps.checkResize();
            }
            if (newSize < old) {
                if (prealloc != Preallocation.OFF) {
                    throw new Qcow2UnsupportedException("Preallocation can't be used for shrinking an image",
                            nodeName, img.filename(), newSize);
                }
                dirty.beforeChange();
                ImageShrink.shrink(img, l2, refcounts, old, newSize);
            } else {
                l2.growL1(newSize);
            }
            if (img.hasExternalDataFile() && prealloc == Preallocation.OFF) {
                img.dataFile.truncate(newSize, Preallocation.OFF);
            }
            img.header.size = newSize;
            try {
                img.writeHeader();
            } catch (IOException e) {
                img.header.size = old; // the file still has the old size
                throw e;
            }
            img.flushFiles();
            bitmaps.resize(newSize);
        } finally {
            img.metaLock.unlock();
        }
        if (prealloc != Preallocation.OFF) {
            img.metaLock.lock();
            try {
                dirty.beforeChange();
                Preallocator.preallocate(img, l2, refcounts, old, newSize, prealloc,
                        backing != null || img.header.backingFile != null);
            } finally {
                img.metaLock.unlock();
            }
            flushAndSync();
        }
        if (newSize > old && backing != null && backing.size() > old) {
            // QEMU's bdrv_co_truncate: the new area must read as zeroes, not as the backing file's
            // data from before a shrink (or of a longer backing file): zero it in the image
            writer.writeZeroes(old, newSize - old, RequestFlags.NONE);
            afterWrite(RequestFlags.NONE);
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        long len = Math.min(length, size() - offset);
        ClusterMapping m = reader.map(offset, len);
        return switch (m.kind()) {
            case DATA -> metadataPreallocated() ? dataOrPreallocatedZero(offset, m)
                    : BlockStatus.data(offset, m.length(), m.host(), img.dataFile);
            case ZERO -> m.host() >= 0 ? new BlockStatus(offset, m.length(), false, true, true, m.host(), img.dataFile)
                    : BlockStatus.zero(offset, m.length(), true);
            case COMPRESSED -> new BlockStatus(offset, m.length(), true, false, true, -1, null);
            case UNALLOCATED -> backing != null && offset < backing.size()
                    ? BlockStatus.unallocated(offset, Math.min(m.length(), backing.size() - offset))
                    : new BlockStatus(offset, m.length(), false, true, false, -1, null);
        };
    }

    /** Whether this image looks preallocated with preallocation=metadata (decided once, on first use). */
    private volatile Boolean metadataPreallocated;

    private boolean metadataPreallocated() throws IOException {
        Boolean known = metadataPreallocated;
        if (known == null) {
            img.metaLock.lock();
            try {
                known = MetadataPreallocation.detect(img, refcounts);
            } finally {
                img.metaLock.unlock();
            }
            metadataPreallocated = known;
        }
        return known;
    }

    /**
     * A data run of a metadata-preallocated image, as QEMU's BDRV_BLOCK_RECURSE: where the data
     * file holds no data (a hole, or past its end) the run reads as zeroes and is reported so.
     */
    private BlockStatus dataOrPreallocatedZero(long offset, ClusterMapping m) throws IOException {
        BlockNode host = img.dataFile;
        long hostSize = host.size();
        if (m.host() >= hostSize) {
            return new BlockStatus(offset, m.length(), true, true, true, m.host(), host);
        }
        BlockStatus f = host.blockStatus(m.host(), Math.min(m.length(), hostSize - m.host()));
        boolean toEof = m.host() + f.length() >= hostSize;
        long len = f.zero() && toEof ? m.length() : f.length();
        return new BlockStatus(offset, len, true, f.zero(), true, m.host(), host);
    }

    /**
     * Rereads the header and drops every cached table and allocation state, refusing when the
     * image changed in a way a migration cannot (cluster size, refcount width, incompatible
     * features, virtual size).
     */
    @Override
    public void invalidateCache() throws IOException {
        if (skipInvalidate) {
            active = true;
            return; // test-only: proves the two-handle tests catch a missing invalidation
        }
        img.metaLock.lock();
        try {
            Qcow2Header fresh = readHeader(file, nodeName);
            Qcow2Header old = img.header;
            MigrationInvariants.requireUnchanged(img.header, fresh, nodeName, img.filename());
            img.header = fresh;
            l2.dropCaches();
            refcounts.dropCaches(); // forgets the compressed packing position too
            metadataPreallocated = null;
            bitmapsLoaded = false;
            if (viewedSnapshot != null) {
                l2.useL1(InternalSnapshots.readL1(img, InternalSnapshots.find(img, viewedSnapshot.id(), null)));
            }
            dirty.reset();
        } finally {
            img.metaLock.unlock();
        }
        active = true;
        if (!readOnly) {
            takeOwnership();
        }
    }

    /** Writes back both caches, marks the image clean and flushes; later writes are refused. */
    @Override
    public void inactivate() throws IOException {
        if (!active) {
            return;
        }
        if (!readOnly) {
            storeBitmaps();
            flushCachesForInactivation();
            trimGrowth();
            markClean();
        }
        active = false;
    }

    /**
     * qcow2_inactivate's flushes: the L2 table cache, then the refcount block cache, each written
     * back and the file flushed. Each failure is reported in QEMU's words ("Failed to flush the
     * L2 table cache: ERROR", "... refcount block cache: ..."); the first is thrown with the
     * second suppressed in it, so that a caller that closes prints both, as qemu-io does.
     *
     * @throws BlockIOException when either cache could not be flushed
     */
    private void flushCachesForInactivation() throws IOException {
        IOException failure = null;
        img.metaLock.lock();
        try {
            DebugEvent.FLUSH_TO_OS.announceTo(file);
            try {
                l2.cache().writeBack();
                img.flushFiles();
            } catch (IOException e) {
                failure = cacheFlushFailure("L2 table", e);
            }
            try {
                refcounts.cache().writeBack();
                img.flushFiles();
            } catch (IOException e) {
                IOException f = cacheFlushFailure("refcount block", e);
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
            }
        } finally {
            img.metaLock.unlock();
        }
        if (failure != null) {
            throw failure;
        }
        DebugEvent.FLUSH_TO_DISK.announceTo(file);
    }

    private BlockIOException cacheFlushFailure(String cache, IOException cause) {
        int errno = cause instanceof BlockIOException b && b.errno() != 0 ? b.errno() : io.jblock.ffm.Errno.EIO;
        return new BlockIOException("Failed to flush the " + cache + " cache: " + io.jblock.ffm.Errno.strerror(errno),
                nodeName, img.filename(), -1, errno, cause);
    }

    /** Writes the in-memory bitmaps to the image (close, inactivation). */
    private void storeBitmaps() throws IOException {
        img.metaLock.lock();
        try {
            if (bitmapsLoaded && !markedCorrupt) {
                writeBackCaches();
                bitmaps.store();
            }
        } finally {
            img.metaLock.unlock();
        }
    }

    /** Cuts the image file back to what is allocated when it was grown ahead ({@link Qcow2Image#ensureFileSize}). */
    private void trimGrowth() throws IOException {
        img.metaLock.lock();
        try {
            img.trimGrowth();
        } finally {
            img.metaLock.unlock();
        }
    }

    private void markClean() throws IOException {
        img.metaLock.lock();
        try {
            dirty.markClean(this::writeBackCaches);
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * Forgets every cached L2 slice and refcount block after writing dirty ones back.
     *
     * @throws IOException when a dirty entry cannot be written back
     */
    public void dropCaches() throws IOException {
        img.metaLock.lock();
        try {
            writeBackCaches();
            l2.dropCaches();
            refcounts.dropCaches();
        } finally {
            img.metaLock.unlock();
        }
    }

    private void cleanIdleEntries() {
        if (!img.metaLock.tryLock()) {
            return;
        }
        try {
            if (closed) {
                return;
            }
            long idle = TimeUnit.SECONDS.toNanos(cacheSizes.cleanIntervalSeconds());
            l2.cache().cleanIdle(idle);
            refcounts.cache().cleanIdle(idle);
        } catch (IOException e) {
            // The entries stay cached; the next flush reports the error to a caller.
        } finally {
            img.metaLock.unlock();
        }
    }

    /** Hit and miss counters and sizes of the L2 and refcount caches. */
    @Override
    public CacheCounters cacheCounters() {
        img.metaLock.lock();
        try {
            return new CacheCounters(l2.cache().hits(), l2.cache().misses(), l2.cache().capacity(),
                    l2.cache().entrySize(), refcounts.cache().hits(), refcounts.cache().misses(),
                    refcounts.cache().capacity());
        } finally {
            img.metaLock.unlock();
        }
    }

    /** {@return the cache sizes in effect (from options and QEMU's defaults)} */
    public CacheSizes cacheSizes() {
        return cacheSizes;
    }

    /**
     * Whether the header's dirty bit is set: lazy refcounts were in use and the image was not
     * closed cleanly (or this node is writing with lazy refcounts now). qemu-img info reports it
     * as {@code dirty-flag}.
     */
    @Override
    public boolean isDirty() {
        return img.header.has(Features.INCOMPAT_DIRTY);
    }

    private SnapshotOperations snapshotOperations() {
        return new SnapshotOperations(img, l2, refcounts);
    }

    /**
     * qemu-img snapshot -c. Reached through {@link BlockNode#driverFeature}: the caller keeps
     * every other request off the node (see {@link SnapshotTable}).
     */
    @Override
    public SnapshotInfo createSnapshot(String name, long dateSeconds, int dateNanos) throws IOException {
        requireWritable(-1);
        img.metaLock.lock();
        try {
            writeBackCaches();
            dirty.beforeChange();
            return info(snapshotOperations().create(name, dateSeconds, dateNanos));
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * qemu-img snapshot -a: the disk is resized to the snapshot's size first (QEMU's
     * bdrv_snapshot_goto does so through a truncate), then takes the snapshot's L1 table.
     */
    @Override
    public void applySnapshot(String idOrName) throws IOException {
        requireWritable(-1);
        Snapshot sn;
        img.metaLock.lock();
        try {
            ensureBitmaps();
            if (!bitmaps.loaded().isEmpty()) {
                throw new io.jblock.storage.BlockIOException("Device has active dirty bitmaps", nodeName,
                        img.filename(), -1, io.jblock.ffm.Errno.EBUSY, null);
            }
            sn = SnapshotOperations.findByIdOrName(InternalSnapshots.read(img), idOrName);
            if (sn == null) {
                throw new io.jblock.storage.BlockIOException("no snapshot '" + idOrName + "'", nodeName,
                        img.filename(), -1, io.jblock.ffm.Errno.ENOENT, null);
            }
            snapshotOperations().validateL1(sn);
        } finally {
            img.metaLock.unlock();
        }
        if (sn.diskSize() != img.header.size) {
            truncate(sn.diskSize(), Preallocation.OFF);
        }
        img.metaLock.lock();
        try {
            writeBackCaches();
            dirty.beforeChange();
            snapshotOperations().apply(sn);
            img.writeHeader(); // the L1 table may have grown
            img.flushFiles();
        } finally {
            img.metaLock.unlock();
        }
    }

    /** qemu-img snapshot -d (see {@link SnapshotTable#deleteSnapshot}). */
    @Override
    public void deleteSnapshot(String id, String name) throws IOException {
        requireWritable(-1);
        img.metaLock.lock();
        try {
            Snapshot found = null;
            for (Snapshot s : InternalSnapshots.read(img)) {
                if ((id == null || s.id().equals(id)) && (name == null || s.name().equals(name))) {
                    found = s;
                    break;
                }
            }
            if (found == null || (id == null && name == null)) {
                throw new io.jblock.storage.BlockIOException("Can't find the snapshot", nodeName, img.filename(), -1,
                        io.jblock.ffm.Errno.ENOENT, null);
            }
            writeBackCaches();
            dirty.beforeChange();
            snapshotOperations().delete(found);
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * QEMU's qcow2_make_empty (qemu-img commit empties the top image with it). Reached through
     * {@link BlockNode#driverFeature}: the caller keeps every other request off the node.
     */
    @Override
    public void makeEmpty() throws IOException {
        requireWritable(-1);
        img.metaLock.lock();
        try {
            writeBackCaches();
            dirty.beforeChange();
            boolean reset;
            try {
                reset = ImageEmptying.makeEmpty(img, l2, refcounts);
            } catch (IOException | RuntimeException e) {
                // the tables on disk are half reset: as QEMU ejects the driver, nothing more is
                // written (close neither writes caches back nor marks the image clean); the dirty
                // bit makes the next read-write open repair the refcounts
                active = false;
                ejected = true;
                throw e;
            }
            if (reset) {
                // new tables at new places: forget the old ones unwritten and read the new ones
                l2.dropCaches();
                refcounts.dropCaches(); // forgets the compressed packing position too
                dirty.reset();
            }
            metadataPreallocated = null;
            writeBackCaches();
            img.flushFiles();
        } finally {
            img.metaLock.unlock();
        }
    }

    /** qcow2_change_backing_file: the header names the new backing file (or none), synced. */
    @Override
    public void changeBackingFile(String backingFile, String backingFormat) throws IOException {
        requireWritable(-1);
        if (backingFormat != null && backingFile == null) {
            throw new io.jblock.storage.BlockIOException("a backing format needs a backing file", nodeName,
                    img.filename(), -1, io.jblock.ffm.Errno.EINVAL, null);
        }
        if (backingFile != null && (img.dataFileRaw()
                || backingFile.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1023)) {
            throw new io.jblock.storage.BlockIOException(img.dataFileRaw()
                    ? "a backing file cannot be added to an image with a raw external data file"
                    : "backing file name longer than 1023 bytes", nodeName, img.filename(), -1,
                    io.jblock.ffm.Errno.EINVAL, null);
        }
        img.metaLock.lock();
        try {
            Qcow2Header h = img.header;
            String oldFile = h.backingFile;
            String oldFormat = h.backingFormat;
            h.backingFile = backingFile;
            h.backingFormat = backingFile == null ? null : backingFormat;
            byte[] encoded;
            try {
                encoded = h.encode();
            } catch (IOException e) {
                h.backingFile = oldFile;
                h.backingFormat = oldFormat;
                throw new io.jblock.storage.BlockIOException("No space left in the file header", nodeName,
                        img.filename(), 0, io.jblock.ffm.Errno.ENOSPC, e);
            }
            img.writeBytes(0, encoded);
            img.flushFiles();
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * qcow2_amend_options: the options given are applied in QEMU's order (upgrade, refcount
     * width, data file flags, backing file check, lazy refcounts, size, downgrade) with its
     * messages. Reached through {@link BlockNode#driverFeature}: the caller keeps every other
     * request off the node.
     */
    @Override
    public void amend(Map<String, String> options, boolean force, ImageAmender.Progress progress) throws IOException {
        requireWritable(-1);
        Qcow2Header h = img.header;
        int oldVersion = h.version;
        int newVersion = oldVersion;
        long newSize = 0;
        boolean lazy = h.lazyRefcounts();
        boolean dataFileRaw = img.dataFileRaw();
        int refcountBits = h.refcountBits();
        String dataFileName = null;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "compat" -> newVersion = switch (v) {
                    case "0.10", "v2" -> 2;
                    case "1.1", "v3" -> 3;
                    default -> throw amendFailure("Unknown compatibility level " + v, io.jblock.ffm.Errno.EINVAL);
                };
                case "size" -> newSize = Long.parseLong(v);
                case "lazy_refcounts" -> lazy = Boolean.parseBoolean(v);
                case "refcount_bits" -> {
                    long bits = Long.parseLong(v);
                    if (bits <= 0 || bits > 64 || Long.bitCount(bits) != 1) {
                        throw amendFailure("Refcount width must be a power of two and may not exceed 64 bits",
                                io.jblock.ffm.Errno.EINVAL);
                    }
                    refcountBits = (int) bits;
                }
                case "data_file" -> {
                    dataFileName = v;
                    if (!img.hasExternalDataFile()) {
                        throw amendFailure("data-file can only be set for images that use an external data file",
                                io.jblock.ffm.Errno.EINVAL);
                    }
                }
                case "data_file_raw" -> {
                    dataFileRaw = Boolean.parseBoolean(v);
                    if (dataFileRaw && !img.dataFileRaw()) {
                        throw amendFailure("data-file-raw cannot be set on existing images", io.jblock.ffm.Errno.EINVAL);
                    }
                }
                case "backing_file", "backing_fmt" -> {
                    // checked below, after the header update, as QEMU does
                }
                default -> {
                    if (e.getKey().startsWith("encrypt.")) {
                        throw amendFailure("Can't amend encryption options - encryption not present",
                                io.jblock.ffm.Errno.EINVAL);
                    }
                    throw amendFailure("Invalid parameter '" + e.getKey() + "'", io.jblock.ffm.Errno.EINVAL);
                }
            }
        }
        int operations = (newVersion != oldVersion ? 1 : 0) + (refcountBits != h.refcountBits() ? 1 : 0);
        AmendProgress steps = new AmendProgress(progress, operations);
        img.metaLock.lock();
        try {
            writeBackCaches();
            if (newVersion > oldVersion) {
                steps.next();
                upgrade(steps);
            }
            if (refcountBits != img.header.refcountBits()) {
                if (newVersion < 3 && refcountBits != 16) {
                    throw amendFailure("Refcount widths other than 16 bits require compatibility level 1.1 or above "
                            + "(use compat=1.1 or greater)", io.jblock.ffm.Errno.EINVAL);
                }
                steps.next();
                dirty.beforeChange();
                RefcountOrderChange.run(img, refcounts, Integer.numberOfTrailingZeros(refcountBits), steps);
            }
            if (dataFileRaw) {
                img.header.autoclearFeatures |= Features.AUTOCLEAR_DATA_FILE_RAW;
            } else {
                img.header.autoclearFeatures &= ~Features.AUTOCLEAR_DATA_FILE_RAW;
            }
            if (dataFileName != null) {
                img.header.dataFile = dataFileName.isEmpty() ? null : dataFileName;
            }
            img.writeHeader();
            img.flushFiles();
            String backingFile = options.get("backing_file");
            String backingFormat = options.get("backing_fmt");
            if ((backingFile != null || backingFormat != null)
                    && (!java.util.Objects.equals(backingFile, img.header.backingFile)
                        || !java.util.Objects.equals(backingFormat, img.header.backingFormat))) {
                throw amendFailure("Cannot amend the backing file", io.jblock.ffm.Errno.EINVAL);
            }
            if (lazy != img.header.lazyRefcounts()) {
                if (lazy) {
                    if (newVersion < 3) {
                        throw amendFailure("Lazy refcounts only supported with compatibility level 1.1 and above "
                                + "(use compat=1.1 or greater)", io.jblock.ffm.Errno.EINVAL);
                    }
                    img.header.compatibleFeatures |= Features.COMPAT_LAZY_REFCOUNTS;
                    img.writeHeader();
                    img.flushFiles();
                } else {
                    dirty.markClean(this::writeBackCaches);
                    img.header.compatibleFeatures &= ~Features.COMPAT_LAZY_REFCOUNTS;
                    img.writeHeader();
                    img.flushFiles();
                }
            }
        } finally {
            img.metaLock.unlock();
        }
        if (newSize != 0) {
            truncate(newSize, Preallocation.OFF);
        }
        if (newVersion < oldVersion) {
            img.metaLock.lock();
            try {
                steps.next();
                downgrade(steps);
            } finally {
                img.metaLock.unlock();
            }
        }
    }

    private io.jblock.storage.BlockIOException amendFailure(String what, int errno) {
        return new io.jblock.storage.BlockIOException(what, nodeName, img.filename(), -1, errno, null);
    }

    /** qcow2_upgrade to v3: snapshot entries get v3's extra data (VM state size, disk size). */
    private void upgrade(ImageAmender.Progress progress) throws IOException {
        progress.report(0, 2);
        List<Snapshot> snapshots = InternalSnapshots.read(img);
        boolean rewrite = false;
        for (Snapshot s : snapshots) {
            rewrite |= s.extraData().length < 16;
        }
        if (rewrite) {
            IOException freeFailure = snapshotOperations().writeTable(snapshots);
            if (freeFailure != null) {
                throw freeFailure;
            }
        }
        progress.report(1, 2);
        img.header.version = 3;
        img.writeHeader();
        img.flushFiles();
        progress.report(2, 2);
    }

    /** qcow2_downgrade to v2 (compat=0.10). */
    private void downgrade(ImageAmender.Progress progress) throws IOException {
        Qcow2Header h = img.header;
        if (h.refcountOrder != 4) {
            throw amendFailure("compat=0.10 requires refcount_bits=16", io.jblock.ffm.Errno.ENOTSUP);
        }
        if (img.hasExternalDataFile()) {
            throw amendFailure("Cannot downgrade an image with a data file", io.jblock.ffm.Errno.ENOTSUP);
        }
        List<Snapshot> snapshots = InternalSnapshots.read(img);
        for (Snapshot s : snapshots) {
            if (Long.compareUnsigned(s.vmStateSize(), 0xffff_ffffL) > 0 || s.diskSize() != h.size) {
                throw amendFailure("Internal snapshots prevent downgrade of image", io.jblock.ffm.Errno.ENOTSUP);
            }
        }
        if (h.has(Features.INCOMPAT_DIRTY)) {
            dirty.markClean(this::writeBackCaches);
        }
        long others = h.incompatibleFeatures & ~Features.INCOMPAT_COMPRESSION;
        if (others != 0) {
            throw amendFailure("Cannot downgrade an image with incompatible features 0x" + Long.toHexString(others)
                    + " set", io.jblock.ffm.Errno.ENOTSUP);
        }
        h.compatibleFeatures = 0;
        h.autoclearFeatures = 0;
        writeBackCaches();
        ZeroClusterExpansion.run(img, l2, refcounts, backing != null, snapshots, snapshotOperations(), progress);
        if (h.has(Features.INCOMPAT_COMPRESSION)) {
            if (hasCompressedClusters()) {
                throw amendFailure("Cannot downgrade an image with zstd compression type and existing compressed "
                        + "clusters", io.jblock.ffm.Errno.ENOTSUP);
            }
            h.incompatibleFeatures &= ~Features.INCOMPAT_COMPRESSION;
            h.compressionType = 0;
        }
        h.version = 2;
        img.writeHeader();
        img.flushFiles();
    }

    private boolean hasCompressedClusters() throws IOException {
        for (long off = 0; off < img.header.size; ) {
            ClusterMapping m = reader.map(off, img.header.size - off);
            if (m.kind() == ClusterMapping.Kind.COMPRESSED) {
                return true;
            }
            off += m.length();
        }
        return false;
    }

    /**
     * QEMU's qcow2_amend_helper_cb: progress of several amend operations in one, each one's
     * share projected from the work the operations so far had.
     */
    private static final class AmendProgress implements ImageAmender.Progress {
        private final ImageAmender.Progress out;
        private final int total;
        private int started;
        private int completed;
        private long completedWork;
        private long lastWork;

        AmendProgress(ImageAmender.Progress out, int total) {
            this.out = out;
            this.total = Math.max(total, 1);
        }

        void next() {
            if (started > 0) {
                completedWork += lastWork;
                completed++;
            }
            started++;
        }

        @Override
        public void report(long done, long work) {
            lastWork = work;
            long current = completedWork + work;
            long projected = current * (total - completed - 1) / (completed + 1);
            out.report(completedWork + done, current + projected);
        }
    }

    // ------------------------------------------------------------------ persistent dirty bitmaps

    private void ensureBitmaps() throws IOException {
        if (!bitmapsLoaded) {
            bitmaps.load(false);
            bitmapsLoaded = true;
        }
    }

    @Override
    public List<DirtyBitmaps.Bitmap> storedBitmaps() throws IOException {
        img.metaLock.lock();
        try {
            List<DirtyBitmaps.Bitmap> out = new ArrayList<>();
            for (PersistentBitmaps.Bitmap b : bitmaps.readDirectory()) {
                out.add(PersistentBitmaps.info(b));
            }
            return out;
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public List<DirtyBitmaps.Bitmap> bitmaps() throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            List<DirtyBitmaps.Bitmap> out = new ArrayList<>();
            for (PersistentBitmaps.Bitmap b : bitmaps.loaded()) {
                out.add(PersistentBitmaps.memoryInfo(b));
            }
            return out;
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public long defaultGranularity() {
        return bitmaps.defaultGranularity();
    }

    @Override
    public void addBitmap(String name, long granularity, boolean enabled) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            bitmaps.add(name, granularity, enabled);
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public void removeBitmap(String name) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            if (bitmaps.find(name) != null) {
                requireWritable(-1);
                writeBackCaches();
                dirty.beforeChange();
            }
            bitmaps.remove(name);
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public void clearBitmap(String name) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            bitmaps.clear(name);
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public void enableBitmap(String name, boolean enabled) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            bitmaps.enable(name, enabled);
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public List<long[]> dirtyRanges(String name) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            return bitmaps.dirtyRanges(name);
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public long bitmapSize(String name) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            return bitmaps.lookup(name).size;
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public void mergeInto(String target, long sourceSize, List<long[]> ranges) throws IOException {
        img.metaLock.lock();
        try {
            ensureBitmaps();
            bitmaps.merge(target, sourceSize, ranges);
        } finally {
            img.metaLock.unlock();
        }
    }

    private static SnapshotInfo info(Snapshot s) {
        return new SnapshotInfo(s.id(), s.name(), s.dateSeconds(), s.dateNanos(), s.vmClockNanos(),
                s.vmStateSize(), s.diskSize(), s.icount());
    }

    /** The internal snapshots listed in the image's snapshot table. */
    @Override
    public List<SnapshotInfo> snapshots() throws IOException {
        img.metaLock.lock();
        try {
            List<SnapshotInfo> out = new ArrayList<>();
            for (Snapshot s : InternalSnapshots.read(img)) {
                out.add(info(s));
            }
            return out;
        } finally {
            img.metaLock.unlock();
        }
    }

    /**
     * Checks the image's refcounts and metadata as {@code qemu-img check} does, repairing leaks
     * ({@code repairLeaks}) and refcount errors ({@code repairErrors}) when the node is writable.
     * Reached through {@link BlockNode#driverFeature}, nothing keeps guest writes out while it
     * runs: the caller makes sure none are in flight, or the counts may be off.
     */
    @Override
    public CheckResult check(boolean repairLeaks, boolean repairErrors) throws IOException {
        if ((repairLeaks || repairErrors)) {
            requireWritable(-1);
        }
        img.metaLock.lock();
        try {
            writeBackCaches();
            CheckResult r = ImageCheck.run(img, l2, refcounts, repairLeaks, repairErrors);
            if (repairLeaks || repairErrors) {
                img.flushFiles();
                if (repairErrors && r.corruptions() == 0 && r.checkErrors() == 0
                        && img.header.has(Features.INCOMPAT_CORRUPT)) {
                    // as QEMU: a repair that leaves no corruption makes the image consistent again
                    img.header.incompatibleFeatures &= ~Features.INCOMPAT_CORRUPT;
                    img.writeHeader();
                    img.flushFiles();
                    markedCorrupt = false;
                }
            }
            return r;
        } finally {
            img.metaLock.unlock();
        }
    }

    @Override
    public List<BlockChild> children() {
        List<BlockChild> c = new ArrayList<>();
        c.add(new BlockChild("file", file));
        if (backing != null) {
            c.add(new BlockChild("backing", backing));
        }
        if (dataNode != null) {
            c.add(new BlockChild("data-file", dataNode));
        }
        return c;
    }

    @Override
    public Map<String, Object> formatSpecificInfo() throws IOException {
        Qcow2Header h = img.header;
        Map<String, Object> m = new LinkedHashMap<>();
        if (h.backingFile != null && !h.backingFile.isEmpty()) {
            // as the header names them (info prints them at the top level)
            m.put("backing-filename", h.backingFile);
            if (h.backingFormat != null) {
                m.put("backing-filename-format", h.backingFormat);
            }
        }
        m.put("compat", h.version == 3 ? "1.1" : "0.10");
        {
            List<Object> list = new ArrayList<>();
            for (DirtyBitmaps.Bitmap b : storedBitmaps()) {
                Map<String, Object> bm = new LinkedHashMap<>();
                List<Object> flags = new ArrayList<>();
                if (b.inUse()) {
                    flags.add("in-use");
                }
                if (b.enabled()) {
                    flags.add("auto");
                }
                bm.put("flags", flags);
                bm.put("name", b.name());
                bm.put("granularity", b.granularity());
                list.add(bm);
            }
            if (!list.isEmpty()) {
                m.put("bitmaps", list);
            }
        }
        if (img.encrypted()) {
            m.put("encrypted", true); // info prints it at the top level
            m.put("encrypt", img.encryption.info());
        }
        if (h.dataFile != null) {
            m.put("data-file", h.dataFile);
            m.put("data-file-raw", (h.autoclearFeatures & Features.AUTOCLEAR_DATA_FILE_RAW) != 0);
        }
        m.put("compression-type", h.compressionType == 1 ? "zstd" : "zlib");
        if (h.version == 3) {
            m.put("lazy-refcounts", h.lazyRefcounts());
            m.put("refcount-bits", h.refcountBits());
            m.put("corrupt", h.has(Features.INCOMPAT_CORRUPT));
            m.put("extended-l2", h.has(Features.INCOMPAT_EXTL2));
        } else {
            // qemu-img prints the (fixed) 16-bit refcount width for v2 images too
            m.put("refcount-bits", h.refcountBits());
        }
        m.put("cluster-size", img.clusterSize());
        return m;
    }

    @Override
    public void close() throws IOException {
        img.metaLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            img.metaLock.unlock();
        }
        if (cleaner != null) {
            cleaner.cancel(false);
        }
        try {
            if (!readOnly && active) {
                storeBitmaps();
                flushCachesForInactivation();
                trimGrowth();
                markClean();
            }
        } finally {
            reader.close();
            img.buffers.close();
            arena.close();
        }
    }

    /** The refcount allocator (create's LUKS header allocation uses it). */
    RefcountAllocator refcounts() {
        return refcounts;
    }

    /** The image's state shared by the engine parts (tests and check use it). */
    Qcow2Image image() {
        return img;
    }
}
