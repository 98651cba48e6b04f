package io.jblock.qcow2.cache;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** How a {@link MetadataCache} reads and writes its tables in the image file. */
public interface TableIO {
    /**
     * Reads {@code dst.byteSize()} bytes of the table at {@code hostOffset}.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @param dst where the table goes
     * @throws IOException when the file cannot be read or written
     */
    void load(long hostOffset, MemorySegment dst) throws IOException;

    /**
     * Writes a dirty table; called once the cache's dependencies are met.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @param src the table's bytes
     * @throws IOException when the file cannot be read or written
     */
    void store(long hostOffset, MemorySegment src) throws IOException;

    /**
     * Makes everything written to the image's files so far stable (an fdatasync of the image
     * file and of the data file): what a cache that depends on a flush, or on another cache,
     * waits for before it writes.
     *
     * @throws IOException when the fdatasync fails
     */
    void flush() throws IOException;
}
