package io.jblock.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a LUKS header lives: offsets are relative to the header's first byte. The {@code luks}
 * format keeps the header at the start of its file; qcow2 keeps it in clusters of its own
 * (the FDE header extension says where). {@link LuksVolume} reads the 592-byte partition header
 * and the key material of the slots it tries, and on create writes both, never past
 * {@link LuksVolume#headerLength(LuksCreateOptions)}.
 */
public interface LuksHeaderStore {

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset}, filling {@code dst} completely.
     *
     * @param offset the offset from the header's start
     * @param dst    the buffer; its position advances to its limit
     * @throws IOException when the bytes cannot be read (a read past the area that holds the
     *                     header is an error, not zeroes)
     */
    void read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Writes all of {@code src} at {@code offset}.
     *
     * @param offset the offset from the header's start
     * @param src    the bytes; its position advances to its limit
     * @throws IOException when the bytes cannot be written
     */
    void write(long offset, ByteBuffer src) throws IOException;
}
