package io.jblock.storage.ramfile;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pages of all blocks cut into chunks that channels take one at a time, so that a fast
 * channel does more of the work. A chunk never crosses a block and starts on a multiple of 64
 * pages, so two channels never touch the same bitmap word.
 *
 * <p>RAM confined to the calling thread (a segment of a confined arena) can only be touched by
 * that thread, which runs channel 0 ({@link ParallelChannels}): its chunks go to a queue only
 * the caller takes from, first, before it helps with the shared queue. Thread-safe.
 */
final class PageChunks {
    private static final Thread OTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    private final int[] block;
    private final long[] firstPage;
    private final int[] pageCount;
    /** Chunks [0, callerOnly) are for the calling thread, the rest for anyone. */
    private final int callerOnly;
    private final AtomicInteger nextCallerOnly = new AtomicInteger();
    private final AtomicInteger nextShared;

    /**
     * @param chunkPages pages per chunk, a multiple of 64
     * @param ram        the RAM of each block, to find the ones confined to the calling thread
     */
    PageChunks(List<BlockLayout> blocks, List<MemorySegment> ram, int chunkPages) {
        if (chunkPages <= 0 || chunkPages % 64 != 0) {
            throw new IllegalArgumentException("chunk of " + chunkPages + " pages is not a multiple of 64");
        }
        long total = 0;
        for (BlockLayout b : blocks) {
            total += (b.pageCount() + chunkPages - 1) / chunkPages;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many chunks: " + total);
        }
        block = new int[(int) total];
        firstPage = new long[(int) total];
        pageCount = new int[(int) total];
        int i = 0;
        int confinedChunks = 0;
        for (boolean confined : new boolean[] {true, false}) {
            for (int b = 0; b < blocks.size(); b++) {
                if (confinedToCaller(ram.get(b), blocks.get(b).id()) != confined) {
                    continue;
                }
                long pages = blocks.get(b).pageCount();
                for (long p = 0; p < pages; p += chunkPages) {
                    block[i] = b;
                    firstPage[i] = p;
                    pageCount[i] = (int) Math.min(chunkPages, pages - p);
                    i++;
                }
            }
            if (confined) {
                confinedChunks = i;
            }
        }
        callerOnly = confinedChunks;
        nextShared = new AtomicInteger(callerOnly);
    }

    private static boolean confinedToCaller(MemorySegment ram, String id) {
        if (!ram.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalArgumentException("RAM block '" + id + "' is confined to another thread");
        }
        return !ram.isAccessibleBy(OTHER_THREAD);
    }

    /** Pages per chunk so that one chunk is at least one batch and a multiple of 64 pages. */
    static int chunkPages(int pageSize, long batchBytes) {
        long pages = Math.max(1, batchBytes / pageSize);
        return (int) (((pages + 63) / 64) * 64);
    }

    /**
     * The next chunk's index, or -1 when all are taken.
     *
     * @param caller whether the calling thread is the one that called the save or restore
     */
    int take(boolean caller) {
        if (caller) {
            int i = nextCallerOnly.getAndIncrement();
            if (i < callerOnly) {
                return i;
            }
        }
        int i = nextShared.getAndIncrement();
        return i < block.length ? i : -1;
    }

    int block(int chunk) {
        return block[chunk];
    }

    long firstPage(int chunk) {
        return firstPage[chunk];
    }

    int pageCount(int chunk) {
        return pageCount[chunk];
    }
}
