package io.jblock.qcow2.compression;

import io.airlift.compress.zstd.ZstdCompressor;
import java.util.zip.Deflater;

/**
 * Compresses one cluster in the format QEMU reads back: raw deflate whose back-references stay
 * within 4 KiB (QEMU inflates with windowBits -12), or one zstd frame. Thread-safe.
 */
public interface ClusterCompressor {

    /**
     * Compresses {@code in}; returns the compressed bytes, or null when they would not be
     * smaller than {@code limit} (the caller then writes the cluster uncompressed).
     *
     * @param in one cluster's bytes
     * @param limit the largest compressed size worth keeping
     * @return the compressed bytes, or null when they would not be smaller than {@code limit}
     */
    byte[] compress(byte[] in, int limit);

    /**
     * {@return the compressor for header compression_type 0 (deflate) or 1 (zstd)}
     *
     * @param compressionType the header's compression_type
     */
    static ClusterCompressor forType(int compressionType) {
        return switch (compressionType) {
            case 0 -> ClusterCompressor::deflate;
            case 1 -> ClusterCompressor::zstd;
            default -> throw new IllegalArgumentException("unknown compression type " + compressionType);
        };
    }

    private static byte[] deflate(byte[] in, int limit) {
        // Java's Deflater always uses a 32 KiB window; a full flush every 4 KiB of input resets
        // the dictionary, so no match reaches further back than QEMU's 4 KiB window allows.
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            byte[] out = new byte[limit + 64];
            int n = 0;
            for (int p = 0; p < in.length; p += 4096) {
                int len = Math.min(4096, in.length - p);
                d.setInput(in, p, len);
                if (p + len >= in.length) {
                    d.finish();
                    while (!d.finished()) {
                        if (n >= out.length) {
                            return null;
                        }
                        n += d.deflate(out, n, out.length - n);
                    }
                } else {
                    do {
                        if (n >= out.length) {
                            return null;
                        }
                        n += d.deflate(out, n, out.length - n, Deflater.FULL_FLUSH);
                    } while (!d.needsInput() || n == out.length);
                }
            }
            return n < limit ? java.util.Arrays.copyOf(out, n) : null;
        } finally {
            d.end();
        }
    }

    private static byte[] zstd(byte[] in, int limit) {
        ZstdCompressor z = new ZstdCompressor();
        byte[] out = new byte[z.maxCompressedLength(in.length)];
        int n = z.compress(in, 0, in.length, out, 0, out.length);
        return n < limit ? java.util.Arrays.copyOf(out, n) : null;
    }
}
