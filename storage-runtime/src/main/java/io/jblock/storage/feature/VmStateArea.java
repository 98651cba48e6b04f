package io.jblock.storage.feature;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The VM state area of an image: where an emulator saves a running machine's memory and device
 * state next to the disk, for internal snapshots (QEMU's bdrv_save_vmstate and
 * bdrv_load_vmstate; qemu-io's {@code write -b} and {@code read -b}). qcow2 keeps it after the
 * virtual disk, from the first guest offset the L1 table maps beyond the disk (QEMU's
 * qcow2_vm_state_offset), in clusters allocated like guest clusters; an internal snapshot taken
 * afterwards keeps it. Reached with {@code node.driverFeature(VmStateArea.class)} on a qcow2
 * node.
 *
 * <p>Thread-safe as the node's own requests.
 */
public interface VmStateArea {

    /**
     * {@return the guest offset where the area starts (QEMU's qcow2_vm_state_offset): the
     * virtual size rounded up to what one L2 table maps}
     */
    long vmStateOffset();

    /**
     * Writes {@code src} at {@code pos} of the area, allocating clusters (and growing the L1
     * table) as needed.
     *
     * @param pos byte position in the area, at least 0
     * @param src the bytes
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when the write fails, as
     *                     {@link io.jblock.storage.UnsupportedImageException} when the area would
     *                     need an L1 table above the format's limit
     */
    void saveVmState(long pos, MemorySegment src) throws IOException;

    /**
     * Reads {@code dst.byteSize()} bytes at {@code pos} of the area; what was never written reads
     * as zeroes.
     *
     * @param pos byte position in the area, at least 0
     * @param dst where the bytes go
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when the read fails
     */
    void loadVmState(long pos, MemorySegment dst) throws IOException;
}
