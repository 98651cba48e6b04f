package io.jblock.storage.ramfile;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The bitmap of pages present in one block: bit n set when page n is stored in the file.
 * Stored as 64-bit little-endian words, least significant bit first (see {@link RamFileFormat}).
 * Not thread-safe as a whole; concurrent writers are safe when each sets bits only in its own
 * whole words (the writer hands out chunks of a multiple of 64 pages).
 */
final class PageBitmap {
    private static final ValueLayout.OfLong WORD =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long pageCount;
    private final long[] words;

    PageBitmap(long pageCount) {
        long wordCount = (pageCount + 63) / 64;
        if (wordCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many pages for one block: " + pageCount);
        }
        this.pageCount = pageCount;
        this.words = new long[(int) wordCount];
    }

    long pageCount() {
        return pageCount;
    }

    void set(long page) {
        words[(int) (page >>> 6)] |= 1L << page;
    }

    boolean get(long page) {
        return (words[(int) (page >>> 6)] & (1L << page)) != 0;
    }

    /** Number of pages present. */
    long cardinality() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    long byteSize() {
        return words.length * 8L;
    }

    void writeTo(MemorySegment dst) {
        for (int i = 0; i < words.length; i++) {
            dst.set(WORD, i * 8L, words[i]);
        }
    }

    /**
     * Reads a bitmap of {@code pageCount} pages from {@code src}.
     *
     * @return the bit number of the first bit set beyond the last page (a corrupt bitmap), or -1
     *         when there is none; the bitmap is returned through {@code into}
     */
    static long readFrom(MemorySegment src, PageBitmap into) {
        for (int i = 0; i < into.words.length; i++) {
            into.words[i] = src.get(WORD, i * 8L);
        }
        int tailBits = (int) (into.pageCount & 63);
        if (tailBits != 0) {
            long stray = into.words[into.words.length - 1] & (-1L << tailBits);
            if (stray != 0) {
                return (into.words.length - 1) * 64L + Long.numberOfTrailingZeros(stray);
            }
        }
        return -1;
    }
}
