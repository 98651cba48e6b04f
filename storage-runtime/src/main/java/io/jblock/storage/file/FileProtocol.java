package io.jblock.storage.file;

import io.jblock.ffm.FileStat;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockIOException;

/**
 * The file-posix driver names and the file types each one opens, with the refusal in
 * file-posix's words (QEMU 7.2's raw_open_common). {@code file} also takes block devices, which
 * QEMU 7.2 leaves to {@code host_device}; a character device or a directory is refused as
 * QEMU refuses it.
 */
enum FileProtocol {
    /** Regular files (and, unlike QEMU 7.2, block devices). */
    FILE("file"),
    /** QEMU's {@code host_device}: a character or block device. */
    HOST_DEVICE("host_device"),
    /** QEMU's {@code host_cdrom}: on Linux a character or block device, as {@code host_device}. */
    HOST_CDROM("host_cdrom");

    private final String driverName;

    FileProtocol(String driverName) {
        this.driverName = driverName;
    }

    /** {@return the driver's name, as QEMU spells it} */
    String driverName() {
        return driverName;
    }

    /**
     * Refuses a file this driver does not open.
     *
     * @param stat the open file's type
     * @param description the node and path, for the message
     * @throws BlockIOException QEMU's "'DRIVER' driver requires 'PATH' to be ..."
     */
    void requireType(FileStat stat, FileDescription description) throws BlockIOException {
        if (this == FILE) {
            if (!stat.isRegularFile() && !stat.isBlockDevice()) {
                throw description.failure("'" + driverName + "' driver requires '" + description.path()
                        + "' to be a regular file", -1);
            }
        } else if (!stat.isBlockDevice() && !isCharacterDevice(stat)) {
            throw description.failure("'" + driverName + "' driver requires '" + description.path()
                    + "' to be either a character or block device", -1);
        }
    }

    /** {@return whether the file is a character device} */
    static boolean isCharacterDevice(FileStat stat) {
        return (stat.mode() & Libc.S_IFMT()) == Libc.S_IFCHR();
    }
}
