package io.jblock.storage.feature;

/**
 * One internal snapshot as {@code qemu-img snapshot -l} and {@code qemu-img info} show it
 * (QEMU's SnapshotInfo).
 *
 * @param id           the snapshot's ID string
 * @param name         its name
 * @param dateSeconds  creation time, seconds since the epoch
 * @param dateNanos    nanoseconds part of the creation time
 * @param vmClockNanos guest clock at creation, in nanoseconds
 * @param vmStateSize  bytes of saved VM state
 * @param diskSize     virtual disk size at creation
 * @param icount       guest instruction count at creation, or -1 when none was recorded
 */
public record SnapshotInfo(String id, String name, long dateSeconds, int dateNanos, long vmClockNanos,
                           long vmStateSize, long diskSize, long icount) {

    /** {@return whether an instruction count was recorded (qemu-img prints one only then)} */
    public boolean hasIcount() {
        return icount != -1;
    }
}
