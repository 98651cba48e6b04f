package io.jblock.qcow2.compression;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;

/**
 * zstd as QEMU writes it (block/qcow2-threads.c): one plain zstd frame per cluster with no
 * length prefix, followed by whatever fills the last sector. The frame's length is found by
 * walking its header and block headers (RFC 8878), so the trailing bytes are never parsed. One
 * frame decoder (and its workspace) serves every cluster; not thread-safe.
 */
final class ZstdClusterDecompressor implements ClusterDecompressor {
    private final ZstdDecompressor zstd = new ZstdDecompressor();
    private static final int MAGIC = 0xFD2FB528;
    /** Dictionary_ID field size by Dictionary_ID_Flag (RFC 8878 3.1.1.1.1.6). */
    private static final int[] DICT_ID_BYTES = {0, 1, 2, 4};
    /** Frame_Content_Size field size by Frame_Content_Size_Flag; flag 0 means 1 byte only in a single-segment frame. */
    private static final int[] CONTENT_SIZE_BYTES = {0, 2, 4, 8};

    @Override
    public void decompress(byte[] in, int inLength, byte[] out) throws IOException {
        int frameLength = frameLength(in, inLength);
        int n;
        try {
            n = zstd.decompress(in, 0, frameLength, out, 0, out.length);
        } catch (RuntimeException e) {
            // aircompressor reports malformed input with unchecked exceptions
            throw new IOException("bad zstd data in compressed cluster: " + e.getMessage(), e);
        }
        if (n != out.length) {
            throw new IOException("zstd frame holds " + n + " bytes, the cluster has " + out.length);
        }
    }

    @Override
    public void close() {
        // pure Java: nothing to free
    }

    static int frameLength(byte[] in, int len) throws IOException {
        if (len < 6 || le32(in, 0) != MAGIC) {
            throw new IOException("compressed cluster does not start with a zstd frame");
        }
        int fhd = in[4] & 0xff;
        int fcsFlag = fhd >>> 6;
        boolean single = (fhd & 0x20) != 0;
        boolean checksum = (fhd & 0x04) != 0;
        int dictFlag = fhd & 3;
        int p = 5 + (single ? 0 : 1) + DICT_ID_BYTES[dictFlag]
                + (fcsFlag == 0 && single ? 1 : CONTENT_SIZE_BYTES[fcsFlag]);
        while (true) {
            if (p + 3 > len) {
                throw new IOException("zstd frame runs past the compressed cluster");
            }
            int bh = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16;
            boolean last = (bh & 1) != 0;
            int type = (bh >>> 1) & 3;
            int size = bh >>> 3;
            p += 3 + switch (type) {
                case 0, 2 -> size;
                case 1 -> 1;
                default -> throw new IOException("reserved zstd block type");
            };
            if (last) {
                break;
            }
        }
        if (checksum) {
            p += 4;
        }
        if (p > len) {
            throw new IOException("zstd frame runs past the compressed cluster");
        }
        return p;
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }
}
