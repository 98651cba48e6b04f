package io.jblock.storage.crash;

import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.feature.WriteLog;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A guest that issues requests to a node above a {@code blklogwrites} filter and records each
 * in a {@link GuestModel} with the log positions before and after it. One thread; each request
 * completes before the next is issued, as the model assumes.
 */
public final class RecordingGuest {
    private final BlockNode node;
    private final WriteLog log;
    private final GuestModel model;
    private final boolean writeThrough;
    private final Arena arena = Arena.ofShared();

    /**
     * @param node         the node the guest writes (a format node over the filter, or the filter)
     * @param log          the filter's log
     * @param model        where requests are recorded
     * @param writeThrough every request is stable when acknowledged (writethrough, directsync)
     */
    public RecordingGuest(BlockNode node, WriteLog log, GuestModel model, boolean writeThrough) {
        this.node = node;
        this.log = log;
        this.model = model;
        this.writeThrough = writeThrough;
    }

    public GuestModel model() {
        return model;
    }

    /** Writes the model's pattern for the next request to {@code [offset, offset + length)}. */
    public void write(long offset, int length, int flags) throws IOException {
        int seq = model.nextSeq();
        byte[] data = new byte[length];
        model.fill(seq, offset, data);
        MemorySegment src = arena.allocate(length, 4096);
        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, length);
        long start = log.entryCount();
        node.write(offset, src, flags);
        boolean fua = (flags & RequestFlags.FUA) != 0 && !node.cacheSettings().noFlush();
        model.record(new GuestModel.Op(seq, GuestModel.Type.WRITE, offset, length, writeThrough || fua, start,
                log.entryCount(), fua ? "FUA" : ""));
    }

    /** Writes whole clusters compressed (the clusters must never have been written). */
    public void writeCompressed(long offset, int length) throws IOException {
        CompressedWriter cw = node.driverFeature(CompressedWriter.class).orElseThrow(
                () -> new IllegalStateException(node + " has no compressed writes"));
        int seq = model.nextSeq();
        byte[] data = new byte[length];
        model.fill(seq, offset, data);
        MemorySegment src = arena.allocate(length, 4096);
        MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, length);
        long start = log.entryCount();
        cw.writeCompressed(offset, src);
        model.record(new GuestModel.Op(seq, GuestModel.Type.WRITE, offset, length, writeThrough, start,
                log.entryCount(), "compressed"));
    }

    public void writeZeroes(long offset, long length, int flags) throws IOException {
        int seq = model.nextSeq();
        long start = log.entryCount();
        node.writeZeroes(offset, length, flags);
        boolean fua = (flags & RequestFlags.FUA) != 0 && !node.cacheSettings().noFlush();
        String note = ((flags & RequestFlags.MAY_UNMAP) != 0 ? "MAY_UNMAP" : "") + (fua ? " FUA" : "");
        model.record(new GuestModel.Op(seq, GuestModel.Type.ZERO, offset, length, writeThrough || fua, start,
                log.entryCount(), note.trim()));
    }

    public void discard(long offset, long length) throws IOException {
        int seq = model.nextSeq();
        long start = log.entryCount();
        node.discard(offset, length);
        model.record(new GuestModel.Op(seq, GuestModel.Type.DISCARD, offset, length, writeThrough, start,
                log.entryCount(), ""));
    }

    public void flush() throws IOException {
        int seq = model.nextSeq();
        long start = log.entryCount();
        node.flush();
        model.record(new GuestModel.Op(seq, GuestModel.Type.FLUSH, 0, 0, false, start, log.entryCount(), ""));
    }

    public void truncate(long newSize) throws IOException {
        int seq = model.nextSeq();
        long start = log.entryCount();
        node.truncate(newSize, Preallocation.OFF);
        model.record(new GuestModel.Op(seq, GuestModel.Type.TRUNCATE, newSize, 0, writeThrough, start,
                log.entryCount(), ""));
    }

    /** Frees the guest's buffers (the node stays open). */
    public void release() {
        arena.close();
    }
}
