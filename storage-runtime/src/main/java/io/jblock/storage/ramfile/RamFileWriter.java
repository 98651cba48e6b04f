package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Saves RAM to a file in mapped-ram layout ({@link RamFileFormat}).
 *
 * <p>Pages are scanned and written by {@code channels} threads in parallel, each with its own
 * descriptor ({@code O_DIRECT} when direct-io is on). A page that is all zero is not written:
 * its bit stays clear and its place in the file stays a hole. Contiguous non-zero pages are
 * written together, up to {@value #MAX_BATCH_BYTES} bytes (or one page, if larger) per write.
 * RAM that direct I/O cannot use in place (heap memory, an address not aligned for
 * {@code O_DIRECT}, a last partial page) is copied through aligned pooled buffers.
 *
 * <p>Durability: when {@link #save} returns, the whole file is on stable storage
 * (fdatasync). The block headers and bitmaps are written after the pages, and the file header
 * with the magic last, after a first fdatasync; a save that fails or is cut short leaves a file
 * that readers reject as not a RAM file (or as truncated), never one that restores wrong RAM.
 *
 * <p>Not thread-safe: one save at a time. The RAM must not change during a save (QEMU's
 * non-live case); pages changed during the save may be saved in either state.
 */
public final class RamFileWriter implements AutoCloseable {
    static final long MAX_BATCH_BYTES = RamFileChannels.MAX_BATCH_BYTES;

    private final RamFileChannels io;
    private final RamFileDescriptors fds;
    private final Arena arena;
    private final ZeroPages zeroPages;

    private RamFileWriter(RamFileChannels io) {
        this.io = io;
        this.fds = io.fds;
        this.arena = Arena.ofShared();
        this.zeroPages = new ZeroPages(arena);
    }

    /**
     * Opens {@code file} for saving, creating it if needed (its old content stays until
     * {@link #save} starts). This is where the parameters are checked against the file.
     *
     * @param file the RAM file
     * @param params direct-io, channels and page size
     * @return the writer; close it
     * @throws DirectIoUnsupportedException direct-io is on and the file cannot use O_DIRECT
     */
    public static RamFileWriter open(Path file, RamFileParameters params) throws IOException {
        RamFileChannels io = RamFileChannels.open(file, params, true, "ramfile-save");
        boolean success = false;
        try {
            RamFileWriter writer = new RamFileWriter(io);
            success = true;
            return writer;
        } finally {
            if (!success) {
                io.close();
            }
        }
    }

    /**
     * Replaces the file's content with a snapshot of {@code ram}, blocks in the given order.
     *
     * @param ram the blocks to save, each a named segment
     * @return what was written
     * @throws IOException as {@link RamFileException}: a failed write, or the file's filesystem refuses O_DIRECT
     */
    public RamFileSummary save(List<RamBlock> ram) throws IOException {
        RamFileLayout layout = RamFileLayout.plan(ram, io.params.pageSize());
        List<BlockLayout> blocks = layout.blocks();
        PageBitmap[] bitmaps = new PageBitmap[blocks.size()];
        for (int i = 0; i < bitmaps.length; i++) {
            bitmaps[i] = new PageBitmap(blocks.get(i).pageCount());
        }
        // PageChunks checks RAM access, before the file changes
        PageChunks chunks = new PageChunks(blocks, ram.stream().map(RamBlock::memory).toList(),
                PageChunks.chunkPages(io.params.pageSize(), io.batchBytes));
        // Drop the old content (and with it an old magic) first, then size the file so that
        // skipped zero pages are holes inside it.
        PosixIO.ftruncateFd(fds.mainFd, 0, fds.path);
        PosixIO.ftruncateFd(fds.mainFd, layout.fileSize(), fds.path);

        ParallelChannels.run("ramfile-save", io.params.channels(),
                (channel, stop) -> writeChunks(channel, stop, chunks, ram, blocks, bitmaps));

        try (Arena headers = Arena.ofConfined()) {
            for (int i = 0; i < blocks.size(); i++) {
                writeBlockHeader(headers, blocks.get(i), bitmaps[i]);
            }
            PosixIO.fdatasyncFd(fds.mainFd, fds.path);
            byte[] fileHeader = RamFileFormat.encodeFileHeader(blocks);
            MemorySegment seg = headers.allocate(fileHeader.length);
            seg.copyFrom(MemorySegment.ofArray(fileHeader));
            PosixIO.pwriteFd(fds.mainFd, seg, 0, fds.path);
            PosixIO.fdatasyncFd(fds.mainFd, fds.path);
        }

        List<RamFileSummary.Block> summary = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            summary.add(new RamFileSummary.Block(blocks.get(i), bitmaps[i].cardinality()));
        }
        return new RamFileSummary(fds.path, layout.fileSize(), summary);
    }

    private void writeBlockHeader(Arena arena, BlockLayout block, PageBitmap bitmap) throws IOException {
        byte[] header = RamFileFormat.encodeBlockHeader(block);
        // header, then the bitmap at its offset; bitmapOffset - headerOffset == header.length as planned
        long length = block.bitmapOffset() - block.headerOffset() + bitmap.byteSize();
        MemorySegment seg = arena.allocate(length);
        seg.copyFrom(MemorySegment.ofArray(header));
        bitmap.writeTo(seg.asSlice(block.bitmapOffset() - block.headerOffset()));
        PosixIO.pwriteFd(fds.mainFd, seg, block.headerOffset(), fds.path);
    }

    private void writeChunks(int channel, AtomicBoolean stop, PageChunks chunks, List<RamBlock> ram,
                             List<BlockLayout> blocks, PageBitmap[] bitmaps) throws IOException {
        MemorySegment buffer = io.buffers.acquire(io.batchBytes);
        try {
            int chunk;
            while (!stop.get() && (chunk = chunks.take(channel == 0)) >= 0) {
                int b = chunks.block(chunk);
                writeChunk(channel, ram.get(b).memory(), blocks.get(b), bitmaps[b], chunks.firstPage(chunk),
                        chunks.pageCount(chunk), buffer);
            }
        } finally {
            io.buffers.release(buffer);
        }
    }

    /** Scans pages [first, first + count) for zero pages and writes runs of the others. */
    private void writeChunk(int channel, MemorySegment ram, BlockLayout block, PageBitmap bitmap, long first,
                            int count, MemorySegment buffer) throws IOException {
        long pageSize = block.pageSize();
        long maxRunPages = io.batchBytes / pageSize;
        long runStart = -1;
        long runPages = 0;
        for (long page = first; page < first + count; page++) {
            if (zeroPages.isZero(ram, page * pageSize, block.pageUsedBytes(page))) {
                if (runPages > 0) {
                    writeRun(channel, ram, block, runStart, runPages, buffer);
                    runPages = 0;
                }
                continue;
            }
            bitmap.set(page);
            if (runPages == 0) {
                runStart = page;
            }
            if (++runPages == maxRunPages) {
                writeRun(channel, ram, block, runStart, runPages, buffer);
                runPages = 0;
            }
        }
        if (runPages > 0) {
            writeRun(channel, ram, block, runStart, runPages, buffer);
        }
    }

    private void writeRun(int channel, MemorySegment ram, BlockLayout block, long firstPage, long pages,
                          MemorySegment buffer) throws IOException {
        long ramOffset = firstPage * block.pageSize();
        long bytes = pages * block.pageSize();
        long usedBytes = Math.min(bytes, block.usedLength() - ramOffset);   // less only with a last partial page
        long fileOffset = block.pageOffset(firstPage);
        int fd = fds.channelFds[channel];
        try {
            if (usedBytes == bytes && io.usableInPlace(ram, ramOffset)) {
                PosixIO.pwriteFd(fd, ram.asSlice(ramOffset, bytes), fileOffset, fds.path);
            } else {
                MemorySegment out = buffer.asSlice(0, bytes);
                out.copyFrom(ram.asSlice(ramOffset, usedBytes));
                out.asSlice(usedBytes).fill((byte) 0);
                PosixIO.pwriteFd(fd, out, fileOffset, fds.path);
            }
        } catch (IOException e) {
            throw new RamFileException("writing pages " + firstPage + ".." + (firstPage + pages - 1) + " of block '"
                    + block.id() + "' on channel " + channel + " failed: " + e.getMessage(), fds.path, fileOffset, e);
        }
    }

    /** {@return the file being written} */
    public Path file() {
        return io.file;
    }

    /** {@return the parameters this writer was opened with} */
    public RamFileParameters parameters() {
        return io.params;
    }

    @Override
    public void close() throws IOException {
        try {
            arena.close();
        } finally {
            io.close();
        }
    }
}
