package io.jblock.qcow2;

import io.jblock.qcow2.compression.ClusterCompressor;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Compressed cluster writes (QEMU's qcow2_co_pwritev_compressed, used by convert -c): whole,
 * unallocated guest clusters only. Compressed data is packed byte by byte into host clusters
 * shared by consecutive compressed clusters ({@link RefcountAllocator#allocateBytes}); each
 * compressed cluster holds one reference on every host cluster its data touches, as qemu-img
 * check counts them.
 *
 * <p>Ordering: the compressed data is written, then the L2 cache depends on a flush, then the
 * descriptor is set; the raised refcount goes first through the caches' dependency.
 *
 * <p>Thread-safe: allocation and the L2 update run under the metadata lock.
 */
final class CompressedClusterWriter {
    private final Qcow2Image img;
    private final L2Tables l2;
    private final RefcountAllocator refcounts;
    private final ClusterCompressor compressor;
    private final GuestWriter.BeforeMetadataChange beforeChange;

    CompressedClusterWriter(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts,
                     GuestWriter.BeforeMetadataChange beforeChange) {
        this.img = img;
        this.l2 = l2;
        this.refcounts = refcounts;
        this.beforeChange = beforeChange;
        this.compressor = ClusterCompressor.forType(img.header.compressionType);
    }

    /**
     * Writes one guest cluster compressed.
     *
     * @return false when the data does not compress; the caller writes it normally
     */
    boolean write(long offset, MemorySegment cluster) throws IOException {
        int cs = img.clusterSize();
        if (img.hasExternalDataFile()) {
            throw new Qcow2UnsupportedException("compressed writes are not possible with an external data file",
                    img.nodeName, img.filename(), offset);
        }
        byte[] in = new byte[cs];
        MemorySegment.copy(cluster, ValueLayout.JAVA_BYTE, 0, in, 0, (int) cluster.byteSize());
        // The descriptor's sector count has cluster_bits - 8 bits: at most 2 * cluster size - 512.
        byte[] out = compressor.compress(in, cs - 512);
        if (out == null) {
            return false;
        }
        img.metaLock.lock();
        try {
            L2Tables.Entry e = l2.get(offset);
            if (e.standard() != 0 || (e.bitmap() & 0xffff_ffffL) != 0) {
                throw new Qcow2UnsupportedException("compressed writes need an unallocated cluster (guest offset "
                        + offset + " is allocated)", img.nodeName, img.filename(), offset);
            }
            beforeChange.run();
            // the L2 table first, then the bytes, as QEMU's qcow2_alloc_compressed_cluster_offset
            // (so that images lay out as qemu-img's: tests poke metadata at fixed offsets)
            l2.ensureOwned(offset);
            long host = refcounts.allocateBytes(out.length);
            MemorySegment buf = img.buffers.acquire();
            try {
                for (int p = 0; p < out.length; p += cs) {
                    int n = Math.min(cs, out.length - p);
                    MemorySegment s = buf.asSlice(0, n);
                    MemorySegment.copy(out, p, s, ValueLayout.JAVA_BYTE, 0, n);
                    DebugEvent.WRITE_COMPRESSED.announceTo(img.file);
                    img.overlap.beforeWrite(0, host + p, n);
                    img.file.write(host + p, s);
                }
            } finally {
                img.buffers.release(buf);
            }
            l2.cache().dependOnFlush();
            DebugEvent.L2_UPDATE_COMPRESSED.announceTo(img.file);
            l2.set(offset, L2Entry.compressedDescriptor(host, out.length, img.geometry.clusterBits()), 0);
            return true;
        } finally {
            img.metaLock.unlock();
        }
    }
}
