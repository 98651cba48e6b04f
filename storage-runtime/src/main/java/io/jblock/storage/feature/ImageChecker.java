package io.jblock.storage.feature;

import java.io.IOException;

/**
 * A format's consistency check and repair (QEMU's bdrv_check, {@code qemu-img check}).
 *
 * <p>Nothing keeps guest writes out while a check runs: the caller makes sure none are in flight,
 * or the counts may be off. Repair needs a writable, active node.
 */
public interface ImageChecker {

    /**
     * Checks the image's metadata, repairing leaks ({@code repairLeaks}) and refcount errors
     * ({@code repairErrors}) when asked.
     */
    CheckResult check(boolean repairLeaks, boolean repairErrors) throws IOException;

    /**
     * Whether the image is marked dirty: it was in use with lazy refcounts and not closed
     * cleanly, so its refcounts need a repair (done on the next read-write open).
     * {@code qemu-img info} reports it as {@code dirty-flag}.
     *
     * @throws IOException {@link io.jblock.storage.NodeClosedException} once the node is closed
     */
    boolean isDirty() throws IOException;
}
