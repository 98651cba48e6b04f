package io.jblock.storage.feature;

import java.io.IOException;
import java.util.Map;

/**
 * Changes the options of an existing image in place (QEMU's bdrv_amend_options,
 * {@code qemu-img amend}): for qcow2 {@code compat} (upgrade and downgrade), {@code
 * refcount_bits}, {@code lazy_refcounts}, {@code size}, {@code data_file}, {@code data_file_raw};
 * {@code backing_file}/{@code backing_fmt} only as they are (rebase changes them).
 *
 * <p>The call bypasses the node's generic layer: the caller keeps every other request off the
 * node, which must be writable and active. Every step is crash safe in QEMU's order: new
 * structures (a refcount table of another width, zeroes for expanded zero clusters) are written
 * and flushed before the header points at them, and old ones are freed afterwards. Options are
 * applied in QEMU's order (upgrade first, downgrade last); a failure leaves the steps before it
 * done. A failure QEMU words itself is an {@link io.jblock.storage.BlockIOException} whose
 * {@code reason()} is QEMU's message.
 */
public interface ImageAmender {

    /** Receives progress: {@code done} of {@code total} units of work (QEMU's amend status callback). */
    @FunctionalInterface
    interface Progress {
        /**
         * Reports how far the amend is.
         *
         * @param done units done
         * @param total units in all
         */
        void report(long done, long total);
    }

    /**
     * Applies the options given (name to value, as on qemu-img's command line, already checked
     * against the format's amend option list); options not given keep their value.
     *
     * @param options option name to value
     * @param force allow changes QEMU refuses without {@code --force}
     * @param progress receives progress reports
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void amend(Map<String, String> options, boolean force, Progress progress) throws IOException;
}
