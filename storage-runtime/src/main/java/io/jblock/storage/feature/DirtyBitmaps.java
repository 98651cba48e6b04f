package io.jblock.storage.feature;

import java.io.IOException;
import java.util.List;

/**
 * Persistent dirty bitmaps of a format (qcow2's bitmaps extension; QEMU's BdrvDirtyBitmap with
 * persistence, {@code qemu-img bitmap}). While a writable node is open its bitmaps live in
 * memory: every guest write, write-zeroes and discard sets the bits of the enabled ones, and they
 * are written to the image when the node is closed or inactivated. On disk a bitmap is marked
 * in use while a writer holds it, so a crash leaves it flagged inconsistent (only removing it is
 * then allowed), never silently stale.
 *
 * <p>Changes bypass the node's generic layer; the caller keeps them apart from guest requests
 * of the same node. Failures QEMU words itself (a bitmap that exists or is missing, a bad
 * granularity, an inconsistent bitmap) are {@link io.jblock.storage.BlockIOException}s whose
 * {@code reason()} is QEMU's message.
 */
public interface DirtyBitmaps {

    /**
     * One bitmap as its directory entry describes it (qemu-img info's bitmaps list).
     *
     * @param name        its name
     * @param granularity bytes of the disk one bit covers
     * @param enabled     whether writes are tracked in it (the 'auto' flag)
     * @param inUse       whether the image marks it in use (not stored since it was loaded)
     */
    record Bitmap(String name, long granularity, boolean enabled, boolean inUse) {
    }

    /**
     * {@return the bitmaps the image's directory lists now, in directory order}
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    List<Bitmap> storedBitmaps() throws IOException;

    /**
     * {@return the bitmaps of this node (loaded ones and added ones), in order}
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    List<Bitmap> bitmaps() throws IOException;

    /**
     * {@return the granularity a bitmap added without one gets (the cluster size, within 4 KiB..64 KiB)}
     */
    long defaultGranularity();

    /**
     * Adds an empty bitmap.
     *
     * @param name its name
     * @param granularity bytes per bit, a power of two; 0 for the default
     * @param enabled whether writes are tracked in it
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void addBitmap(String name, long granularity, boolean enabled) throws IOException;

    /**
     * Removes a bitmap, from the image at once if it was stored.
     *
     * @param name its name
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void removeBitmap(String name) throws IOException;

    /**
     * Clears every bit of a bitmap.
     *
     * @param name its name
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void clearBitmap(String name) throws IOException;

    /**
     * Enables or disables tracking into a bitmap.
     *
     * @param name its name
     * @param enabled whether writes are to be tracked
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void enableBitmap(String name, boolean enabled) throws IOException;

    /**
     * The dirty ranges of a bitmap as {@code [offset, length]} pairs of disk bytes (each a
     * multiple of its granularity, the last cut at the disk's end).
     *
     * @param name the bitmap's name
     * @return the ranges, in offset order
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    List<long[]> dirtyRanges(String name) throws IOException;

    /**
     * {@return the disk size a bitmap covers}
     *
     * @param name the bitmap's name
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    long bitmapSize(String name) throws IOException;

    /**
     * Sets the bits of {@code target} covering the given ranges (a merge from another bitmap).
     *
     * @param target the bitmap to change
     * @param sourceSize the disk size the ranges' bitmap covers
     * @param ranges {@code [offset, length]} pairs, as {@link #dirtyRanges} gives them
     * @throws IOException as {@link io.jblock.storage.BlockIOException}: a closed node, a failed write, QEMU's refusal
     */
    void mergeInto(String target, long sourceSize, List<long[]> ranges) throws IOException;
}
