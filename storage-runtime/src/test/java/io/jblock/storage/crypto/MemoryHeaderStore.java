package io.jblock.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A LUKS header area in a byte array; reads and writes past its end fail. */
final class MemoryHeaderStore implements LuksHeaderStore {
    final byte[] bytes;
    int reads;

    MemoryHeaderStore(int length) {
        this.bytes = new byte[length];
    }

    MemoryHeaderStore(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        if (offset < 0 || offset + n > bytes.length) {
            throw new IOException("read of " + n + " bytes at " + offset + " is past the header area's end ("
                    + bytes.length + ")");
        }
        reads++;
        dst.put(bytes, (int) offset, n);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (offset < 0 || offset + n > bytes.length) {
            throw new IOException("write of " + n + " bytes at " + offset + " is past the header area's end");
        }
        src.get(bytes, (int) offset, n);
    }
}
