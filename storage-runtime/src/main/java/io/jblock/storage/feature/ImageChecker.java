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
     *
     * @param repairLeaks repair leaked clusters (refcounts above their references)
     * @param repairErrors repair refcount errors and other corruptions (implies the node is writable)
     * @return the counts as qemu-img check reports them (after repair: what is left)
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a repair on a read-only or inactive node, a closed node, a failed read or write
     */
    CheckResult check(boolean repairLeaks, boolean repairErrors) throws IOException;

    /**
     * {@return whether the image is marked dirty: it was in use with lazy refcounts and not closed
     * cleanly, so its refcounts need a repair (done on the next read-write open)} {@code qemu-img
     * info} reports it as {@code dirty-flag}.
     *
     * @throws IOException {@link io.jblock.storage.NodeClosedException} once the node is closed
     */
    boolean isDirty() throws IOException;
}
