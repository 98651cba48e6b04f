package io.jblock.storage.luks;

import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.crypto.LuksHeaderStore;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A LUKS header at the start of a node (the luks format's layout). Reads past the node's end
 * fail with QEMU's {@code Could not read encryption header} rather than reading zeroes, so a
 * truncated file is reported as such. Thread-safe as the node is.
 */
final class NodeHeaderStore implements LuksHeaderStore {
    private final String nodeName;
    private final BlockNode file;

    NodeHeaderStore(String nodeName, BlockNode file) {
        this.nodeName = nodeName;
        this.file = file;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        long size = file.size();
        if (offset < 0 || offset > size - n) {
            throw new BlockIOException("Could not read encryption header: " + n + " bytes at offset " + offset
                    + " reach past the end of the file (" + size + " bytes)", nodeName, file.filename(), offset);
        }
        file.read(offset, MemorySegment.ofBuffer(dst));
        dst.position(dst.limit());
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        file.write(offset, MemorySegment.ofBuffer(src), 0);
        src.position(src.limit());
    }
}
