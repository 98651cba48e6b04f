package io.jblock.qcow2;

import io.jblock.storage.feature.CheckResult;
import io.jblock.storage.BlockNode;
import io.jblock.storage.feature.SnapshotInfo;
import java.io.IOException;
import java.util.List;

/**
 * Metadata maintenance on a qcow2 image given its protocol node (for example
 * {@code BlockGraph.open("driver=file,filename=IMG")}), as {@code qemu-img check} and
 * {@code qemu-img snapshot -l} do; the caller keeps ownership of the nodes. Backing files are
 * not opened. Each call opens the image, works, and closes it again (marking it clean after a
 * repair; a repair that leaves no corruption also clears the corrupt bit, as qemu-img check -r
 * all does). Not for images that are open elsewhere for writing.
 */
public final class Qcow2Maintenance {
    private Qcow2Maintenance() {
    }

    /**
     * Checks the image; repairs leaks and/or refcount and OFLAG_COPIED errors when asked (the
     * file node must then be writable).
     *
     * @param dataFile the external data file's node, or null when the image has none
     * @param file the image's protocol node
     * @param repairLeaks repair leaked clusters
     * @param repairErrors repair refcount and OFLAG_COPIED errors
     * @return the counts as qemu-img check reports them
     * @throws IOException when the file cannot be read or written
     */
    public static CheckResult check(BlockNode file, BlockNode dataFile, boolean repairLeaks, boolean repairErrors)
            throws IOException {
        boolean write = repairLeaks || repairErrors;
        Qcow2Driver d = new Qcow2Driver(new DirectOpenContext("check", file, dataFile, !write), write);
        try {
            return d.check(repairLeaks, repairErrors);
        } finally {
            d.close();
        }
    }

    /**
     * {@return the image's internal snapshots}
     *
     * @param file the image's protocol node
     * @throws IOException when the file cannot be read or written
     */
    public static List<SnapshotInfo> snapshots(BlockNode file) throws IOException {
        Qcow2Driver d = new Qcow2Driver(new DirectOpenContext("snapshots", file, null, true));
        try {
            return d.snapshots();
        } finally {
            d.close();
        }
    }
}
