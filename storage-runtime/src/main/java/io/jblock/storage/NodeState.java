package io.jblock.storage;

/**
 * Lifecycle of a node in the live-migration handoff (QEMU's BDRV_O_INACTIVE).
 * Reads are allowed in every open state; writes only when {@link #ACTIVE}.
 */
public enum NodeState {
    /** Serving reads and writes; holds the write lock when opened read-write. */
    ACTIVE,
    /**
     * Opened inactive (incoming migration) or inactivated (outgoing migration finished):
     * caches may be stale, writes are refused, no write lock is held.
     */
    INACTIVE,
    /** Closed: every request is refused. */
    CLOSED
}
