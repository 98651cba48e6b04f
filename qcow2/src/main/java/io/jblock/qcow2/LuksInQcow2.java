package io.jblock.qcow2;

import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockNode;
import io.jblock.storage.crypto.LuksCreateOptions;
import io.jblock.storage.crypto.LuksHeaderStore;
import io.jblock.storage.crypto.LuksVolume;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * LUKS inside qcow2 ({@code crypt_method} 2, QEMU's qcow2_crypto_hdr_* functions): the LUKS
 * header lives in clusters of its own that the full disk encryption header extension
 * ({@code 0x0537be77}: offset and length, big-endian 64-bit each) points at; they are refcounted
 * like any metadata. The payload cipher's IV counts host sectors.
 */
final class LuksInQcow2 {
    private static final int EXTENSION_LENGTH = 16;

    private LuksInQcow2() {
    }

    /** The header's FDE extension as {offset, length}, or null when there is none. */
    static long[] extension(Qcow2Header h) {
        for (HeaderExtension e : h.otherExtensions) {
            if (e.type() == HeaderExtension.ENCRYPTION) {
                byte[] d = e.data();
                if (d.length != EXTENSION_LENGTH) {
                    return new long[] {-1, d.length};
                }
                ByteBuffer b = ByteBuffer.wrap(d);
                return new long[] {b.getLong(0), b.getLong(8)};
            }
        }
        return null;
    }

    /** Checks the extension as qcow2_read_extension does, in QEMU's words; returns {offset, length} or null. */
    static long[] checkedExtension(Qcow2Header h, int clusterSize, String node, String file) throws IOException {
        long[] ext = extension(h);
        if (ext == null) {
            return null;
        }
        if (h.cryptMethod != Qcow2Header.CRYPT_LUKS) {
            throw new Qcow2CorruptImageException("CRYPTO header extension only expected with LUKS encryption method",
                    node, file, Qcow2Header.V3_LENGTH);
        }
        if (ext[0] == -1) {
            throw new Qcow2CorruptImageException("CRYPTO header extension size " + ext[1] + ", but expected size "
                    + EXTENSION_LENGTH, node, file, Qcow2Header.V3_LENGTH);
        }
        if (ext[0] % clusterSize != 0 || ext[0] < 0) {
            throw new Qcow2CorruptImageException("Encryption header offset '" + Long.toUnsignedString(ext[0])
                    + "' is not a multiple of cluster size '" + clusterSize + "'", node, file, Qcow2Header.V3_LENGTH);
        }
        if (ext[1] < 0 || ext[1] > (1L << 32)) {
            throw new Qcow2CorruptImageException("Encryption header length " + Long.toUnsignedString(ext[1])
                    + " is out of range", node, file, Qcow2Header.V3_LENGTH);
        }
        return ext;
    }

    /**
     * The LUKS header's bytes in the image file: reads and writes outside the extension's
     * length are refused (QEMU's words). Header writes are metadata writes of the image file.
     */
    record Store(BlockNode file, long base, long length) implements LuksHeaderStore {
        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            int n = dst.remaining();
            check(offset, n);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = a.allocate(Math.max(1, n), 4096).asSlice(0, n);
                file.read(base + offset, s);
                dst.put(s.asByteBuffer());
            }
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            int n = src.remaining();
            check(offset, n);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = a.allocate(Math.max(1, n), 4096).asSlice(0, n);
                s.asByteBuffer().put(src);
                file.write(base + offset, s);
            }
        }

        private void check(long offset, long n) throws IOException {
            if (offset < 0 || offset + n > length) {
                throw new IOException("Request for data outside of extension header");
            }
        }
    }

    /**
     * Creates the LUKS header of a new image (QEMU's qcow2_set_up_encryption with
     * qcow2_crypto_hdr_init_func): allocates its clusters, zero-fills them, writes the header
     * and key slot 0 there and records the extension in the image header. The caller holds no lock.
     */
    static void create(Qcow2Image img, RefcountAllocator refcounts, LuksCreateOptions options, byte[] secret)
            throws IOException {
        long headerLength = LuksVolume.headerLength(options);
        int cs = img.clusterSize();
        long clusters = (headerLength + cs - 1) / cs;
        long offset;
        img.metaLock.lock();
        try {
            offset = refcounts.allocate(clusters);
            img.file.writeZeroes(offset, clusters * cs, 0);
        } finally {
            img.metaLock.unlock();
        }
        LuksVolume.create(new Store(img.file, offset, headerLength), options, secret);
        img.metaLock.lock();
        try {
            byte[] ext = ByteBuffer.allocate(EXTENSION_LENGTH).putLong(offset).putLong(headerLength).array();
            img.header.otherExtensions.removeIf(e -> e.type() == HeaderExtension.ENCRYPTION);
            img.header.otherExtensions.add(new HeaderExtension(HeaderExtension.ENCRYPTION, ext));
            img.header.cryptMethod = Qcow2Header.CRYPT_LUKS;
            img.writeHeader();
            img.flushFiles();
        } finally {
            img.metaLock.unlock();
        }
    }
}
