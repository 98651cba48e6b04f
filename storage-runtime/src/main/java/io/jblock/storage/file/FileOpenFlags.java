package io.jblock.storage.file;

import io.jblock.ffm.linux.Libc;
import io.jblock.storage.CacheSettings;

/**
 * The open(2) flags of a file node's data descriptor, derived from its cache settings.
 *
 * <ul>
 * <li>read-only: O_RDONLY, else O_RDWR;</li>
 * <li>{@code cache.direct=on}: O_DIRECT, bypassing the host page cache;</li>
 * <li>writeback off (writethrough, directsync): O_DSYNC, so each write is stable when pwrite
 *     returns.</li>
 * </ul>
 *
 * <p>Why O_DSYNC rather than fdatasync after every write: one system call per write instead of
 * two; under O_DIRECT the kernel can mark the write itself FUA on devices with a volatile
 * cache instead of issuing a separate whole-device cache flush; and a write's durability never
 * depends on (or waits for) other threads' writes to the same file, which fdatasync would
 * flush too. QEMU itself emulates writethrough with a flush after each write because a guest
 * may toggle its write cache at run time; a jblock node's writeback setting is fixed at open,
 * so the flag costs nothing in flexibility. FUA requests in writeback mode use RWF_DSYNC per
 * request for the same reasons.
 */
final class FileOpenFlags {
    private FileOpenFlags() {
    }

    /** Flags for the data descriptor (PosixIO adds O_CLOEXEC). */
    static int of(CacheSettings cache, boolean readOnly) {
        int flags = readOnly ? Libc.O_RDONLY() : Libc.O_RDWR();
        if (cache.direct()) {
            flags |= Libc.O_DIRECT();
        }
        if (!cache.writeback()) {
            flags |= Libc.O_DSYNC();
        }
        return flags;
    }
}
