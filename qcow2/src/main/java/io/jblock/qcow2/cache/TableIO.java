package io.jblock.qcow2.cache;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** How a {@link MetadataCache} reads and writes its tables in the image file. */
public interface TableIO {
    /** Reads {@code dst.byteSize()} bytes of the table at {@code hostOffset}. */
    void load(long hostOffset, MemorySegment dst) throws IOException;

    /** Writes a dirty table; called after {@link #beforeWriteBack()}. */
    void store(long hostOffset, MemorySegment src) throws IOException;

    /**
     * Runs before dirty entries are written: makes what they depend on stable (for L2 tables:
     * the refcount blocks and the guest data they point at).
     */
    default void beforeWriteBack() throws IOException {
    }
}
