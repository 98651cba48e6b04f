package io.jblock.qcow2.compression;

import java.io.IOException;

/**
 * Decompresses one compressed qcow2 cluster. The input is the descriptor's byte range, which
 * runs to the end of its last 512-byte sector and so may carry trailing bytes after the
 * compressed stream; decompression stops once the output is full.
 *
 * <p>An instance keeps its decompression state (an {@link java.util.zip.Inflater}, a zstd frame
 * decoder) from one cluster to the next, so that reads allocate nothing per cluster: it is not
 * thread-safe (one request at a time; the reader pools them) and must be {@linkplain #close()
 * closed} to free native zlib memory at once.
 */
public interface ClusterDecompressor extends AutoCloseable {

    /**
     * Fills {@code out} completely from {@code in[0..inLength)}; fails if the stream is short or bad.
     *
     * @param in compressed bytes
     * @param inLength how many of {@code in} to use
     * @param out one cluster, filled completely
     * @throws IOException when the data does not decompress to exactly one cluster
     */
    void decompress(byte[] in, int inLength, byte[] out) throws IOException;

    /** Frees what the decompressor holds; it is not used afterwards. */
    @Override
    void close();

    /**
     * {@return a new decompressor for header compression_type 0 (deflate) or 1 (zstd)}
     *
     * @param compressionType the header's compression_type
     */
    static ClusterDecompressor forType(int compressionType) {
        return switch (compressionType) {
            case 0 -> new DeflateDecompressor();
            case 1 -> new ZstdClusterDecompressor();
            default -> throw new IllegalArgumentException("unknown compression type " + compressionType);
        };
    }
}
