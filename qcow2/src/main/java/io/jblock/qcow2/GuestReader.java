package io.jblock.qcow2;

import io.jblock.storage.BlockNode;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;

/**
 * The read path: maps each run under the metadata lock, then reads data, backing or zeroes
 * outside it, so reads of different clusters proceed in parallel. A run whose L2 slice is not
 * cached is looked up after reading the slice with the lock released
 * ({@link L2Tables#prefetch}), so a miss does not hold up requests that hit. Thread-safe;
 * {@link #close()} after the last read.
 */
final class GuestReader implements AutoCloseable {
    private final Qcow2Image img;
    private final L2Tables l2;
    private final ClusterMapper mapper;
    private final CompressedClusterReader compressed;
    private volatile BlockNode backing;
    private volatile long knownHostSize;

    GuestReader(Qcow2Image img, L2Tables l2, ClusterMapper mapper, BlockNode backing) {
        this.img = img;
        this.l2 = l2;
        this.mapper = mapper;
        this.backing = backing;
        this.compressed = new CompressedClusterReader(img);
    }

    BlockNode backing() {
        return backing;
    }

    /**
     * The mapping of the run at {@code offset} (at most {@code length}): the first piece's L2
     * slice is read first if needed, and the run stops where the next slice is not cached.
     */
    ClusterMapping map(long offset, long length) throws IOException {
        img.metaLock.lock();
        try {
            l2.prefetch(offset);
            return mapper.map(offset, length);
        } finally {
            img.metaLock.unlock();
        }
    }

    /** Each thread's mapping carrier (the read path allocates nothing per request). */
    private static final ThreadLocal<ClusterMapper.Run> RUN = ThreadLocal.withInitial(ClusterMapper.Run::new);

    /** Reads guest bytes {@code [offset, offset + dst.byteSize())}. */
    void read(long offset, MemorySegment dst) throws IOException {
        long n = dst.byteSize();
        long done = 0;
        ClusterMapper.Run run = RUN.get();
        while (done < n) {
            long pos = offset + done;
            img.metaLock.lock();
            try {
                l2.prefetch(pos);
                mapper.map(pos, n - done, run);
            } finally {
                img.metaLock.unlock();
            }
            // copied out at once: a read of the backing node below maps with the same carrier
            ClusterMapping.Kind kind = run.kind;
            long len = run.length;
            long host = run.host;
            MemorySegment part = done == 0 && len == n ? dst : dst.asSlice(done, len);
            switch (kind) {
                case DATA -> {
                    DebugEvent.READ_AIO.announceTo(img.file);
                    if (host + len <= knownHostSize) {
                        img.dataFile.read(host, part); // the common case, kept shallow for the JIT's inlining
                    } else {
                        readHost(img.dataFile, host, part);
                    }
                    if (img.encrypted()) {
                        img.encryption.decryptRead(img, pos, host, part);
                    }
                }
                case ZERO -> part.fill((byte) 0);
                case UNALLOCATED -> readBacking(pos, part);
                case COMPRESSED -> {
                    DebugEvent.READ_COMPRESSED.announceTo(img.file);
                    readCompressed(host, pos & img.geometry.clusterOffsetMask(), part);
                }
            }
            done += len;
        }
    }

    /**
     * Starts the read of {@code [offset, offset + dst.byteSize())} on the data file's
     * asynchronous path when it needs nothing else: the whole request is one run of data
     * clusters contiguous in the file (one read, on the file node's ring with {@code aio=io_uring}).
     * A run that reads as zeroes (zero clusters; unallocated ones with no backing data under
     * them) is filled and completed at once, on the calling thread: the generic layer bounds how
     * deep such completions nest ({@code HandlerNesting}). Returns false, having done nothing, when
     * the metadata lock is taken, the L2 slice is not cached, the run is shorter than the request,
     * or the clusters are compressed or read from the backing node: the caller then runs
     * {@link #read} on the thread engine. Never blocks and allocates nothing.
     */
    <A> boolean readAsync(long offset, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        long n = dst.byteSize();
        ClusterMapper.Run run = RUN.get();
        if (!img.metaLock.tryLock()) {
            return false;
        }
        try {
            if (l2.uncachedSlice(offset) >= 0) {
                return false;
            }
            mapper.map(offset, n, run);
        } catch (IOException | RuntimeException e) {
            return false; // the synchronous path meets it again and reports it
        } finally {
            img.metaLock.unlock();
        }
        if (run.length != n) {
            return false;
        }
        switch (run.kind) {
            case DATA -> {
                if (run.host + n > knownHostSize || img.encrypted()) {
                    // encrypted data is decrypted after the read, on the synchronous path
                    return false; // may reach past the end of the file: the synchronous path zero-fills
                }
                DebugEvent.READ_AIO.announceTo(img.file);
                img.dataFile.readAsync(run.host, dst, attachment, handler);
                return true;
            }
            case ZERO -> {
                dst.fill((byte) 0);
                handler.completed(null, attachment);
                return true;
            }
            case UNALLOCATED -> {
                BlockNode b = backing;
                try {
                    if (b != null && offset < b.size()) {
                        return false; // the backing node's data: the synchronous path reads it
                    }
                } catch (IOException e) {
                    return false; // the synchronous path meets it again and reports it
                }
                dst.fill((byte) 0);
                handler.completed(null, attachment);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Reads from the backing node; past its end (or without one) the guest sees zeroes. */
    void readBacking(long offset, MemorySegment dst) throws IOException {
        BlockNode b = backing;
        if (b == null) {
            dst.fill((byte) 0);
            return;
        }
        DebugEvent.READ_BACKING_AIO.announceTo(img.file);
        readClamped(b, offset, b.size(), dst);
    }

    /** Reads host bytes; a range past the end of the file reads as zeroes, as QEMU's file driver does. */
    private void readHost(BlockNode node, long host, MemorySegment dst) throws IOException {
        long size = knownHostSize;
        if (host + dst.byteSize() > size) {
            // Files only grow while open, so a cached size is refreshed only when it looks short.
            size = node.size();
            knownHostSize = size;
        }
        readClamped(node, host, size, dst);
    }

    /** Reads what of {@code dst}'s range lies below {@code nodeSize}; the rest reads as zeroes. */
    private static void readClamped(BlockNode node, long offset, long nodeSize, MemorySegment dst) throws IOException {
        long avail = Math.max(0, Math.min(dst.byteSize(), nodeSize - offset));
        if (avail == dst.byteSize()) {
            node.read(offset, dst);
            return;
        }
        if (avail > 0) {
            node.read(offset, dst.asSlice(0, avail));
        }
        if (avail < dst.byteSize()) {
            dst.asSlice(avail).fill((byte) 0);
        }
    }

    private void readCompressed(long descriptor, long inCluster, MemorySegment dst) throws IOException {
        compressed.read(descriptor, inCluster, dst);
    }

    @Override
    public void close() {
        compressed.close();
    }
}
