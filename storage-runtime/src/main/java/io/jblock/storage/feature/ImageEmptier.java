package io.jblock.storage.feature;

import java.io.IOException;

/**
 * Drops everything an image holds for its guest (QEMU's bdrv_make_empty, which qemu-img commit
 * uses on the top image after committing it): afterwards every guest byte reads from the backing
 * file again, or as zeroes without one. The virtual size, the backing file and the image's other
 * settings stay.
 *
 * <p>The call bypasses the node's generic layer: the caller keeps every other request off the
 * node while it runs and needs a writable, active node. Crash safety is the format's: qcow2
 * marks the image dirty first when it rebuilds its metadata, so a crash in between is repaired
 * on the next open.
 */
public interface ImageEmptier {

    /**
     * Empties the image.
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void makeEmpty() throws IOException;
}
