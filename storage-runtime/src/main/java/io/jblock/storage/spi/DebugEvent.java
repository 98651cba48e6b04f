package io.jblock.storage.spi;

import io.jblock.storage.BlockNode;
import io.jblock.storage.node.DriverNode;
import java.util.Locale;

/**
 * Points in a format driver's work that it announces to its child (QEMU's BlkdebugEvent and
 * BLKDBG_EVENT): a fault-injection filter under the format node ({@code blkdebug}) can fail the
 * next request after an event, or count events. Names are QEMU's ({@link #qemuName()}), so
 * blkdebug rules written for QEMU name the same points.
 *
 * <p>Announcing is cheap when nothing listens: a driver that does not override
 * {@link BlockDriver#debugEvent} ignores it.
 */
public enum DebugEvent {
    /** {@code l1_update}: an L1 table entry is about to be written. */
    L1_UPDATE,
    /** {@code l1_grow_alloc_table}: space for a larger L1 table is being allocated. */
    L1_GROW_ALLOC_TABLE,
    /** {@code l1_grow_write_table}: the larger L1 table is being written. */
    L1_GROW_WRITE_TABLE,
    /** {@code l1_grow_activate_table}: the header is being switched to the larger L1 table. */
    L1_GROW_ACTIVATE_TABLE,
    /** {@code l2_load}: an L2 table is being read from the file. */
    L2_LOAD,
    /** {@code l2_update}: an L2 table (slice) is being written. */
    L2_UPDATE,
    /** {@code l2_update_compressed}: an L2 entry of a compressed cluster is being written. */
    L2_UPDATE_COMPRESSED,
    /** {@code l2_alloc_cow_read}: a new L2 table copies a shared one, which is being read. */
    L2_ALLOC_COW_READ,
    /** {@code l2_alloc_write}: a new L2 table is being written. */
    L2_ALLOC_WRITE,
    /** {@code read_aio}: guest data is being read from the file. */
    READ_AIO,
    /** {@code read_backing_aio}: guest data is being read from the backing file. */
    READ_BACKING_AIO,
    /** {@code read_compressed}: a compressed cluster is being read. */
    READ_COMPRESSED,
    /** {@code write_aio}: guest data is being written to the file. */
    WRITE_AIO,
    /** {@code write_compressed}: a compressed cluster is being written. */
    WRITE_COMPRESSED,
    /** {@code vmstate_load}: saved VM state is being read. */
    VMSTATE_LOAD,
    /** {@code vmstate_save}: VM state is being saved. */
    VMSTATE_SAVE,
    /** {@code cow_read}: copy-on-write: the unchanged part of a cluster is being read. */
    COW_READ,
    /** {@code cow_write}: copy-on-write: the unchanged part is being written to the new cluster. */
    COW_WRITE,
    /** {@code reftable_load}: the refcount table is being read. */
    REFTABLE_LOAD,
    /** {@code reftable_grow}: the refcount table is being grown. */
    REFTABLE_GROW,
    /** {@code reftable_update}: a refcount table entry is being written. */
    REFTABLE_UPDATE,
    /** {@code refblock_load}: a refcount block is being read. */
    REFBLOCK_LOAD,
    /** {@code refblock_update}: a refcount block is being written. */
    REFBLOCK_UPDATE,
    /** {@code refblock_update_part}: part of a refcount block is being written. */
    REFBLOCK_UPDATE_PART,
    /** {@code refblock_alloc}: a refcount block is being allocated. */
    REFBLOCK_ALLOC,
    /** {@code refblock_alloc_hookup}: a new refcount block is being hooked into the refcount table. */
    REFBLOCK_ALLOC_HOOKUP,
    /** {@code refblock_alloc_write}: a new refcount block is being written. */
    REFBLOCK_ALLOC_WRITE,
    /** {@code refblock_alloc_write_blocks}: the refcount blocks covering a grown refcount table are being written. */
    REFBLOCK_ALLOC_WRITE_BLOCKS,
    /** {@code refblock_alloc_write_table}: the grown refcount table is being written. */
    REFBLOCK_ALLOC_WRITE_TABLE,
    /** {@code refblock_alloc_switch_table}: the header is being switched to the grown refcount table. */
    REFBLOCK_ALLOC_SWITCH_TABLE,
    /** {@code cluster_alloc}: clusters are being allocated. */
    CLUSTER_ALLOC,
    /** {@code cluster_alloc_bytes}: bytes inside a cluster are being allocated (compressed data). */
    CLUSTER_ALLOC_BYTES,
    /** {@code cluster_free}: clusters are being freed. */
    CLUSTER_FREE,
    /** {@code flush_to_os}: a flush to the operating system begins. */
    FLUSH_TO_OS,
    /** {@code flush_to_disk}: a flush to the disk begins. */
    FLUSH_TO_DISK,
    /** {@code pwritev_rmw_head}: a read-modify-write is reading the head of a write. */
    PWRITEV_RMW_HEAD,
    /** {@code pwritev_rmw_after_head}: a read-modify-write has read the head of a write. */
    PWRITEV_RMW_AFTER_HEAD,
    /** {@code pwritev_rmw_tail}: a read-modify-write is reading the tail of a write. */
    PWRITEV_RMW_TAIL,
    /** {@code pwritev_rmw_after_tail}: a read-modify-write has read the tail of a write. */
    PWRITEV_RMW_AFTER_TAIL,
    /** {@code pwritev}: a write starts in the generic layer. */
    PWRITEV,
    /** {@code pwritev_zero}: a write-zeroes starts in the generic layer. */
    PWRITEV_ZERO,
    /** {@code pwritev_done}: a write is done in the generic layer. */
    PWRITEV_DONE,
    /** {@code empty_image_prepare}: an image is being emptied. */
    EMPTY_IMAGE_PREPARE,
    /** {@code l1_shrink_write_table}: a shrunk L1 table is being written. */
    L1_SHRINK_WRITE_TABLE,
    /** {@code l1_shrink_free_l2_clusters}: the L2 tables a shrink dropped are being freed. */
    L1_SHRINK_FREE_L2_CLUSTERS,
    /** {@code cor_write}: copy-on-read is writing data read from the backing file. */
    COR_WRITE,
    /** {@code cluster_alloc_space}: space for new clusters is being allocated (preallocation). */
    CLUSTER_ALLOC_SPACE;

    private final String qemuName = name().toLowerCase(Locale.ROOT);

    /** {@return QEMU's name of the event ({@code l2_update}, {@code refblock_alloc}, ...)} */
    public String qemuName() {
        return qemuName;
    }

    /**
     * {@return the event with QEMU's name {@code name}, or null}
     *
     * @param name QEMU's name, e.g. {@code l2_update}
     */
    public static DebugEvent ofQemuName(String name) {
        for (DebugEvent e : values()) {
            if (e.qemuName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Announces this event to {@code node} (a format driver's child): its driver's
     * {@link BlockDriver#debugEvent} runs on the caller's thread. Nodes that are not jblock
     * driver nodes, and null, ignore it.
     *
     * @param node the child the event concerns, or null
     */
    public void announceTo(BlockNode node) {
        if (node instanceof DriverNode d) {
            d.announce(this);
        }
    }
}
