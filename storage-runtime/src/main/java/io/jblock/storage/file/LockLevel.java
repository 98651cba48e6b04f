package io.jblock.storage.file;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a file node claims on its image, in QEMU's permission terms.
 *
 * <ul>
 * <li>{@link #NONE}: nothing, as QEMU's inactive nodes (incoming migration, or a source after
 *     inactivation) claim nothing.</li>
 * <li>{@link #READER}: consistent read, sharing everything; what {@code qemu-io -r} takes, so
 *     a reader coexists with writers as QEMU's readers do.</li>
 * <li>{@link #READER_NO_SHARE}: consistent read, sharing only consistent read and write
 *     unchanged; what qemu-img convert's source takes (BDRV_O_NO_SHARE): no other process may
 *     write or resize the image while it is open, and it cannot open while one does.</li>
 * <li>{@link #WRITER}: consistent read, write and resize, sharing neither write nor resize, as a
 *     running VM's disk does: no other process may write the image, and readers are welcome.</li>
 * </ul>
 */
enum LockLevel {
    NONE(EnumSet.noneOf(QemuPermission.class), EnumSet.allOf(QemuPermission.class)),
    READER(EnumSet.of(QemuPermission.CONSISTENT_READ), EnumSet.allOf(QemuPermission.class)),
    READER_NO_SHARE(EnumSet.of(QemuPermission.CONSISTENT_READ),
            EnumSet.of(QemuPermission.CONSISTENT_READ, QemuPermission.WRITE_UNCHANGED)),
    WRITER(EnumSet.of(QemuPermission.CONSISTENT_READ, QemuPermission.WRITE, QemuPermission.RESIZE),
            EnumSet.of(QemuPermission.CONSISTENT_READ, QemuPermission.WRITE_UNCHANGED));

    private final EnumSet<QemuPermission> perm;
    private final EnumSet<QemuPermission> shared;

    LockLevel(EnumSet<QemuPermission> perm, EnumSet<QemuPermission> shared) {
        this.perm = perm;
        this.shared = shared;
    }

    /** What an active node claims: a writer's locks, or a reader's sharing write or not. */
    static LockLevel active(boolean readOnly, boolean noShare) {
        return !readOnly ? WRITER : noShare ? READER_NO_SHARE : READER;
    }

    /** Permissions held. */
    Set<QemuPermission> perm() {
        return EnumSet.copyOf(perm);
    }

    /** Permissions others may hold too. */
    Set<QemuPermission> shared() {
        return EnumSet.copyOf(shared);
    }
}
