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
    L1_UPDATE, L1_GROW_ALLOC_TABLE, L1_GROW_WRITE_TABLE, L1_GROW_ACTIVATE_TABLE,
    L2_LOAD, L2_UPDATE, L2_UPDATE_COMPRESSED, L2_ALLOC_COW_READ, L2_ALLOC_WRITE,
    READ_AIO, READ_BACKING_AIO, READ_COMPRESSED, WRITE_AIO, WRITE_COMPRESSED,
    VMSTATE_LOAD, VMSTATE_SAVE, COW_READ, COW_WRITE,
    REFTABLE_LOAD, REFTABLE_GROW, REFTABLE_UPDATE,
    REFBLOCK_LOAD, REFBLOCK_UPDATE, REFBLOCK_UPDATE_PART, REFBLOCK_ALLOC, REFBLOCK_ALLOC_HOOKUP,
    REFBLOCK_ALLOC_WRITE, REFBLOCK_ALLOC_WRITE_BLOCKS, REFBLOCK_ALLOC_WRITE_TABLE, REFBLOCK_ALLOC_SWITCH_TABLE,
    CLUSTER_ALLOC, CLUSTER_ALLOC_BYTES, CLUSTER_FREE,
    FLUSH_TO_OS, FLUSH_TO_DISK,
    PWRITEV_RMW_HEAD, PWRITEV_RMW_AFTER_HEAD, PWRITEV_RMW_TAIL, PWRITEV_RMW_AFTER_TAIL,
    PWRITEV, PWRITEV_ZERO, PWRITEV_DONE,
    EMPTY_IMAGE_PREPARE, L1_SHRINK_WRITE_TABLE, L1_SHRINK_FREE_L2_CLUSTERS, COR_WRITE, CLUSTER_ALLOC_SPACE;

    private final String qemuName = name().toLowerCase(Locale.ROOT);

    /** QEMU's name of the event ({@code l2_update}, {@code refblock_alloc}, ...). */
    public String qemuName() {
        return qemuName;
    }

    /** The event with QEMU's name {@code name}, or null. */
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
     */
    public void announceTo(BlockNode node) {
        if (node instanceof DriverNode d) {
            d.announce(this);
        }
    }
}
