package io.jblock.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A node of the block graph (QEMU's BlockDriverState): a protocol node ({@code file}) or a
 * format node ({@code raw}, {@code qcow2}) with a {@code file} child and maybe a
 * {@code backing} child.
 *
 * <p>Requests address bytes of the node's virtual disk with {@link MemorySegment} buffers; the
 * length of a read or write is the buffer's size. Any offset, length and buffer alignment is
 * accepted: the generic layer pads and bounces requests so that the driver underneath sees only
 * requests aligned to its {@link #limits()}. Overlapping read-modify-write cycles are serialized,
 * so concurrent unaligned writes never lose each other's bytes.
 *
 * <p>Thread safety: every method may be called from many threads at once.
 *
 * <p>Durability: a completed write is stable only if the node's cache mode has writeback off,
 * the request had {@link RequestFlags#FUA}, or a later {@link #flush()} completed. With
 * {@code cache.no-flush=on} (cache=unsafe) flush does nothing.
 *
 * <p>Errors are {@link BlockIOException}s naming the node, its file and the offset.
 */
public interface BlockNode extends AutoCloseable {

    /** Name of the node (QEMU's node-name), unique in its graph. */
    String nodeName();

    /** Driver name: {@code file}, {@code raw}, {@code qcow2}. */
    String driverName();

    /** The file this node stands for, for messages: the protocol node's path. */
    String filename();

    /** Limits the driver underneath imposes; callers may ignore them (the node pads). */
    BlockLimits limits();

    /** The cache switches in effect on this node. */
    CacheSettings cacheSettings();

    /** Whether the node refuses writes. */
    boolean isReadOnly();

    /** The node's state in the migration handoff. */
    NodeState state();

    /** Children of this node, {@code file} first, then {@code backing} when present. */
    List<BlockChild> children();

    /** The child in the given role ({@code file}, {@code backing}, {@code data-file}), or null. */
    default BlockNode child(String role) {
        for (BlockChild c : children()) {
            if (c.role().equals(role)) {
                return c.node();
            }
        }
        return null;
    }

    /** Virtual size in bytes. */
    long size() throws IOException;

    /** Reads {@code dst.byteSize()} bytes at {@code offset}; past-the-end requests fail. */
    void read(long offset, MemorySegment dst) throws IOException;

    /** Writes {@code src.byteSize()} bytes at {@code offset} with {@link RequestFlags}. */
    void write(long offset, MemorySegment src, int flags) throws IOException;

    /** Writes {@code src.byteSize()} bytes at {@code offset}. */
    default void write(long offset, MemorySegment src) throws IOException {
        write(offset, src, RequestFlags.NONE);
    }

    /** Makes every completed write stable: to the OS, then to the disk. */
    void flush() throws IOException;

    /** Hints that the range is unused; it may then read as anything the format allows. */
    void discard(long offset, long length) throws IOException;

    /** Makes the range read as zeroes; {@link RequestFlags#MAY_UNMAP} allows deallocation. */
    void writeZeroes(long offset, long length, int flags) throws IOException;

    /** Changes the virtual size; growth is allocated as {@code prealloc} says. */
    void truncate(long newSize, Preallocation prealloc) throws IOException;

    /** Allocation state of a run starting at {@code offset}, at most {@code length} long. */
    BlockStatus blockStatus(long offset, long length) throws IOException;

    /**
     * Format-specific facts about the image, for {@code info} (QEMU's ImageInfoSpecific data
     * plus the cluster size), keys and value types as QEMU's JSON: for qcow2 {@code compat},
     * {@code lazy-refcounts}, {@code refcount-bits}, {@code cluster-size}, .... A fresh or
     * unmodifiable map; empty when the format has none (raw, file).
     */
    default Map<String, Object> formatSpecificInfo() throws IOException {
        return Map.of();
    }

    /**
     * Typed access to an operation only some formats offer: {@code type} is one of the interfaces
     * of {@link io.jblock.storage.feature} ({@code ImageChecker}, {@code SnapshotTable},
     * {@code CompressedWriter}, {@code CacheStatistics}); empty when the node's driver does not
     * implement it, or when {@code type} is anything else (the driver itself is never handed out).
     *
     * <p>The object returned goes through this node's checks on every call, as the node's own
     * requests do: refused once the node is closed ({@link NodeClosedException}) and counted in
     * flight for {@link #close()}; calls that change the image (a repairing check, compressed
     * writes) are refused on a read-only or inactive node ({@link ReadOnlyNodeException},
     * {@link NodeInactiveException}) and awaited by {@link #inactivate()}; offsets and lengths are
     * checked ({@link OutOfRangeException}, {@link IllegalArgumentException} for alignment) before
     * the driver sees them; compressed writes hold their range, and a check the whole node,
     * against concurrent writes through the node. Thread-safe as the node is.
     *
     * @param <T>  the feature interface
     * @param type the feature interface
     * @return the feature of this node's driver, or empty
     */
    default <T> Optional<T> driverFeature(Class<T> type) {
        return Optional.empty();
    }

    /**
     * Asynchronous {@link #read}, run on the graph's {@code aio=threads} engine (at most 64
     * worker threads, shared by the graph's nodes). The future completes with exactly the
     * exception the synchronous form would throw. The buffer must stay alive until the future
     * completes and be usable from another thread: a buffer of a confined arena fails the future
     * with {@link IllegalArgumentException}. Dependent stages run on a worker thread unless the
     * caller chooses an executor; they must not block on other requests of the same graph.
     */
    CompletableFuture<Void> readAsync(long offset, MemorySegment dst);

    /** Asynchronous {@link #write}; as {@link #readAsync} for the engine, buffer and errors. */
    CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags);

    /** Asynchronous {@link #flush}. */
    CompletableFuture<Void> flushAsync();

    /**
     * Activates an inactive node (destination of a migration): children first, every node
     * invalidates its caches (QEMU's bdrv_co_invalidate_cache), then write permissions and locks
     * are taken. Does nothing on an active node.
     */
    void activate() throws IOException;

    /**
     * Inactivates the node (source at the end of a migration): flushes, writes back metadata
     * caches and marks the image clean, then children, then releases the write lock. Later
     * writes fail with {@link NodeInactiveException}.
     */
    void inactivate() throws IOException;

    /** Closes the node and the children it owns; idempotent. */
    @Override
    void close() throws IOException;
}
