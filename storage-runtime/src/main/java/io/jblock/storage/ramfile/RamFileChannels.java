package io.jblock.storage.ramfile;

import io.jblock.ffm.memory.BufferPool;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a save and a restore share: the file's descriptors (one per channel, O_DIRECT when
 * direct-io is on) and a pool of one aligned batch buffer per channel, for RAM that direct I/O
 * cannot use in place. Closing it releases both; it is closed exactly once, by its owner.
 */
final class RamFileChannels implements AutoCloseable {
    /** The most bytes one read or write moves (or one page, if larger). */
    static final long MAX_BATCH_BYTES = 1 << 20;

    final Path file;
    final RamFileParameters params;
    final RamFileDescriptors fds;
    final BufferPool buffers;
    final long batchBytes;

    private RamFileChannels(Path file, RamFileParameters params, RamFileDescriptors fds, String purpose) {
        this.file = file;
        this.params = params;
        this.fds = fds;
        this.batchBytes = Math.max(MAX_BATCH_BYTES, params.pageSize());
        this.buffers = new BufferPool(purpose + " " + file, Math.max(4096, fds.dioMemoryAlignment), batchBytes,
                params.channels());
    }

    /**
     * Opens {@code file} for a save ({@code forWrite}, creating it if needed) or a restore; this is
     * where the parameters are checked against the file.
     *
     * @param purpose names the buffer pool: "ramfile-save" or "ramfile-restore"
     * @throws DirectIoUnsupportedException direct-io is on and the file cannot use O_DIRECT
     */
    static RamFileChannels open(Path file, RamFileParameters params, boolean forWrite, String purpose)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(params, "params");
        RamFileDescriptors fds = forWrite ? RamFileDescriptors.openForWrite(file, params)
                : RamFileDescriptors.openForRead(file, params);
        boolean success = false;
        try {
            RamFileChannels channels = new RamFileChannels(file, params, fds, purpose);
            success = true;
            return channels;
        } finally {
            if (!success) {
                fds.close();
            }
        }
    }

    /** Whether I/O can use RAM as it is at {@code offset}: native memory, aligned enough for O_DIRECT. */
    boolean usableInPlace(MemorySegment ram, long offset) {
        return ram.isNative() && (ram.address() + offset) % fds.dioMemoryAlignment == 0;
    }

    @Override
    public void close() throws IOException {
        try {
            buffers.close();
        } finally {
            fds.close();
        }
    }
}
