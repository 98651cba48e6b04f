package io.jblock.qcow2;

import io.jblock.qcow2.types.Features;
import java.io.IOException;

/**
 * The dirty bit of lazy refcounts, set and cleared as QEMU does: set on disk (and flushed)
 * before the first metadata change after open or activation, cleared after the caches were
 * written back and flushed on close and inactivation. Without lazy refcounts it is never set.
 *
 * <p>Not thread-safe: callers hold {@link Qcow2Image#metaLock}.
 */
final class DirtyBit {
    /** Writes back the metadata caches (run before the bit is cleared). */
    interface WriteBack {
        void run() throws IOException;
    }

    private final Qcow2Image img;
    private boolean setByUs;

    DirtyBit(Qcow2Image img) {
        this.img = img;
    }

    /** Before a metadata change: with lazy refcounts, mark the image dirty on disk first. */
    void beforeChange() throws IOException {
        if (img.header.lazyRefcounts() && !setByUs) {
            img.header.incompatibleFeatures |= Features.INCOMPAT_DIRTY;
            img.writeHeader();
            img.flushFiles();
            setByUs = true;
        }
    }

    /** Writes back, flushes, and clears the bit if it is set. */
    void markClean(WriteBack writeBack) throws IOException {
        if (setByUs || img.header.has(Features.INCOMPAT_DIRTY)) {
            writeBack.run();
            img.flushFiles();
            img.header.incompatibleFeatures &= ~Features.INCOMPAT_DIRTY;
            img.writeHeader();
            img.flushFiles();
            setByUs = false;
        }
    }

    /** The header was reread or repaired: nothing is set by us any more. */
    void reset() {
        setByUs = false;
    }
}
