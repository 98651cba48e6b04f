package io.jblock.qcow2;

import io.jblock.ffm.Errno;
import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.metadata.Snapshot;
import io.jblock.storage.BlockIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Creating, applying and deleting internal snapshots (block/qcow2-snapshot.c), and rewriting the
 * snapshot table.
 *
 * <p>Crash safety, in QEMU's order. Create: the L1 copy is written, then every cluster it
 * shares gets its refcount raised (and OFLAG_COPIED cleared) and all is flushed, then the new
 * table is written and flushed, and only then does the header point at it; a crash before that
 * leaks clusters, nothing worse. Apply: the snapshot's clusters are counted once more before the
 * active L1 table is overwritten (and synced), the old active tables are released after. Delete:
 * the table without the snapshot is committed first, then its clusters are released. The table
 * rewrite frees the old table only after the header points at the new one.
 *
 * <p>Called under {@link Qcow2Image#metaLock}, with no guest request in flight.
 */
final class SnapshotOperations {
    /** QEMU's QCOW_MAX_SNAPSHOTS_SIZE: the table is at most 64 MiB. */
    private static final long MAX_TABLE_BYTES = 64L << 20;
    /** sizeof(QCowSnapshotExtraData): vm_state_size_large, disk_size, icount. */
    private static final int KNOWN_EXTRA = 24;

    private final Qcow2Image img;
    private final L2Tables l2;
    private final RefcountAllocator refcounts;

    SnapshotOperations(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts) {
        this.img = img;
        this.l2 = l2;
        this.refcounts = refcounts;
    }

    private BlockIOException failure(String what, int errno) {
        return new BlockIOException(what, img.nodeName, img.filename(), -1, errno, null);
    }

    /** qcow2_snapshot_create with the fields qemu-img snapshot -c fills in. */
    Snapshot create(String name, long dateSeconds, int dateNanos) throws IOException {
        List<Snapshot> list = new ArrayList<>(InternalSnapshots.read(img));
        if (list.size() >= Qcow2Header.MAX_SNAPSHOTS) {
            throw failure("too many snapshots", Errno.EFBIG);
        }
        if (img.hasExternalDataFile()) {
            throw failure("snapshots are not supported with an external data file", Errno.ENOTSUP);
        }
        long idMax = 0;
        for (Snapshot s : list) {
            idMax = Math.max(idMax, leadingNumber(s.id()));
        }
        String id = Long.toUnsignedString(idMax + 1);
        long[] active = l2.l1();
        int cs = img.clusterSize();
        long l1Bytes = active.length * 8L;
        long l1Clusters = (l1Bytes + cs - 1) / cs;
        long l1Offset = l1Clusters == 0 ? 0 : refcounts.allocate(l1Clusters);
        if (l1Clusters > 0) {
            refcounts.cache().writeBack();
            SnapshotRefcountWalk.writeL1(img, active.clone(), l1Offset);
        }
        // every cluster the snapshot shares gets one more reference, stable before the table points at it
        SnapshotRefcountWalk.run(img, l2, refcounts, active, img.header.l1TableOffset, 1);
        Snapshot sn = new Snapshot(id, name, l1Offset, active.length, dateSeconds, dateNanos, 0, 0, img.header.size,
                0, new byte[0]);
        list.add(sn);
        IOException freeFailure = writeTable(list);
        if (freeFailure != null) {
            throw freeFailure;
        }
        return sn;
    }

    /** strtoul(id, NULL, 10): the digits the ID starts with, 0 when none. */
    private static long leadingNumber(String id) {
        int n = 0;
        String t = id.stripLeading();
        while (n < t.length() && Character.isDigit(t.charAt(n))) {
            n++;
        }
        if (n == 0) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(t.substring(0, n));
        } catch (NumberFormatException e) {
            return -1; // ULONG_MAX, as strtoul saturates
        }
    }

    /** qcow2_validate_table for a snapshot's L1 table. */
    void validateL1(Snapshot sn) throws IOException {
        InternalSnapshots.validateL1(img, sn);
    }

    /** The snapshot whose ID is {@code idOrName}, else the first whose name is; null when none. */
    static Snapshot findByIdOrName(List<Snapshot> list, String idOrName) {
        for (Snapshot s : list) {
            if (s.id().equals(idOrName)) {
                return s;
            }
        }
        for (Snapshot s : list) {
            if (s.name().equals(idOrName)) {
                return s;
            }
        }
        return null;
    }

    /**
     * qcow2_snapshot_goto, after the disk was resized to the snapshot's size by the caller: the
     * active L1 table becomes a copy of the snapshot's.
     */
    void apply(Snapshot sn) throws IOException {
        if (img.hasExternalDataFile()) {
            throw failure("snapshots are not supported with an external data file", Errno.ENOTSUP);
        }
        validateL1(sn);
        if (sn.l1Size() > l2.l1().length) {
            l2.growL1((long) sn.l1Size() << img.geometry.l2CoverageBits());
            img.writeHeader(); // the grown table's size (and place) before anything points into it
            img.flushFiles();
        }
        long[] old = l2.l1();
        long[] stored = img.readTable(sn.l1TableOffset(), sn.l1Size());
        long[] fresh = new long[old.length];
        System.arraycopy(stored, 0, fresh, 0, stored.length); // as stored, before the walk marks its copy
        // the snapshot's clusters are counted once more before the active table points at them
        SnapshotRefcountWalk.run(img, l2, refcounts, stored, sn.l1TableOffset(), 1);
        SnapshotRefcountWalk.writeL1(img, fresh, img.header.l1TableOffset);
        // the tables the active L1 pointed at lose that reference
        SnapshotRefcountWalk.run(img, l2, refcounts, old, img.header.l1TableOffset, -1);
        l2.useL1(fresh);
        SnapshotRefcountWalk.run(img, l2, refcounts, fresh, img.header.l1TableOffset, 0);
    }

    /** qcow2_snapshot_delete of a snapshot found in the table. */
    void delete(Snapshot sn) throws IOException {
        if (img.hasExternalDataFile()) {
            throw failure("snapshots are not supported with an external data file", Errno.ENOTSUP);
        }
        validateL1(sn);
        List<Snapshot> list = new ArrayList<>(InternalSnapshots.read(img));
        list.removeIf(s -> s.id().equals(sn.id()) && s.name().equals(sn.name()) && s.l1TableOffset() == sn.l1TableOffset());
        // each step fails in qcow2_snapshot_delete's words; once the table no longer lists the
        // snapshot, a failure only leaks clusters (check -r leaks gets them back)
        IOException freeFailure;
        try {
            freeFailure = writeTable(list);
        } catch (IOException e) {
            throw step("Failed to remove snapshot from snapshot list", e, null);
        }
        try {
            long[] l1 = img.readTable(sn.l1TableOffset(), sn.l1Size());
            SnapshotRefcountWalk.run(img, l2, refcounts, l1, sn.l1TableOffset(), -1);
        } catch (IOException e) {
            throw step("Failed to free the cluster and L1 table", e, freeFailure);
        }
        if (sn.l1Size() > 0) {
            IOException f = free(sn.l1TableOffset(), sn.l1Size() * 8L);
            freeFailure = freeFailure != null ? freeFailure : f;
        }
        try {
            SnapshotRefcountWalk.run(img, l2, refcounts, l2.l1(), img.header.l1TableOffset, 0);
        } catch (IOException e) {
            throw step("Failed to update snapshot status in disk", e, freeFailure);
        }
        if (freeFailure != null) {
            // QEMU prints the free's failure and succeeds: jblock has no channel for a message
            // beside a success, so the deletion reports it (the snapshot is gone all the same)
            throw freeFailure;
        }
    }

    /**
     * qcow2_free_clusters: lowers the refcounts of a range, announcing {@code cluster_free}. QEMU
     * does not fail its caller when that goes wrong (it prints "qcow2_free_clusters failed:
     * ERROR" and the clusters leak); the failure is returned in those words, or null.
     */
    private IOException free(long offset, long length) {
        try {
            refcounts.update(offset, length, -1);
            return null;
        } catch (IOException e) {
            int errno = errnoOf(e);
            return new BlockIOException("qcow2_free_clusters failed: " + Errno.strerror(errno), img.nodeName,
                    img.filename(), offset, errno, e);
        }
    }

    private static int errnoOf(IOException e) {
        return e instanceof BlockIOException b && b.errno() != 0 ? b.errno() : Errno.EIO;
    }

    /** A step's failure as "WHAT: ERROR", with an earlier free's failure suppressed in it. */
    private BlockIOException step(String what, IOException cause, IOException freeFailure) {
        int errno = errnoOf(cause);
        BlockIOException e = new BlockIOException(what + ": " + Errno.strerror(errno), img.nodeName, img.filename(),
                -1, errno, cause);
        if (freeFailure != null) {
            e.addSuppressed(freeFailure);
        }
        return e;
    }

    /**
     * qcow2_write_snapshots: the table is written to new clusters, flushed, the header pointed
     * at it (synced), then the old table freed.
     *
     * @return null, or how freeing the old table failed (the new table is in place all the same)
     */
    IOException writeTable(List<Snapshot> list) throws IOException {
        long size = 0;
        List<byte[]> entries = new ArrayList<>();
        for (Snapshot s : list) {
            byte[] e = encode(s);
            size = ((size + 7) & ~7L) + e.length;
            if (size > MAX_TABLE_BYTES) {
                throw failure("snapshot table too large", Errno.EFBIG);
            }
            entries.add(e);
        }
        int cs = img.clusterSize();
        long oldOffset = img.header.snapshotsOffset;
        long oldSize = img.header.nbSnapshots > 0 ? InternalSnapshots.tableLength(img) : 0;
        long clusters = (size + cs - 1) / cs;
        long offset = clusters == 0 ? 0 : refcounts.allocate(clusters);
        refcounts.cache().writeBack();
        l2.cache().writeBack();
        img.flushFiles();
        if (clusters > 0) {
            byte[] table = new byte[(int) size];
            int p = 0;
            for (byte[] e : entries) {
                p = (p + 7) & ~7;
                System.arraycopy(e, 0, table, p, e.length);
                p += e.length;
            }
            img.writeBytes(offset, table);
            img.flushFiles();
        }
        img.header.nbSnapshots = list.size();
        img.header.snapshotsOffset = offset;
        img.writeHeader();
        img.flushFiles();
        return oldSize > 0 ? free(oldOffset, oldSize) : null;
    }

    private static byte[] encode(Snapshot s) {
        byte[] id = s.id().getBytes(StandardCharsets.UTF_8);
        byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
        byte[] oldExtra = s.extraData();
        int extraLen = Math.max(KNOWN_EXTRA, oldExtra.length);
        ByteBuffer b = ByteBuffer.allocate(40 + extraLen + id.length + name.length);
        b.putLong(0, s.l1TableOffset()).putInt(8, s.l1Size()).putShort(12, (short) id.length)
                .putShort(14, (short) name.length).putInt(16, (int) s.dateSeconds()).putInt(20, s.dateNanos())
                .putLong(24, s.vmClockNanos())
                // a VM state too large for 32 bits reads as a disk-only snapshot to older readers
                .putInt(32, Long.compareUnsigned(s.vmStateSize(), 0xffff_ffffL) <= 0 ? (int) s.vmStateSize() : 0)
                .putInt(36, extraLen);
        b.put(40, Arrays.copyOf(oldExtra, extraLen));
        b.putLong(40, s.vmStateSize()).putLong(48, s.diskSize()).putLong(56, s.icount());
        b.put(40 + extraLen, id);
        b.put(40 + extraLen + id.length, name);
        return b.array();
    }
}
