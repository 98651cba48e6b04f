package io.jblock.storage.luks;

import io.jblock.ffm.memory.BufferPool;
import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.crypto.LuksVolume;
import io.jblock.storage.crypto.SectorCipher;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * One open luks node (QEMU's block/crypto.c): guest byte {@code p} is payload byte {@code p},
 * at file offset {@code payloadOffset + p}, encrypted as sector {@code p / 512}. Requests are
 * whole 512-byte sectors (the request alignment; the generic layer pads the rest). Reads decrypt
 * in place in the caller's buffer; writes encrypt a copy in a bounce buffer of at most 1 MiB at a
 * time (QEMU's BLOCK_CRYPTO_MAX_IO_SIZE), so the caller's buffer is never changed. Write-zeroes
 * writes encrypted zeroes (an all-zero file region does not decrypt to zeroes), discard does
 * nothing (QEMU's luks has none), and every block is data.
 *
 * <p>Opened without {@code key-secret} (for {@code info}), the node has its header and size but
 * refuses I/O with QEMU's {@code Parameter 'key-secret' is required for cipher}.
 *
 * <p>Thread-safe: the cipher is; bounce buffers come from a pool per node.
 */
final class LuksDriver implements BlockDriver {

    static final int SECTOR = 512;
    /** QEMU's BLOCK_CRYPTO_MAX_IO_SIZE. */
    static final int MAX_IO = 1024 * 1024;

    private final String nodeName;
    private final BlockNode file;
    private final List<BlockChild> children;
    private final LuksVolume volume;
    private final long payload;
    private final BufferPool bounce;
    private volatile BlockLimits limits;

    LuksDriver(String nodeName, BlockNode file, LuksVolume volume) throws IOException {
        this.nodeName = nodeName;
        this.file = file;
        this.children = List.of(new BlockChild("file", file));
        this.volume = volume;
        this.payload = volume.payloadOffset();
        this.bounce = new BufferPool("jblock-luks-" + nodeName, 4096, MAX_IO, 2);
        this.limits = computeLimits();
    }

    private BlockLimits computeLimits() throws IOException {
        BlockLimits child = file.limits();
        return child.withRequestAlignment(Math.max(SECTOR, child.requestAlignment()));
    }

    private SectorCipher cipher() throws BlockIOException {
        if (!volume.unlocked()) {
            throw new BlockIOException("Parameter 'key-secret' is required for cipher", nodeName, file.filename(), -1);
        }
        return volume.cipher();
    }

    @Override
    public BlockLimits limits() {
        return limits;
    }

    /** QEMU's block_crypto_getlength: the file less the header; EIO when the file is shorter than it. */
    @Override
    public long size() throws IOException {
        long len = file.size();
        if (payload > len) {
            throw new BlockIOException("LUKS payload offset " + payload + " is beyond the end of the file (" + len
                    + " bytes)", nodeName, file.filename(), payload, 5 /* EIO */, null);
        }
        return len - payload;
    }

    @Override
    public void read(long pos, MemorySegment dst) throws IOException {
        SectorCipher c = cipher();
        long len = dst.byteSize();
        long inFile = Math.max(0, Math.min(len, file.size() - payload - pos));
        if (inFile > 0) {
            file.read(payload + pos, dst.asSlice(0, inFile));
        }
        if (inFile < len) {
            dst.asSlice(inFile).fill((byte) 0); // a file that ends inside its last sector
        }
        c.decrypt(pos / SECTOR, dst);
    }

    @Override
    public void write(long pos, MemorySegment src, int flags) throws IOException {
        SectorCipher c = cipher();
        long len = src.byteSize();
        MemorySegment buf = bounce.acquire(Math.min(len, MAX_IO));
        try {
            for (long done = 0; done < len; ) {
                long n = Math.min(MAX_IO, len - done);
                MemorySegment chunk = buf.asSlice(0, n);
                chunk.copyFrom(src.asSlice(done, n));
                c.encrypt((pos + done) / SECTOR, chunk);
                file.write(payload + pos + done, chunk, flags);
                done += n;
            }
        } finally {
            bounce.release(buf);
        }
    }

    @Override
    public int supportedWriteFlags() {
        return io.jblock.storage.RequestFlags.FUA; // passed to the file, as QEMU's supported_write_flags
    }

    @Override
    public void flush() {
        // nothing of our own: the generic layer flushes the file child next
    }

    /** QEMU's luks has no discard: the request succeeds and nothing changes. */
    @Override
    public void discard(long pos, long length) {
    }

    /** QEMU emulates it for luks by writing zeroes, which the cipher encrypts. */
    @Override
    public void writeZeroes(long pos, long length, int flags) throws IOException {
        SectorCipher c = cipher();
        MemorySegment buf = bounce.acquire(Math.min(length, MAX_IO));
        try {
            for (long done = 0; done < length; ) {
                long n = Math.min(MAX_IO, length - done);
                MemorySegment chunk = buf.asSlice(0, n);
                chunk.fill((byte) 0);
                c.encrypt((pos + done) / SECTOR, chunk);
                file.write(payload + pos + done, chunk, flags & io.jblock.storage.RequestFlags.FUA);
                done += n;
            }
        } finally {
            bounce.release(buf);
        }
    }

    /** QEMU's block_crypto_co_truncate: the file grows or shrinks with the payload. */
    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        if (payload > Long.MAX_VALUE - newSize) {
            throw new BlockIOException("The requested file size is too large", nodeName, file.filename(), newSize);
        }
        file.truncate(payload + newSize, prealloc);
    }

    /** As QEMU's default for a driver without block status: all data, allocated, no host offset. */
    @Override
    public BlockStatus blockStatus(long pos, long length) {
        return new BlockStatus(pos, length, true, false, true, -1, null);
    }

    @Override
    public void invalidateCache() throws IOException {
        limits = computeLimits();
    }

    @Override
    public List<BlockChild> children() {
        return children;
    }

    /**
     * QEMU's ImageInfoSpecificLUKS: the volume's QCryptoBlockInfoLUKS members, and
     * {@code encrypted} (which info prints at the top level, as QEMU's {@code encrypted: yes}).
     */
    @Override
    public Map<String, Object> formatSpecificInfo() {
        Map<String, Object> m = volume.info().toQemuMap();
        m.put("encrypted", true);
        return m;
    }

    @Override
    public void close() {
        bounce.close();
    }
}
