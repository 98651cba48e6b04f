package io.jblock.storage.feature;

import java.io.IOException;
import java.util.List;

/** A format's table of internal snapshots ({@code qemu-img snapshot}). */
public interface SnapshotTable {

    /**
     * {@return the snapshots listed in the image, in table order}
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a corrupt table
     */
    List<SnapshotInfo> snapshots() throws IOException;
}
