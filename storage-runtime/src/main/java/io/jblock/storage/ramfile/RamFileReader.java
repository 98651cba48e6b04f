package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores RAM from a file in mapped-ram layout ({@link RamFileFormat}), and checks such files.
 *
 * <p>Before any byte of the target RAM is touched, the whole file's headers and bitmaps are
 * validated ({@link RamFileFormatException}) and matched against the targets
 * ({@link RamFileMismatchException}). Then {@code channels} threads, each with its own
 * descriptor ({@code O_DIRECT} when direct-io is on), read the pages whose bit is set, in runs of
 * up to 1 MiB (or one page, if larger) that may span short gaps, and zero-fill the pages whose
 * bit is clear (whatever the file holds there), so the target
 * ends up equal to the saved RAM whatever it held before. Pages are read into the target in place
 * when it allows (native, aligned for O_DIRECT), else through aligned pooled buffers.
 *
 * <p>Not thread-safe: one restore or check at a time. A restore that fails part way leaves the
 * target partly restored.
 */
public final class RamFileReader implements AutoCloseable {
    static final long MAX_GAP_BYTES = 64 * 1024;

    private final RamFileChannels io;
    private final RamFileDescriptors fds;

    private RamFileReader(RamFileChannels io) {
        this.io = io;
        this.fds = io.fds;
    }

    /**
     * Opens {@code file} for restoring; this is where the parameters are checked against the file.
     *
     * @param file the RAM file
     * @param params direct-io, channels and the page size the file was written with
     * @return the reader; close it
     * @throws DirectIoUnsupportedException direct-io is on and the file cannot use O_DIRECT
     */
    public static RamFileReader open(Path file, RamFileParameters params) throws IOException {
        return new RamFileReader(RamFileChannels.open(file, params, false, "ramfile-restore"));
    }

    /**
     * Validates a file (headers, offsets, bitmaps; page data is not read) and reports its blocks
     * and the pages present.
     *
     * @param file the RAM file
     * @return what the file holds
     * @throws RamFileFormatException the file is not a valid RAM file
     */
    public static RamFileSummary check(Path file) throws IOException {
        try (RamFileReader reader = open(file, RamFileParameters.DEFAULTS)) {
            return reader.check();
        }
    }

    /**
     * {@link #check(Path)} on this reader's file.
     *
     * @return what the file holds
     * @throws IOException as {@link #check(Path)}
     */
    public RamFileSummary check() throws IOException {
        return RamFileHeaderParser.parse(fds.mainFd, fds.path).summary(fds.path);
    }

    /**
     * Restores every block of the file into the target block of the same id.
     *
     * @param targets one target per block of the file, each exactly the block's used length
     * @return what the file held
     * @throws RamFileFormatException   the file is not a valid RAM file (nothing restored)
     * @throws RamFileMismatchException the file does not fit the targets (nothing restored)
     */
    public RamFileSummary restore(List<RamBlock> targets) throws IOException {
        RamFileHeaderParser.Parsed parsed = RamFileHeaderParser.parse(fds.mainFd, fds.path);
        List<BlockLayout> blocks = parsed.layout().blocks();
        MemorySegment[] ram = match(blocks, targets);

        PageChunks chunks = new PageChunks(blocks, List.of(ram),
                PageChunks.chunkPages(io.params.pageSize(), io.batchBytes));
        List<PageBitmap> bitmaps = parsed.bitmaps();
        ParallelChannels.run("ramfile-restore", io.params.channels(), (channel, stop) -> {
            MemorySegment buffer = io.buffers.acquire(io.batchBytes);
            try {
                int chunk;
                while (!stop.get() && (chunk = chunks.take(channel == 0)) >= 0) {
                    int b = chunks.block(chunk);
                    readChunk(channel, ram[b], blocks.get(b), bitmaps.get(b), chunks.firstPage(chunk),
                            chunks.pageCount(chunk), buffer);
                }
            } finally {
                io.buffers.release(buffer);
            }
        });
        return parsed.summary(fds.path);
    }

    private MemorySegment[] match(List<BlockLayout> blocks, List<RamBlock> targets) throws RamFileMismatchException {
        Map<String, RamBlock> byId = new HashMap<>();
        for (RamBlock t : targets) {
            if (byId.put(t.id(), t) != null) {
                throw mismatch(-1, "target RAM block id '" + t.id() + "' appears twice");
            }
        }
        MemorySegment[] ram = new MemorySegment[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            BlockLayout block = blocks.get(i);
            RamBlock target = byId.remove(block.id());
            if (target == null) {
                throw mismatch(block.headerOffset(), "the file has block '" + block.id() + "' but there is no target "
                        + "RAM block of that id");
            }
            if (target.usedLength() != block.usedLength()) {
                throw mismatch(block.headerOffset(), "block '" + block.id() + "' has " + block.usedLength()
                        + " bytes in the file but the target has " + target.usedLength());
            }
            if (block.pageSize() != io.params.pageSize()) {
                throw mismatch(block.headerOffset(), "block '" + block.id() + "' has page size " + block.pageSize()
                        + " in the file but the restore uses page size " + io.params.pageSize());
            }
            if (target.memory().isReadOnly()) {
                throw new IllegalArgumentException("target RAM block '" + block.id() + "' is read-only");
            }
            ram[i] = target.memory();
        }
        if (!byId.isEmpty()) {
            throw mismatch(-1, "target RAM block(s) " + byId.keySet() + " are not in the file");
        }
        return ram;
    }

    /**
     * Restores pages [first, first + count): absent pages become zeros, present pages are read in
     * runs of up to one batch. A run may span short gaps of absent pages (up to
     * {@value #MAX_GAP_BYTES} bytes): one large read costs less than several small ones, and a gap
     * that is a hole costs no disk I/O. What the read put in a gap is then overwritten with zeros,
     * since a file need not have holes there.
     */
    private void readChunk(int channel, MemorySegment ram, BlockLayout block, PageBitmap bitmap, long first,
                           int count, MemorySegment buffer) throws IOException {
        long pageSize = block.pageSize();
        long maxRunPages = io.batchBytes / pageSize;
        long maxGapPages = Math.max(1, MAX_GAP_BYTES / pageSize);
        long end = first + count;
        long page = first;
        while (page < end) {
            if (!bitmap.get(page)) {
                long absentEnd = page + 1;
                while (absentEnd < end && !bitmap.get(absentEnd)) {
                    absentEnd++;
                }
                zeroPages(ram, block, page, absentEnd);
                page = absentEnd;
                continue;
            }
            // Extend the run over present pages and short gaps, within one batch.
            long limit = Math.min(end, page + maxRunPages);
            long runEnd = page + 1;   // exclusive end of the last present page in the run
            long scan = runEnd;
            while (scan < limit) {
                if (bitmap.get(scan)) {
                    runEnd = ++scan;
                } else if (scan - runEnd >= maxGapPages) {
                    break;
                } else {
                    scan++;
                }
            }
            readRun(channel, ram, block, page, runEnd - page, buffer);
            for (long p = page; p < runEnd; p++) {
                if (!bitmap.get(p)) {
                    long gapEnd = p + 1;
                    while (!bitmap.get(gapEnd)) {
                        gapEnd++;
                    }
                    zeroPages(ram, block, p, gapEnd);
                    p = gapEnd;
                }
            }
            page = runEnd;
        }
    }

    private static void zeroPages(MemorySegment ram, BlockLayout block, long from, long to) {
        long offset = from * block.pageSize();
        ram.asSlice(offset, Math.min(to * block.pageSize(), block.usedLength()) - offset).fill((byte) 0);
    }

    private void readRun(int channel, MemorySegment ram, BlockLayout block, long firstPage, long pages,
                         MemorySegment buffer) throws IOException {
        long ramOffset = firstPage * block.pageSize();
        long bytes = pages * block.pageSize();
        long usedBytes = Math.min(bytes, block.usedLength() - ramOffset);
        long fileOffset = block.pageOffset(firstPage);
        int fd = fds.channelFds[channel];
        long n;
        try {
            if (usedBytes == bytes && io.usableInPlace(ram, ramOffset)) {
                n = PosixIO.preadFd(fd, ram.asSlice(ramOffset, bytes), fileOffset, fds.path);
            } else {
                MemorySegment in = buffer.asSlice(0, bytes);
                n = PosixIO.preadFd(fd, in, fileOffset, fds.path);
                if (n == bytes) {
                    ram.asSlice(ramOffset, usedBytes).copyFrom(in.asSlice(0, usedBytes));
                }
            }
        } catch (IOException e) {
            throw new RamFileException("reading pages " + firstPage + ".." + (firstPage + pages - 1) + " of block '"
                    + block.id() + "' on channel " + channel + " failed: " + e.getMessage(), fds.path, fileOffset, e);
        }
        if (n != bytes) {
            throw new RamFileFormatException("pages " + firstPage + ".." + (firstPage + pages - 1) + " of block '"
                    + block.id() + "' are marked present but the file ends after " + n + " of their " + bytes
                    + " bytes: the file was truncated", fds.path, fileOffset + n);
        }
    }

    private RamFileMismatchException mismatch(long offset, String what) {
        return new RamFileMismatchException(what, fds.path, offset);
    }

    /** {@return the file being read} */
    public Path file() {
        return io.file;
    }

    /** {@return the parameters this reader was opened with} */
    public RamFileParameters parameters() {
        return io.params;
    }

    @Override
    public void close() throws IOException {
        io.close();
    }
}
