package io.jblock.storage.ramfile;

/**
 * Where one RAM block lives in a RAM file (see {@link RamFileFormat}).
 *
 * @param id           the block's name
 * @param usedLength   the block's size in bytes
 * @param pageSize     the file's page size
 * @param headerOffset where the block's header starts
 * @param bitmapOffset where the block's bitmap starts
 * @param pagesOffset  where page 0 is; a multiple of {@link RamFileFormat#FILE_OFFSET_ALIGNMENT}
 */
public record BlockLayout(String id, long usedLength, int pageSize, long headerOffset, long bitmapOffset,
                          long pagesOffset) {

    /** {@return pages in the block, counting a last partial page} */
    public long pageCount() {
        return pageCount(usedLength, pageSize);
    }

    static long pageCount(long usedLength, int pageSize) {
        return (usedLength + pageSize - 1) / pageSize;
    }

    /** {@return bytes of the bitmap: whole 64-bit words} */
    public long bitmapBytes() {
        return ((pageCount() + 63) / 64) * 8;
    }

    /**
     * {@return where page {@code n} is stored}
     *
     * @param n a page of the block
     */
    public long pageOffset(long n) {
        return pagesOffset + n * pageSize;
    }

    /**
     * End of the pages region: where the next block's header starts.
     *
     * @return the end of the pages region: where the next block's header starts
     */
    public long pagesEnd() {
        return pagesOffset + pageCount() * pageSize;
    }

    /** Bytes of RAM page {@code n} holds: the page size, less for a last partial page. */
    long pageUsedBytes(long n) {
        return Math.min(pageSize, usedLength - n * pageSize);
    }
}
