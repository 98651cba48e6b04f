package io.jblock.storage.feature;

import java.io.IOException;
import java.util.List;

/**
 * A format's table of internal snapshots ({@code qemu-img snapshot}): listing, and creating,
 * applying and deleting disk-only snapshots as QEMU's qcow2 does.
 *
 * <p>Creating, applying and deleting change metadata the guest's requests depend on, and they
 * bypass the node's generic layer: the caller keeps every other request off the node while one
 * runs (qemu-img opens the image for the command alone). They need a writable, active node.
 * Each one is crash safe in QEMU's order: new tables and their refcounts are written and flushed
 * before the table or header that points at them, and what is freed is freed afterwards, so a
 * crash at any point leaves at worst leaked clusters.
 *
 * <p>Failures QEMU reports with an errno (no such snapshot, too many, a table too large or
 * misplaced, a format variant without snapshots) are {@link io.jblock.storage.BlockIOException}s
 * carrying that errno.
 */
public interface SnapshotTable {

    /**
     * {@return the snapshots listed in the image, in table order}
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a corrupt table
     */
    List<SnapshotInfo> snapshots() throws IOException;

    /**
     * Takes a snapshot of the disk as it is now, named {@code name}, with the next free numeric
     * ID and the given creation time (qemu-img snapshot -c); no VM state.
     *
     * @param name the snapshot's name
     * @param dateSeconds creation time, seconds since the epoch
     * @param dateNanos creation time, nanoseconds within the second
     * @return the new snapshot
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    SnapshotInfo createSnapshot(String name, long dateSeconds, int dateNanos) throws IOException;

    /**
     * Reverts the disk to the snapshot whose ID is {@code idOrName}, else the first whose name
     * is (qemu-img snapshot -a); the disk takes the snapshot's size.
     *
     * @param idOrName the snapshot's ID or name
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void applySnapshot(String idOrName) throws IOException;

    /**
     * Deletes the snapshot with this ID and name; a null one matches any (qemu-img snapshot -d
     * finds the snapshot by name and passes both).
     *
     * @param id the snapshot's ID, or null
     * @param name the snapshot's name, or null
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void deleteSnapshot(String id, String name) throws IOException;
}
