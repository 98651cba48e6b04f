package io.jblock.cli;

import java.util.Set;

/**
 * The block driver names qemu-img 7.2 knows (Debian's build: the "Supported formats:" line of
 * {@code qemu-img --help}), and which of them can create images (those with create options in
 * QEMU's block drivers). qemu-img accepts any of these names where it looks a format up
 * ({@code rebase -F host_device} stores the name), and refuses creation with a read-only one in
 * its own words ("Format driver 'bochs' does not support image creation"), before it would
 * notice that jblock has no such driver.
 */
final class QemuFormats {
    private QemuFormats() {
    }

    /** Names whose QEMU driver has create options. */
    private static final Set<String> CREATE = Set.of("file", "gluster", "host_cdrom", "host_device", "iscsi", "iser",
            "luks", "nbd", "nfs", "nvme", "parallels", "qcow", "qcow2", "qed", "raw", "rbd", "ssh", "vdi", "vhdx",
            "vmdk", "vpc");

    /** Names whose QEMU driver cannot create images (read-only formats, filters, network readers). */
    private static final Set<String> NO_CREATE = Set.of("blkdebug", "blklogwrites", "blkverify", "bochs", "cloop",
            "compress", "copy-before-write", "copy-on-read", "dmg", "ftp", "ftps", "http", "https", "null-aio",
            "null-co", "preallocate", "quorum", "replication", "snapshot-access", "throttle", "vvfat");

    /**
     * {@return whether qemu-img 7.2 knows {@code name} as a block driver}
     *
     * @param name a format or driver name
     */
    static boolean known(String name) {
        return CREATE.contains(name) || NO_CREATE.contains(name);
    }

    /**
     * {@return whether QEMU knows {@code name} but its driver cannot create images}
     *
     * @param name a format or driver name
     */
    static boolean cannotCreate(String name) {
        return NO_CREATE.contains(name);
    }

    /**
     * {@return qemu-img's refusal to create an image of a format whose driver cannot, or null}
     *
     * @param name the format asked for
     */
    static String creationRefusal(String name) {
        return cannotCreate(name) ? "Format driver '" + name + "' does not support image creation" : null;
    }
}
