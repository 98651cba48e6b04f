package io.jblock.storage.feature;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Compressed writes of whole clusters ({@code qemu-img convert -c}, QEMU's
 * bdrv_pwrite_compressed).
 *
 * <p>These calls bypass the node's generic layer, so the caller keeps its rules: no other request
 * on the node while one runs, and the clusters never written before.
 */
public interface CompressedWriter {

    /** {@return the unit of compression: writes cover whole units (the last may end at the disk's end)} */
    int compressionUnit();

    /**
     * Writes {@code src} at {@code offset} compressed, unit by unit; a unit that does not compress
     * is written uncompressed.
     *
     * @param offset a multiple of {@link #compressionUnit()}
     * @param src whole units; the last may end at the disk's end
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: {@link io.jblock.storage.OutOfRangeException} for a range outside the disk, {@link io.jblock.storage.UnsupportedImageException} for a cluster written before, {@link io.jblock.storage.ReadOnlyNodeException}, {@link io.jblock.storage.NodeInactiveException}, {@link io.jblock.storage.NodeClosedException}
     */
    void writeCompressed(long offset, MemorySegment src) throws IOException;
}
