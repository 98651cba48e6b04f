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
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.feature.SnapshotTable;
import io.jblock.storage.spi.BlockDriver;
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
public final class Qcow2Driver implements BlockDriver, ImageChecker, SnapshotTable, CompressedWriter, CacheStatistics {
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
    private final Snapshot viewedSnapshot;
    private volatile boolean active;
    private ScheduledFuture<?> cleaner;
    private boolean closed;
    private volatile boolean markedCorrupt;

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
            back = ctx.openChild("backing", false);
            if (back == null && !backingOverridden && h.backingFile != null && !h.backingFile.isEmpty()) {
                back = ctx.openChild("backing",
                        BackingReference.optionString(fileChild.filename(), h.backingFile, h.backingFormat), true);
            }
            this.dataNode = data;
            this.backing = back;
            this.arena = a;
            image = new Qcow2Image(nodeName, fileChild, data, a, h);
            this.img = image;
            // an IllegalArgumentException: the graph opener names the node (once)
            this.cacheSizes = CacheSizes.from(o, h.size, img.clusterSize(), img.geometry.l2EntrySize());
            this.dirty = new DirtyBit(img);
            this.refcounts = new RefcountAllocator(img, cacheSizes.refcountEntries(img.clusterSize()));
            this.l2 = new L2Tables(img, refcounts, cacheSizes.l2Entries(), cacheSizes.l2EntrySize());
            this.mapper = new ClusterMapper(img, l2);
            guestReader = new GuestReader(img, l2, mapper, back);
            this.reader = guestReader;
            this.writer = new GuestWriter(img, l2, refcounts, reader, dirty::beforeChange, passDiscardRequest);
            this.compressedWriter = new CompressedClusterWriter(img, l2, refcounts, dirty::beforeChange);
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
            if ((h.autoclearFeatures & Features.AUTOCLEAR_BITMAPS) != 0) {
                // We do not keep persistent bitmaps up to date, so they must not claim to be.
                h.autoclearFeatures &= ~Features.AUTOCLEAR_BITMAPS;
                img.writeHeader();
                img.flushFiles();
            }
            dirty.reset();
        } finally {
            img.metaLock.unlock();
        }
    }

    private void requireWritable(long offset) throws IOException {
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
        return new BlockLimits(1, 1, Long.MAX_VALUE, cs, cs);
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
        afterWrite(0);
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
        afterWrite(0);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        requireWritable(offset);
        writer.writeZeroes(offset, length, flags);
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
                throw new Qcow2UnsupportedException("the new size must be a multiple of 512 bytes (" + newSize + ")",
                        nodeName, img.filename(), newSize);
            }
            if (newSize < old) {
                throw new Qcow2UnsupportedException("shrinking a qcow2 image is not supported (from " + old
                        + " to " + newSize + " bytes)", nodeName, img.filename(), newSize);
            }
            if (img.header.nbSnapshots > 0 && newSize != old) {
                throw new Qcow2UnsupportedException("cannot resize an image with internal snapshots", nodeName,
                        img.filename(), newSize);
            }
            if (newSize == old) {
                return;
            }
            l2.growL1(newSize);
            img.header.size = newSize;
            img.writeHeader();
            img.flushFiles();
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
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        long len = Math.min(length, size() - offset);
        ClusterMapping m = reader.map(offset, len);
        return switch (m.kind()) {
            case DATA -> BlockStatus.data(offset, m.length(), m.host(), img.dataFile);
            case ZERO -> BlockStatus.zero(offset, m.length(), true);
            case COMPRESSED -> new BlockStatus(offset, m.length(), true, false, true, -1, null);
            case UNALLOCATED -> backing != null && offset < backing.size()
                    ? BlockStatus.unallocated(offset, Math.min(m.length(), backing.size() - offset))
                    : new BlockStatus(offset, m.length(), false, true, false, -1, null);
        };
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
            flushAndSync();
            trimGrowth();
            markClean();
        }
        active = false;
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

    /** The internal snapshots listed in the image's snapshot table. */
    @Override
    public List<SnapshotInfo> snapshots() throws IOException {
        img.metaLock.lock();
        try {
            List<SnapshotInfo> out = new ArrayList<>();
            for (Snapshot s : InternalSnapshots.read(img)) {
                out.add(new SnapshotInfo(s.id(), s.name(), s.dateSeconds(), s.dateNanos(), s.vmClockNanos(),
                        s.vmStateSize(), s.diskSize(), s.icount()));
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
    public Map<String, Object> formatSpecificInfo() {
        Qcow2Header h = img.header;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compat", h.version == 3 ? "1.1" : "0.10");
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
                flushAndSync();
                trimGrowth();
                markClean();
            }
        } finally {
            reader.close();
            img.buffers.close();
            arena.close();
        }
    }

    /** The image's state shared by the engine parts (tests and check use it). */
    Qcow2Image image() {
        return img;
    }
}
