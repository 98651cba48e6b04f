package io.jblock.qcow2;

import io.jblock.qcow2.compression.ClusterDecompressor;
import io.jblock.storage.BlockIOException;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads compressed clusters (QEMU's qcow2_co_preadv_compressed) with reused state: each read
 * takes a context (a decompressor that keeps its inflater or zstd decoder, heap buffers for the
 * compressed and the decompressed cluster, and a native buffer to read into) from a small pool,
 * so that once the pool is warm a compressed read allocates nothing per cluster.
 *
 * <p>The pool keeps up to {@link #pooled} contexts (bounded by memory for large clusters); a
 * read that finds none free while as many are in use makes a temporary one. Thread-safe;
 * {@link #close()} frees the contexts (after the last read).
 */
final class CompressedClusterReader implements AutoCloseable {
    private static final int EIO = 5;

    private static final long POOL_BYTES = 16L << 20;
    private static final int MAX_POOLED = 16;

    private final Qcow2Image img;
    private final Arena arena = Arena.ofShared();
    private final Context[] free;
    private final int pooled;
    private int freeCount;
    private int made;
    private boolean closed;

    /** What one read needs; used by one thread at a time. */
    private final class Context {
        final ClusterDecompressor decompressor = ClusterDecompressor.forType(img.header.compressionType);
        final byte[] in = new byte[2 * img.clusterSize()];
        final byte[] out = new byte[img.clusterSize()];
        final MemorySegment bounce;
        /** {@code bounce}'s first n sectors at index n, made on first use: a read passes one of these. */
        private final MemorySegment[] sectorSlices;

        Context(Arena a) {
            // at most two clusters: the sector count field has cluster_bits - 8 bits
            bounce = a.allocate(2L * img.clusterSize(), 4096);
            sectorSlices = new MemorySegment[(int) (bounce.byteSize() >>> 9) + 1];
        }

        /** {@return the first {@code n} sectors of the bounce buffer, the same segment every time} */
        MemorySegment sectors(int n) {
            MemorySegment s = sectorSlices[n];
            if (s == null) {
                s = bounce.asSlice(0, (long) n << 9);
                sectorSlices[n] = s;
            }
            return s;
        }
    }

    CompressedClusterReader(Qcow2Image img) {
        this.img = img;
        this.pooled = (int) Math.max(1, Math.min(MAX_POOLED, POOL_BYTES / (5L * img.clusterSize())));
        this.free = new Context[pooled];
    }

    /**
     * Reads the part of the compressed cluster {@code descriptor} from byte {@code inCluster}
     * into {@code dst} (which ends at or before the cluster's end).
     */
    void read(long descriptor, long inCluster, MemorySegment dst) throws IOException {
        int bits = img.geometry.clusterBits();
        long coff = L2Entry.compressedOffset(descriptor, bits);
        long clen = L2Entry.compressedLength(descriptor, bits);
        long fileSize = img.file.size();
        if (coff >= fileSize) {
            throw img.corrupt("compressed cluster at " + coff + " lies outside the file (" + fileSize + " bytes)", coff);
        }
        clen = Math.min(clen, fileSize - coff);
        Context c = acquire();
        Arena temporary = null;
        try {
            if (c == null) {
                temporary = Arena.ofConfined();
                c = new Context(temporary);
            }
            // The whole sectors that hold the compressed bytes (as QEMU's nb_csectors count them),
            // read into a slice kept per sector count: a slice made per read would escape into the
            // file node's read, an allocation on every compressed read. Where the file ends inside
            // the last sector, the exact length (a slice of its own, rare).
            long start = coff & ~511L;
            int skip = (int) (coff - start);
            long sectorsEnd = (coff + clen + 511) & ~511L;
            MemorySegment raw = sectorsEnd <= fileSize
                    ? c.sectors((int) ((sectorsEnd - start) >>> 9))
                    : c.bounce.asSlice(0, skip + clen);
            img.file.read(start, raw);
            MemorySegment.copy(raw, ValueLayout.JAVA_BYTE, skip, c.in, 0, (int) clen);
            try {
                c.decompressor.decompress(c.in, (int) clen, c.out);
            } catch (IOException e) {
                // as QEMU's qcow2_co_preadv_compressed: the guest's read fails with EIO, and the
                // image is not marked corrupt (the metadata is sound; this cluster's data is not)
                throw new BlockIOException("compressed cluster does not decompress: " + e.getMessage()
                        + ": EIO (Input/output error)", img.nodeName, img.filename(), coff, EIO, e);
            }
            MemorySegment.copy(c.out, (int) inCluster, dst, ValueLayout.JAVA_BYTE, 0, (int) dst.byteSize());
        } finally {
            if (temporary != null) {
                c.decompressor.close();
                temporary.close();
            } else {
                release(c);
            }
        }
    }

    /** A pooled context, a new one while fewer than {@link #pooled} exist, or null (make a temporary). */
    private Context acquire() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("qcow2 node '" + img.nodeName + "' is closed");
            }
            if (freeCount > 0) {
                return free[--freeCount];
            }
            if (made == pooled) {
                return null;
            }
            made++;
        }
        return new Context(arena);
    }

    private synchronized void release(Context c) {
        free[freeCount++] = c;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < freeCount; i++) {
            free[i].decompressor.close();
        }
        freeCount = 0;
        arena.close();
    }
}
