package io.jblock.qcow2.compression;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Raw deflate, as QEMU writes it (zlib with windowBits -12: no zlib header or checksum).
 * A raw inflater with the default 32 KiB window reads streams made with a smaller window. One
 * inflater serves every cluster (reset in between); not thread-safe.
 */
final class DeflateDecompressor implements ClusterDecompressor {
    private final Inflater inf = new Inflater(true);

    @Override
    public void decompress(byte[] in, int inLength, byte[] out) throws IOException {
        inf.reset();
        try {
            inf.setInput(in, 0, inLength);
            int n = 0;
            while (n < out.length) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0) {
                    if (inf.finished() || inf.needsInput() || inf.needsDictionary()) {
                        break;
                    }
                }
                n += k;
            }
            if (n < out.length) {
                throw new IOException("deflate stream ended after " + n + " of " + out.length + " bytes");
            }
        } catch (DataFormatException e) {
            throw new IOException("bad deflate data in compressed cluster: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        inf.end();
    }
}
