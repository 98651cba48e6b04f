package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.metadata.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the internal snapshot table, entry by entry, checking each size before using it
 * (QEMU's limits: 65536 snapshots, 1 KiB of extra data, table at most 64 MiB).
 */
final class InternalSnapshots {
    private static final long MAX_TABLE_BYTES = 64L << 20;
    private static final int MAX_EXTRA = 1024;

    private InternalSnapshots() {
    }

    static List<Snapshot> read(Qcow2Image img) throws IOException {
        Qcow2Header h = img.header;
        List<Snapshot> out = new ArrayList<>();
        long p = h.snapshotsOffset;
        long fileSize = img.file.size();
        for (int i = 0; i < h.nbSnapshots; i++) {
            if (p - h.snapshotsOffset > MAX_TABLE_BYTES || p + 40 > fileSize) {
                throw img.corrupt("snapshot table entry " + i + " lies outside the file or the 64 MiB limit", p);
            }
            ByteBuffer b = ByteBuffer.wrap(img.readBytes(p, 40));
            long l1Off = b.getLong(0);
            int l1Size = b.getInt(8);
            int idLen = b.getShort(12) & 0xffff;
            int nameLen = b.getShort(14) & 0xffff;
            long dateSec = b.getInt(16) & 0xffff_ffffL;
            int dateNsec = b.getInt(20);
            long vmClock = b.getLong(24);
            long vmState = b.getInt(32) & 0xffff_ffffL;
            int extra = b.getInt(36);
            if (extra < 0 || extra > MAX_EXTRA) {
                throw img.corrupt("snapshot " + i + " has " + Integer.toUnsignedLong(extra) + " bytes of extra data", p + 36);
            }
            long rest = (long) extra + idLen + nameLen;
            if (p + 40 + rest > fileSize) {
                throw img.corrupt("snapshot table entry " + i + " runs past the end of the file", p);
            }
            byte[] tail = img.readBytes(p + 40, (int) rest);
            ByteBuffer t = ByteBuffer.wrap(tail);
            long diskSize = h.size;
            if (extra >= 8) {
                vmState = t.getLong(0);
            }
            if (extra >= 16) {
                diskSize = t.getLong(8);
            }
            long icount = extra >= 24 ? t.getLong(16) : -1;
            String id = new String(tail, extra, idLen, StandardCharsets.UTF_8);
            String name = new String(tail, extra + idLen, nameLen, StandardCharsets.UTF_8);
            // the snapshot's L1 table is checked where it is used ({@link #validateL1}), as QEMU
            // does: an image with one bad snapshot still opens, and check reports it
            byte[] extraData = java.util.Arrays.copyOf(tail, extra);
            out.add(new Snapshot(id, name, l1Off, l1Size, dateSec, dateNsec, vmClock, vmState, diskSize, icount,
                    extraData));
            p += 40 + rest;
            p = (p + 7) & ~7L;
        }
        return out;
    }

    /**
     * QEMU's qcow2_validate_table for a snapshot's L1 table, with its messages: too many entries
     * ({@code EFBIG}), an offset off a cluster boundary or one the table would overflow past
     * ({@code EINVAL}). Whether the table lies inside the file is left to the reads, as there.
     */
    static void validateL1(Qcow2Image img, Snapshot sn) throws IOException {
        long entries = Integer.toUnsignedLong(sn.l1Size());
        if (entries > Qcow2Header.MAX_L1_BYTES / 8) {
            throw new io.jblock.storage.BlockIOException("Snapshot L1 table too large", img.nodeName, img.filename(),
                    -1, io.jblock.ffm.Errno.EFBIG, null);
        }
        if (sn.l1TableOffset() < 0 || Long.MAX_VALUE - entries * 8 < sn.l1TableOffset()
                || (sn.l1TableOffset() & img.geometry.clusterOffsetMask()) != 0) {
            throw new io.jblock.storage.BlockIOException("Snapshot L1 table offset invalid", img.nodeName,
                    img.filename(), -1, io.jblock.ffm.Errno.EINVAL, null);
        }
    }

    /** End of the table in the file (for the check's reference counting). */
    static long tableLength(Qcow2Image img) throws IOException {
        Qcow2Header h = img.header;
        long p = h.snapshotsOffset;
        for (int i = 0; i < h.nbSnapshots; i++) {
            ByteBuffer b = ByteBuffer.wrap(img.readBytes(p, 40));
            int idLen = b.getShort(12) & 0xffff;
            int nameLen = b.getShort(14) & 0xffff;
            int extra = b.getInt(36);
            p += 40 + (long) extra + idLen + nameLen;
            p = (p + 7) & ~7L;
        }
        return p - h.snapshotsOffset;
    }

    static Snapshot find(Qcow2Image img, String id, String name) throws IOException {
        for (Snapshot s : read(img)) {
            if ((id == null || s.id().equals(id)) && (name == null || s.name().equals(name))) {
                return s;
            }
        }
        throw new Qcow2UnsupportedException("no snapshot with " + (id != null ? "id '" + id + "'" : "")
                + (id != null && name != null ? " and " : "") + (name != null ? "name '" + name + "'" : ""),
                img.nodeName, img.filename(), -1);
    }

    /**
     * The snapshot's L1 table, long enough for its disk size (entries past the stored table are
     * unallocated). A disk size no L1 table within QEMU's 32 MiB could address is refused.
     */
    static long[] readL1(Qcow2Image img, Snapshot s) throws IOException {
        validateL1(img, s);
        long need = s.diskSize() < 0 ? Long.MAX_VALUE : img.geometry.l1EntriesFor(s.diskSize());
        if (need > Qcow2Header.MAX_L1_BYTES / 8) {
            throw img.corrupt("snapshot '" + s.name() + "' has a disk size of " + Long.toUnsignedString(s.diskSize())
                    + " bytes, more than an L1 table can address", img.header.snapshotsOffset);
        }
        long[] l1 = img.readTable(s.l1TableOffset(), s.l1Size());
        return need > l1.length ? java.util.Arrays.copyOf(l1, (int) need) : l1;
    }
}
