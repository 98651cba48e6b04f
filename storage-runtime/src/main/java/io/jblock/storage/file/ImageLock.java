package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.ImageLockedException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Image locking that interlocks with QEMU (block/file-posix.c): open file description (OFD)
 * read locks on single bytes, byte 100 + i while permission i is held and byte 200 + i while
 * permission i is not shared. A process that wants permission i checks byte 200 + i, and a
 * process that refuses to share i checks byte 100 + i, each with F_OFD_GETLK for a write lock,
 * which any other description's read lock conflicts with. Read locks never conflict with each
 * other, so taking them always works; only the checks find conflicts.
 *
 * <p>The locks live on a descriptor of their own (QEMU's former lock_fd), opened read-only, so
 * that the data descriptor can be closed or reopened without dropping them; closing this
 * object drops them all. OFD locks are per open file description, so two nodes of one process
 * on the same image conflict exactly as two processes do.
 *
 * <p>Thread safety: changes are serialized by this object's monitor.
 */
final class ImageLock implements AutoCloseable {
    private final int fd;
    private final String path;
    private final String displayName;
    private final FileDescription description;
    private final EnumSet<QemuPermission> lockedPerm = EnumSet.noneOf(QemuPermission.class);
    private final EnumSet<QemuPermission> lockedUnshared = EnumSet.noneOf(QemuPermission.class);
    private LockLevel level = LockLevel.NONE;
    private boolean closed;

    private ImageLock(int fd, String path, String displayName, FileDescription description) {
        this.fd = fd;
        this.path = path;
        this.displayName = displayName;
        this.description = description;
    }

    /**
     * Opens the lock descriptor as {@code mode} says, holding nothing yet.
     *
     * @param displayName the image name as the user gave it, for the conflict message
     * @return the lock, or null when locking is off (or auto without OFD locks)
     */
    static ImageLock open(String path, String displayName, LockingMode mode, FileDescription description)
            throws BlockIOException {
        if (mode == LockingMode.OFF) {
            return null;
        }
        int fd;
        try {
            fd = PosixIO.openFd(path, Libc.O_RDONLY(), 0);
        } catch (NativeIOException e) {
            throw description.failure("opening the lock descriptor", -1, e);
        }
        boolean ok = false;
        try {
            if (!ofdLocksSupported(fd, path, description)) {
                if (mode == LockingMode.ON) {
                    throw description.failure("locking=on, but the kernel has no OFD locks; "
                            + "POSIX-lock fallback is not supported yet (use locking=off)", -1, Errno.EINVAL);
                }
                return null;
            }
            ImageLock lock = new ImageLock(fd, path, displayName, description);
            ok = true;
            return lock;
        } finally {
            if (!ok) {
                closeQuietly(fd, path);
            }
        }
    }

    private static boolean ofdLocksSupported(int fd, String path, FileDescription description)
            throws BlockIOException {
        try {
            PosixIO.ofdGetLock(fd, (short) Libc.F_WRLCK(), QemuPermission.PERM_BASE, 1, path);
            return true;
        } catch (NativeIOException e) {
            if (e.errno() == Errno.EINVAL) {
                return false;
            }
            throw description.failure("probing OFD locks", -1, e);
        }
    }

    /** The level currently held. */
    synchronized LockLevel level() {
        return level;
    }

    /** Moves to {@code target}; on conflict nothing changes and the exception says QEMU's words. */
    synchronized void setLevel(LockLevel target) throws BlockIOException {
        if (target == level) {
            return;
        }
        apply(target.perm(), target.shared());
        level = target;
    }

    /**
     * Holds exactly {@code perm} and refuses to share what is not in {@code shared}, as QEMU's
     * raw_handle_perm_lock does in three steps: lock the union of old and new bytes, check for
     * conflicts with the new set, then unlock what the new set does not need. On failure the
     * old set is restored.
     */
    synchronized void apply(Set<QemuPermission> perm, Set<QemuPermission> shared) throws BlockIOException {
        if (closed) {
            throw description.failure("image lock used after close", -1);
        }
        EnumSet<QemuPermission> unshared = EnumSet.copyOf(QemuPermission.complement(shared));
        EnumSet<QemuPermission> oldPerm = EnumSet.copyOf(lockedPerm);
        EnumSet<QemuPermission> oldUnshared = EnumSet.copyOf(lockedUnshared);
        try {
            lockBytes(perm, unshared);
            checkConflicts(perm, shared);
        } catch (BlockIOException e) {
            try {
                unlockBeyond(oldPerm, oldUnshared);
            } catch (BlockIOException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        unlockBeyond(perm, unshared);
    }

    private void lockBytes(Set<QemuPermission> perm, Set<QemuPermission> unshared) throws BlockIOException {
        for (QemuPermission p : perm) {
            if (!lockedPerm.contains(p)) {
                lockByte(p.permByte(), p);
                lockedPerm.add(p);
            }
        }
        for (QemuPermission p : unshared) {
            if (!lockedUnshared.contains(p)) {
                lockByte(p.sharedByte(), p);
                lockedUnshared.add(p);
            }
        }
    }

    private void lockByte(long offset, QemuPermission p) throws BlockIOException {
        boolean locked;
        try {
            locked = PosixIO.ofdSetLock(fd, (short) Libc.F_RDLCK(), offset, 1, false, path);
        } catch (NativeIOException e) {
            throw description.failure("locking byte " + offset, -1, e);
        }
        if (!locked) {
            throw conflict("Failed to lock byte " + offset, p, offset >= QemuPermission.SHARED_BASE);
        }
    }

    private void checkConflicts(Set<QemuPermission> perm, Set<QemuPermission> shared) throws BlockIOException {
        for (QemuPermission p : perm) {
            if (lockedByOthers(p.sharedByte())) {
                throw conflict("Failed to get \"" + p.qemuName() + "\" lock", p, false);
            }
        }
        for (QemuPermission p : QemuPermission.all()) {
            if (!shared.contains(p) && lockedByOthers(p.permByte())) {
                throw conflict("Failed to get shared \"" + p.qemuName() + "\" lock", p, true);
            }
        }
    }

    private boolean lockedByOthers(long offset) throws BlockIOException {
        try {
            return PosixIO.ofdGetLock(fd, (short) Libc.F_WRLCK(), offset, 1, path) != (short) Libc.F_UNLCK();
        } catch (NativeIOException e) {
            throw description.failure("testing lock byte " + offset, -1, e);
        }
    }

    /** QEMU's conflict, one line: its second line ("Is another process using ...") follows "; ". */
    private ImageLockedException conflict(String what, QemuPermission p, boolean sharedConflict) {
        return new ImageLockedException(what, p.qemuName(), sharedConflict, description.nodeName(), displayName);
    }

    /** Unlocks every held byte that {@code keepPerm}/{@code keepUnshared} do not name. */
    private void unlockBeyond(Set<QemuPermission> keepPerm, Set<QemuPermission> keepUnshared)
            throws BlockIOException {
        for (QemuPermission p : EnumSet.copyOf(lockedPerm)) {
            if (!keepPerm.contains(p)) {
                unlockByte(p.permByte());
                lockedPerm.remove(p);
            }
        }
        for (QemuPermission p : EnumSet.copyOf(lockedUnshared)) {
            if (!keepUnshared.contains(p)) {
                unlockByte(p.sharedByte());
                lockedUnshared.remove(p);
            }
        }
    }

    private void unlockByte(long offset) throws BlockIOException {
        try {
            PosixIO.ofdSetLock(fd, (short) Libc.F_UNLCK(), offset, 1, false, path);
        } catch (NativeIOException e) {
            throw description.failure("unlocking byte " + offset, -1, e);
        }
    }

    /** Drops every lock by closing the lock descriptor; idempotent. */
    @Override
    public synchronized void close() throws BlockIOException {
        if (closed) {
            return;
        }
        closed = true;
        lockedPerm.clear();
        lockedUnshared.clear();
        level = LockLevel.NONE;
        try {
            PosixIO.closeFd(fd, path);
        } catch (NativeIOException e) {
            throw description.failure("closing the lock descriptor", -1, e);
        }
    }

    private static void closeQuietly(int fd, String path) {
        try {
            PosixIO.closeFd(fd, path);
        } catch (NativeIOException e) {
            // already failing; the first error is the one to report
        }
    }
}
