package io.jblock.storage.node;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.ffm.memory.BufferPool;
import io.jblock.storage.InvalidOptionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the nodes of one graph share: the bounce-buffer pool, the {@code aio=threads} engine and
 * the set of node names. Reference counted: the opener holds one reference while it builds the
 * graph and every node holds one until it is closed; the last release closes the pool and shuts
 * the engine down.
 */
public final class GraphResources {

    /** Alignment of every bounce buffer; nodes with a larger memory alignment are refused. */
    public static final int BOUNCE_ALIGNMENT = AlignedMemory.DEFAULT_ALIGNMENT;
    /** Largest bounce buffer; larger unaligned requests are bounced in pieces of this size. */
    public static final long MAX_BOUNCE = 1 << 20;
    private static final int POOLED_PER_SIZE = 16;

    private final BufferPool pool;
    private final ThreadEngine engine;
    private final Set<String> nodeNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger references = new AtomicInteger(1);

    private GraphResources(String name) {
        this.pool = new BufferPool("jblock-bounce-" + name, BOUNCE_ALIGNMENT, MAX_BOUNCE, POOLED_PER_SIZE);
        this.engine = new ThreadEngine(this);
    }

    /**
     * New resources holding one reference (the caller's).
     *
     * @param name names the bounce pool and the engine threads
     * @return new resources holding one reference (the caller's)
     */
    public static GraphResources create(String name) {
        return new GraphResources(name);
    }

    /**
     * Takes another reference.
     *
     * @return these resources
     */
    public GraphResources retain() {
        if (references.getAndIncrement() <= 0) {
            references.getAndDecrement();
            throw new IllegalStateException("graph resources already released");
        }
        return this;
    }

    /** Gives a reference back; the last one frees the pool and stops the engine. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            engine.shutdown();
            pool.close();
        } else if (left < 0) {
            throw new IllegalStateException("graph resources released too often");
        }
    }

    /**
     * Claims a node name in this graph; QEMU's words when it is taken.
     *
     * @param name a node name
     */
    public void claimNodeName(String name) {
        if (!nodeNames.add(name)) {
            throw new InvalidOptionException("Duplicate nodes with node-name='" + name + "'", name, "node-name");
        }
    }

    /**
     * Frees a node name (its node was closed or failed to open).
     *
     * @param name a node name
     */
    public void releaseNodeName(String name) {
        nodeNames.remove(name);
    }

    BufferPool pool() {
        return pool;
    }

    ThreadEngine engine() {
        return engine;
    }
}
