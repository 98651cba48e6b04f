package io.jblock.storage.nullblock;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code null-co} node: every request succeeds without touching storage. Block status is
 * QEMU's: with {@code read-zeroes} every byte reads as zeroes, else as data of this node.
 */
final class NullDriver implements BlockDriver {

    /** QEMU's ENOTSUP, for the resize it does not implement either. */
    private static final int ENOTSUP = 95;

    private final String nodeName;
    private final long size;
    private final boolean readZeroes;
    private final long latencyNanos;

    NullDriver(String nodeName, long size, boolean readZeroes, long latencyNanos) {
        this.nodeName = nodeName;
        this.size = size;
        this.readZeroes = readZeroes;
        this.latencyNanos = latencyNanos;
    }

    @Override
    public BlockLimits limits() {
        return BlockLimits.UNRESTRICTED;
    }

    @Override
    public long size() {
        return size;
    }

    /** QEMU's latency-ns: each request sleeps that long (not interruptible by design, as a slow device). */
    private void delay() {
        if (latencyNanos > 0) {
            long end = System.nanoTime() + latencyNanos;
            for (long left = latencyNanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }

    @Override
    public void read(long offset, MemorySegment dst) {
        delay();
        if (readZeroes) {
            dst.fill((byte) 0);
        }
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) {
        delay();
    }

    @Override
    public void flush() {
        delay();
    }

    @Override
    public void discard(long offset, long length) {
        // nothing is stored, so nothing is freed (QEMU's null-co has no discard: a no-op there too)
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) {
        delay(); // QEMU emulates it with a write, which null-co drops
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        throw new BlockIOException("Image format driver does not support resize", nodeName, null, -1, ENOTSUP,
                null);
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) {
        return readZeroes ? BlockStatus.zero(offset, length, true) : BlockStatus.data(offset, length, -1, null);
    }

    @Override
    public List<BlockChild> children() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
