package io.jblock.storage.filter;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.WriteLog;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open {@code blklogwrites} node (see {@link BlkLogWritesDriverFactory} for the options and
 * {@link WriteLogFormat} for the log).
 *
 * <p>Ordering, as dm-log-writes: a request is logged after the child completed it, so log order
 * is completion order. A flush notes that it started, flushes the child, and then logs its flush
 * entry; requests that complete while it runs are held back and logged right after the flush
 * entry, because the flush may not cover them. Flushes run one at a time. So every entry before a
 * flush entry was stable once that flush entry was written.
 *
 * <p>Failures: a request the child fails is not logged and its error is returned. When the log
 * itself cannot be written, the request fails with the log's error and so does every later
 * modification: a log with a hole in it would rebuild states that never existed.
 *
 * <p>Thread safety: requests may run concurrently; the log is appended under one lock.
 */
final class BlkLogWritesDriver implements BlockDriver, WriteLog {
    /** How much the log grows by at least when it is full: protocol nodes refuse writes past their end. */
    private static final long LOG_GROWTH = 1L << 20;

    private final String nodeName;
    private final BlockNode file;
    private final BlockNode log;
    private final int sectorSize;
    private final int sectorBits;
    private final long updateInterval;
    private final boolean readOnly;
    private final Arena arena = Arena.ofShared();
    /** One log sector, for headers and the super block; used under {@link #logLock}. */
    private final MemorySegment sectorBuffer;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Object logLock = new Object();
    private final List<Held> held = new ArrayList<>();
    // guarded by logLock:
    private long nextSector;
    private long entries;
    private long logCapacity = -1;
    private boolean flushing;
    private boolean started;
    private IOException broken;

    /** A request that completed while a flush ran: logged after the flush entry. */
    private record Held(long offset, long length, long flags, byte[] data, boolean zeroes, byte[] markName) {
    }

    private BlkLogWritesDriver(String nodeName, BlockNode file, BlockNode log, int sectorSize, long updateInterval,
                               boolean readOnly, long nextSector, long entries) {
        this.nodeName = nodeName;
        this.file = file;
        this.log = log;
        this.sectorSize = sectorSize;
        this.sectorBits = Integer.numberOfTrailingZeros(sectorSize);
        this.updateInterval = updateInterval;
        this.readOnly = readOnly;
        this.nextSector = nextSector;
        this.entries = entries;
        this.sectorBuffer = arena.allocate(sectorSize, Math.max(4096, sectorSize));
    }

    /**
     * Opens the node over its children: a new log, or with {@code append} the end of the log
     * found (QEMU's blk_log_writes_find_cur_log_sector; an empty log file is a new log of
     * 512-byte sectors). Nothing is written before the node gets write permission.
     */
    static BlkLogWritesDriver open(String nodeName, BlockNode file, BlockNode log, boolean append, int sectorSize,
                                   long updateInterval, boolean readOnly) throws IOException {
        long nextSector = 1;
        long entries = 0;
        if (append && log.size() > 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment head = a.allocate(WriteLogFormat.DEFAULT_SECTOR_SIZE, 4096);
                readFully(log, 0, head);
                WriteLogFormat.Super s = WriteLogFormat.decodeSuper(head);
                if (s.magic() != WriteLogFormat.MAGIC) {
                    throw failure(nodeName, log, "Invalid log superblock magic", 0, null);
                }
                if (s.version() != WriteLogFormat.VERSION) {
                    throw failure(nodeName, log, "Unsupported log version " + s.version(), 0, null);
                }
                if (!WriteLogFormat.validSectorSize(Integer.toUnsignedLong(s.sectorSize()))) {
                    throw failure(nodeName, log, "Invalid log sector size " + Integer.toUnsignedLong(s.sectorSize()),
                            0, null);
                }
                sectorSize = s.sectorSize();
                int bits = Integer.numberOfTrailingZeros(sectorSize);
                MemorySegment header = a.allocate(WriteLogFormat.ENTRY_SIZE, 8);
                for (long i = 0; i < s.entries(); i++) {
                    long at = nextSector << bits;
                    try {
                        readFully(log, at, header);
                    } catch (IOException e) {
                        throw failure(nodeName, log, "Failed to read log entry " + i, at, e);
                    }
                    WriteLogFormat.Entry e = WriteLogFormat.decodeEntry(header);
                    if ((e.flags() & ~WriteLogFormat.FLAG_MASK) != 0) {
                        throw failure(nodeName, log, "Invalid flags 0x" + Long.toHexString(e.flags())
                                + " in log entry " + i, at, null);
                    }
                    nextSector += e.logSectors();
                }
                entries = s.entries();
            }
        } else if (append) {
            sectorSize = WriteLogFormat.DEFAULT_SECTOR_SIZE;
        }
        return new BlkLogWritesDriver(nodeName, file, log, sectorSize, updateInterval, readOnly, nextSector, entries);
    }

    private static void readFully(BlockNode node, long offset, MemorySegment dst) throws IOException {
        long size = node.size();
        if (offset + dst.byteSize() > size) {
            throw new IOException("the log ends at " + size + ", before " + (offset + dst.byteSize()));
        }
        node.read(offset, dst);
    }

    private static BlockIOException failure(String nodeName, BlockNode log, String what, long offset, Throwable cause) {
        return new BlockIOException(what + (cause == null ? "" : ": " + cause.getMessage()), nodeName,
                log.filename(), offset, 0, cause);
    }

    // ---------------------------------------------------------------- requests

    @Override
    public BlockLimits limits() {
        BlockLimits l = file.limits();
        int alignment = Math.max(l.requestAlignment(), sectorSize);
        long max = l.maxTransfer() == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(alignment, l.maxTransfer() / alignment * alignment);
        return new BlockLimits(alignment, l.memoryAlignment(), max, l.optimalTransfer(), l.discardAlignment(), l.maxDiscard());
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        file.read(offset, dst);
    }

    @Override
    public int supportedWriteFlags() {
        return RequestFlags.FUA; // passed on to the child, whose generic layer emulates it if it must
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        requireLog();
        file.write(offset, src, flags & RequestFlags.FUA);
        long entryFlags = (flags & RequestFlags.FUA) != 0 || stableOnCompletion() ? WriteLogFormat.FUA : 0;
        logRequest(offset, src.byteSize(), entryFlags, src, false);
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        requireLog();
        file.writeZeroes(offset, length, flags);
        logRequest(offset, length, stableOnCompletion() ? WriteLogFormat.FUA : 0, null, true);
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        requireLog();
        file.discard(offset, length);
        logRequest(offset, length, WriteLogFormat.DISCARD, null, false);
    }

    /** The child makes writes stable before they complete (QEMU's writethrough and directsync). */
    private boolean stableOnCompletion() {
        CacheSettings c = file.cacheSettings();
        return !c.writeback() && !c.noFlush();
    }

    /**
     * Flushes the child, then logs the flush entry and, after it, whatever completed meanwhile.
     * With {@code cache.no-flush} the generic layer does not call this, so the log has no flush
     * entries: such a node promises nothing.
     */
    @Override
    public void flush() throws IOException {
        if (readOnly) {
            return;
        }
        flushLock.lock();
        try {
            synchronized (logLock) {
                requireLogLocked();
                flushing = true;
            }
            IOException failure = null;
            try {
                file.flush();
            } catch (IOException e) {
                failure = e;
            }
            synchronized (logLock) {
                flushing = false;
                try {
                    if (failure == null) {
                        append(0, 0, WriteLogFormat.FLUSH, null, false, null);
                    }
                    for (Held h : held) {
                        append(h.offset, h.length, h.flags, h.data == null ? null : MemorySegment.ofArray(h.data),
                                h.zeroes, h.markName);
                    }
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                } finally {
                    held.clear();
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        requireLog();
        file.truncate(newSize, prealloc);
        byte[] name = (WriteLogFormat.TRUNCATE_MARK + file.size()).getBytes(StandardCharsets.UTF_8);
        synchronized (logLock) {
            requireLogLocked();
            if (flushing) {
                held.add(new Held(0, 0, WriteLogFormat.MARK, null, false, name));
            } else {
                append(0, 0, WriteLogFormat.MARK, null, false, name);
            }
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        return file.blockStatus(offset, length);
    }

    /** Events the parent announces go on to the logged child (a blkdebug node under this one sees them). */
    @Override
    public void debugEvent(DebugEvent event) {
        event.announceTo(file);
    }

    // ---------------------------------------------------------------- the log

    @Override
    public long entryCount() {
        synchronized (logLock) {
            return entries + held.size();
        }
    }

    @Override
    public void mark(String name) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > WriteLogFormat.maxMarkBytes(sectorSize)) {
            throw new IllegalArgumentException("mark name of " + bytes.length + " bytes does not fit in a log sector of "
                    + sectorSize + " bytes");
        }
        if (readOnly) {
            throw new BlockIOException("cannot mark the log of a read-only node", nodeName, log.filename(), -1);
        }
        synchronized (logLock) {
            requireLogLocked();
            if (flushing) {
                held.add(new Held(0, 0, WriteLogFormat.MARK, null, false, bytes));
            } else {
                append(0, 0, WriteLogFormat.MARK, null, false, bytes);
            }
        }
    }

    private void requireLog() throws IOException {
        synchronized (logLock) {
            requireLogLocked();
        }
    }

    private void requireLogLocked() throws IOException {
        if (broken != null) {
            throw new BlockIOException("refused: the write log could not be written earlier (" + broken.getMessage()
                    + "), so it no longer describes the node", nodeName, log.filename(), -1, 0, broken);
        }
        if (!started) {
            start();
        }
    }

    /** Writes the first super block (a new log) once the node may write. */
    private void start() throws IOException {
        try {
            writeSuper();
            started = true;
        } catch (IOException e) {
            broken = e;
            throw e;
        }
    }

    private void logRequest(long offset, long length, long flags, MemorySegment data, boolean zeroes)
            throws IOException {
        synchronized (logLock) {
            requireLogLocked();
            if (flushing) {
                byte[] copy = data == null ? null : data.toArray(ValueLayout.JAVA_BYTE);
                held.add(new Held(offset, length, flags, copy, zeroes, null));
            } else {
                append(offset, length, flags, data, zeroes, null);
            }
        }
    }

    /** Appends one entry (under {@link #logLock}); any failure breaks the log for good. */
    private void append(long offset, long length, long flags, MemorySegment data, boolean zeroes, byte[] markName)
            throws IOException {
        try {
            boolean discard = (flags & WriteLogFormat.DISCARD) != 0;
            long dataSectors = discard ? 0 : length >> sectorBits;
            long at = nextSector << sectorBits;
            ensureCapacity((nextSector + 1 + dataSectors) << sectorBits);
            WriteLogFormat.encodeEntry(sectorBuffer, offset >> sectorBits, length >> sectorBits, flags, markName);
            log.write(at, sectorBuffer);
            if (data != null) {
                log.write(at + sectorSize, data);
            } else if (zeroes && length > 0) {
                log.writeZeroes(at + sectorSize, length, RequestFlags.NONE);
            }
            nextSector += 1 + dataSectors;
            entries++;
            if ((flags & WriteLogFormat.FLUSH) != 0 || entries % updateInterval == 0) {
                writeSuper();
                log.flush();
            }
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x
                    : new BlockIOException("appending to the write log failed", nodeName, log.filename(), -1, 0, e);
            broken = io;
            throw io;
        }
    }

    private void ensureCapacity(long end) throws IOException {
        if (end > logCapacity) {
            logCapacity = log.size();
            if (end > logCapacity) {
                // whole MiBs, so that an O_DIRECT log never has a partial last block to pad
                long grown = Math.max(end, logCapacity + Math.max(LOG_GROWTH, logCapacity / 4));
                grown = (grown + LOG_GROWTH - 1) / LOG_GROWTH * LOG_GROWTH;
                log.truncate(grown, Preallocation.OFF);
                logCapacity = log.size();
            }
        }
    }

    private void writeSuper() throws IOException {
        ensureCapacity(sectorSize);
        WriteLogFormat.encodeSuper(sectorBuffer, entries, sectorSize);
        log.write(0, sectorBuffer);
    }

    /** Makes the super block exact and, with {@code trim}, the log no longer than its entries. */
    private void finish(boolean trim) throws IOException {
        synchronized (logLock) {
            if (!started || broken != null || readOnly) {
                return;
            }
            writeSuper();
            long end = nextSector << sectorBits;
            if (trim && log.size() > end) {
                log.truncate(end, Preallocation.OFF);
                logCapacity = log.size();
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void setWritePermission(boolean write) throws IOException {
        if (write && !readOnly) {
            synchronized (logLock) {
                if (!started && broken == null) {
                    start();
                }
            }
        }
    }

    @Override
    public void inactivate() throws IOException {
        finish(false);
    }

    @Override
    public List<BlockChild> children() {
        return List.of(new BlockChild("file", file), new BlockChild("log", log));
    }

    @Override
    public void close() throws IOException {
        try {
            finish(true);
        } finally {
            arena.close();
        }
    }
}
