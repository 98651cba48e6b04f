package io.jblock.qcow2.metadata;

/**
 * One internal snapshot as its table entry describes it (docs/interop/qcow2.txt, "Snapshots").
 *
 * @param id           the snapshot's ID string
 * @param name         its name
 * @param l1TableOffset where its L1 table is
 * @param l1Size       entries of its L1 table
 * @param dateSeconds  creation time, seconds since the epoch
 * @param dateNanos    nanoseconds part of the creation time
 * @param vmClockNanos guest clock at creation, in nanoseconds
 * @param vmStateSize  bytes of saved VM state (the 64-bit field when present)
 * @param diskSize     virtual disk size at creation (from the extra data, else the image's size)
 * @param icount       guest instruction count at creation (extra data bytes 16 to 23, which QEMU
 *                     writes since 5.2), or -1 when the entry has no such field or recorded none
 * @param extraData    the entry's extra data as stored (QEMU keeps what it does not know and
 *                     writes it back); empty for a new entry
 */
public record Snapshot(String id, String name, long l1TableOffset, int l1Size, long dateSeconds, int dateNanos,
                       long vmClockNanos, long vmStateSize, long diskSize, long icount, byte[] extraData) {

    /** Copies {@code extraData}, so the record is immutable. */
    public Snapshot {
        extraData = extraData.clone();
    }

    /** {@return a copy of the entry's extra data} */
    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    /** {@return whether the entry records an instruction count (qemu-img prints one only then)} */
    public boolean hasIcount() {
        return icount != -1;
    }
}
