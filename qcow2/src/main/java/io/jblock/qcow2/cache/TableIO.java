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
     * Writes a dirty table; called after {@link #beforeWriteBack()}.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @param src the table's bytes
     * @throws IOException when the file cannot be read or written
     */
    void store(long hostOffset, MemorySegment src) throws IOException;

    /**
     * Runs before dirty entries are written: makes what they depend on stable (for L2 tables:
     * the refcount blocks and the guest data they point at).
     *
     * @throws IOException when what the tables depend on cannot be made stable
     */
    default void beforeWriteBack() throws IOException {
    }
}
