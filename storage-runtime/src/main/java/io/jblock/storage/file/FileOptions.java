package io.jblock.storage.file;

import io.jblock.storage.spi.NodeOptions;
import java.util.Set;

/**
 * The file driver's open options, with QEMU's names and defaults (block/file-posix.c):
 * {@code filename}, {@code aio}, {@code locking}, {@code drop-cache},
 * {@code check-cache-dropped} (also QEMU's {@code x-check-cache-dropped}) and {@code discard}.
 * {@code read-only} and {@code cache.*} are generic options the node's context carries.
 *
 * @param filename          path of the file or block device
 * @param aio               QEMU's aio mode: {@code threads}, {@code native} or {@code io_uring}
 * @param locking           image locking mode
 * @param dropCache         whether invalidateCache drops the file's page cache
 * @param checkCacheDropped whether invalidateCache verifies that no page stayed cached
 * @param discard           whether discard reaches the file
 */
record FileOptions(String filename, AioMode aio, LockingMode locking, boolean dropCache, boolean checkCacheDropped,
                   DiscardMode discard) {

    /** Every option name this record reads. */
    static final Set<String> NAMES = Set.of("filename", "aio", "locking", "drop-cache",
            "check-cache-dropped", "x-check-cache-dropped", "discard");

    /**
     * Reads the options, marking each as used.
     *
     * @throws IllegalArgumentException for a missing filename or a malformed value, naming the option
     */
    static FileOptions parse(NodeOptions options) {
        String filename = options.string("filename")
                .orElseThrow(() -> new IllegalArgumentException("Parameter 'filename' is required"));
        if (filename.isEmpty()) {
            throw new IllegalArgumentException("Parameter 'filename' must not be empty");
        }
        AioMode aio = AioMode.parse(options.string("aio", "threads"));
        LockingMode locking = LockingMode.parse(options.string("locking", "auto"));
        boolean dropCache = options.bool("drop-cache", true);
        boolean check = options.bool("check-cache-dropped", false);
        if (options.has("x-check-cache-dropped")) {
            boolean legacy = options.bool("x-check-cache-dropped", false);
            if (options.has("check-cache-dropped") && legacy != check) {
                throw new IllegalArgumentException("Parameters 'check-cache-dropped' and "
                        + "'x-check-cache-dropped' contradict each other");
            }
            check = legacy;
        }
        DiscardMode discard = DiscardMode.parse(options.string("discard", "ignore"));
        return new FileOptions(filename, aio, locking, dropCache, check, discard);
    }
}
