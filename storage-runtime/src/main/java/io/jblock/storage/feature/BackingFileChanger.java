package io.jblock.storage.feature;

import java.io.IOException;

/**
 * Changes the backing file an image names (QEMU's bdrv_change_backing_file, used by qemu-img
 * rebase and amend): only the reference in the image's metadata changes, not the data and not
 * the backing node opened now, so the caller first makes sure the guest-visible content stays
 * what it should be (rebase copies what differs).
 *
 * <p>The new header is written and synced before the call returns. A failure that QEMU reports
 * with an errno (a name that does not fit in the header: ENOSPC; a format without a name, or a
 * backing file with a raw external data file: EINVAL) is an
 * {@link io.jblock.storage.BlockIOException} with that errno.
 */
public interface BackingFileChanger {

    /**
     * Names {@code backingFile} (as it is to be stored, relative names relative to the image) with
     * format {@code backingFormat} as the backing file; {@code null} for both removes it.
     *
     * @param backingFile the name to store, or null
     * @param backingFormat its format, or null
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void changeBackingFile(String backingFile, String backingFormat) throws IOException;
}
