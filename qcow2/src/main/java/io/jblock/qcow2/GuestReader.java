package io.jblock.qcow2;

import io.jblock.qcow2.compression.ClusterDecompressor;
import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.BlockNode;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The read path: maps each run under the metadata lock, then reads data, backing or zeroes
 * outside it, so reads of different clusters proceed in parallel. Thread-safe.
 */
final class GuestReader {
    private final Qcow2Image img;
    private final ClusterMapper mapper;
    private final ClusterDecompressor decompressor;
    private volatile BlockNode backing;
    private volatile long knownHostSize;

    GuestReader(Qcow2Image img, ClusterMapper mapper, BlockNode backing) {
        this.img = img;
        this.mapper = mapper;
        this.backing = backing;
        this.decompressor = ClusterDecompressor.forType(img.header.compressionType);
    }

    BlockNode backing() {
        return backing;
    }

    ClusterMapping map(long offset, long length) throws IOException {
        img.metaLock.lock();
        try {
            return mapper.map(offset, length);
        } finally {
            img.metaLock.unlock();
        }
    }

    /** Reads guest bytes {@code [offset, offset + dst.byteSize())}. */
    void read(long offset, MemorySegment dst) throws IOException {
        long n = dst.byteSize();
        long done = 0;
        while (done < n) {
            ClusterMapping m = map(offset + done, n - done);
            MemorySegment part = dst.asSlice(done, m.length());
            switch (m.kind()) {
                case DATA -> {
                    DebugEvent.READ_AIO.announceTo(img.file);
                    readHost(img.dataFile, m.host(), part);
                }
                case ZERO -> part.fill((byte) 0);
                case UNALLOCATED -> readBacking(offset + done, part);
                case COMPRESSED -> {
                    DebugEvent.READ_COMPRESSED.announceTo(img.file);
                    readCompressed(m.host(), (offset + done) & img.geometry.clusterOffsetMask(), part);
                }
            }
            done += m.length();
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
        if (avail > 0) {
            node.read(offset, dst.asSlice(0, avail));
        }
        if (avail < dst.byteSize()) {
            dst.asSlice(avail).fill((byte) 0);
        }
    }

    private void readCompressed(long descriptor, long inCluster, MemorySegment dst) throws IOException {
        int bits = img.geometry.clusterBits();
        long coff = L2Entry.compressedOffset(descriptor, bits);
        long clen = L2Entry.compressedLength(descriptor, bits);
        long fileSize = img.file.size();
        if (coff >= fileSize) {
            throw img.corrupt("compressed cluster at " + coff + " lies outside the file (" + fileSize + " bytes)", coff);
        }
        clen = Math.min(clen, fileSize - coff);
        // clen <= 2 * cluster size: the sector count field has cluster_bits - 8 bits.
        byte[] in = img.readBytes(coff, (int) clen);
        byte[] out = new byte[img.clusterSize()];
        try {
            decompressor.decompress(in, in.length, out);
        } catch (IOException e) {
            throw new Qcow2CorruptImageException(e.getMessage(), img.nodeName, img.filename(), coff);
        }
        MemorySegment.copy(out, (int) inCluster, dst, ValueLayout.JAVA_BYTE, 0, (int) dst.byteSize());
    }
}
