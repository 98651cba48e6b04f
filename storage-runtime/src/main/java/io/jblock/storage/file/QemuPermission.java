package io.jblock.storage.file;

import java.util.EnumSet;
import java.util.Set;

/**
 * QEMU's block permissions (include/block/block-common.h, BLK_PERM_*) in bit order; bit i owns
 * lock byte 100 + i ("this permission is held") and 200 + i ("this permission is not shared")
 * in file-posix's locking scheme. The names are QEMU's (bdrv_perm_names), so that conflict
 * messages read exactly like QEMU's.
 *
 * <p>QEMU 6.1 and older also had graph-mod (bit 4) and may still lock byte 104/204; no
 * current permission uses it, so neither do we.
 */
enum QemuPermission {
    CONSISTENT_READ("consistent read"),
    WRITE("write"),
    WRITE_UNCHANGED("write unchanged"),
    RESIZE("resize");

    /** First byte of the "permission held" range (RAW_LOCK_PERM_BASE). */
    static final int PERM_BASE = 100;
    /** First byte of the "permission not shared" range (RAW_LOCK_SHARED_BASE). */
    static final int SHARED_BASE = 200;

    private final String qemuName;

    QemuPermission(String qemuName) {
        this.qemuName = qemuName;
    }

    /** QEMU's name for messages: "consistent read", "write", "write unchanged", "resize". */
    String qemuName() {
        return qemuName;
    }

    /** Offset of the byte locked while this permission is held. */
    long permByte() {
        return PERM_BASE + ordinal();
    }

    /** Offset of the byte locked while this permission is not shared with others. */
    long sharedByte() {
        return SHARED_BASE + ordinal();
    }

    static Set<QemuPermission> all() {
        return EnumSet.allOf(QemuPermission.class);
    }

    static Set<QemuPermission> none() {
        return EnumSet.noneOf(QemuPermission.class);
    }

    /** The permissions not in {@code set}. */
    static Set<QemuPermission> complement(Set<QemuPermission> set) {
        return set.isEmpty() ? all() : EnumSet.complementOf(EnumSet.copyOf(set));
    }
}
