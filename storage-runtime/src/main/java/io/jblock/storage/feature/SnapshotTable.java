package io.jblock.storage.feature;

import java.io.IOException;
import java.util.List;

/** A format's table of internal snapshots ({@code qemu-img snapshot}). */
public interface SnapshotTable {

    /** The snapshots listed in the image, in table order. */
    List<SnapshotInfo> snapshots() throws IOException;
}
