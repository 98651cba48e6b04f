package io.jblock.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
     * Typed access to an operation only one format offers (qcow2's check, snapshot table,
     * compressed writes): the driver underneath when it is an instance of {@code type}, else
     * empty. Nodes that have no driver to expose return empty.
     *
     * <p>Calls through a driver feature bypass this node's generic layer: no range, alignment,
     * read-only or state (inactive, closed) check, no padding, no serialisation against
     * overlapping requests, no in-flight tracking for {@link #close()} or {@link #inactivate()}.
     * Each feature method must therefore document the rules its callers keep (for example qcow2's
     * {@code writeCompressed} needs whole, unallocated clusters and exclusive use of the node
     * while it runs), and the node must stay open while the feature is used.
     */
    default <T> Optional<T> driverFeature(Class<T> type) {
        return Optional.empty();
    }

    /**
     * Asynchronous {@link #read}. The future completes with exactly the exception the
     * synchronous form would throw.
     *
     * <p>Where it runs: an aligned request (offset, length and buffer address on the node's
     * {@link #limits()}, at most {@code maxTransfer}) on a file node with {@code aio=io_uring}
     * goes straight into the node's ring, and through a {@code raw} node to such a file node;
     * every other request runs as the synchronous form on the graph's {@code aio=threads} engine
     * (at most 64 worker threads shared by the graph's nodes, the padding and bounce layer
     * included).
     *
     * <p>Back-pressure: the engine queues at most 1024 requests and a ring holds at most 256;
     * beyond that the calling thread <em>blocks</em> until there is room, uninterruptibly (a
     * request, once accepted, runs). Threads that complete requests of the graph (engine workers,
     * io_uring threads) never block there: their requests are queued beyond the bound, so that a
     * dependent stage that issues more requests cannot deadlock the engine.
     *
     * <p>Buffer: it must stay alive until the future completes and be usable from another thread:
     * a buffer of a confined arena fails the future with {@link IllegalArgumentException}, as
     * does a read-only buffer for a read. jblock keeps its own memory (bounce buffers, rings) and
     * a reference to yours until the kernel is done with it; keeping your arena open until then
     * is your part. Hence the future of a request cannot be completed or cancelled from outside:
     * {@code cancel} returns false, {@code complete}, {@code completeExceptionally},
     * {@code obtrude*} and {@code completeAsync} throw UnsupportedOperationException, and
     * {@code orTimeout}/{@code completeOnTimeout} return a dependent future that times out while
     * the request itself runs on.
     *
     * <p>Dependent stages run on the thread that completes the request (an engine worker or the
     * node's io_uring thread) unless the caller chooses an executor; they must not block on other
     * requests of the same graph. A {@code get()} or {@code join()} there, on this future or a
     * stage derived from it that is not complete yet, throws {@link IllegalStateException} saying
     * so instead of hanging the graph.
     *
     * <p>Close: {@link #close()} waits for every request accepted before it (queued on the engine
     * or in a ring) to complete normally; requests made after it fail with
     * {@link NodeClosedException}.
     */
    CompletableFuture<Void> readAsync(long offset, MemorySegment dst);

    /** Asynchronous {@link #write}; as {@link #readAsync} for where it runs, back-pressure, buffer and errors. */
    CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags);

    /** Asynchronous {@link #flush}; as {@link #readAsync}. */
    CompletableFuture<Void> flushAsync();

    /**
     * {@link #readAsync(long, MemorySegment)} with a completion handler instead of a future, as
     * {@link java.nio.channels.AsynchronousFileChannel}: exactly one of
     * {@code handler.completed(null, attachment)} and {@code handler.failed(exception,
     * attachment)} is called, on the thread that completes the request, or on the calling thread
     * before this returns when the request fails its checks or completes at once. On jblock's
     * nodes the aligned path allocates nothing per request (request slots are reused). The
     * handler must not block (see {@link #readAsync(long, MemorySegment)} for what is detected);
     * an exception it throws is logged and otherwise ignored.
     *
     * <p>The default, for other implementations, adapts the future form.
     */
    default <A> void readAsync(long offset, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        adapt(readAsync(offset, dst), attachment, handler);
    }

    /** {@link #writeAsync(long, MemorySegment, int)} with a completion handler; as {@link #readAsync(long, MemorySegment, Object, CompletionHandler)}. */
    default <A> void writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                CompletionHandler<Void, ? super A> handler) {
        adapt(writeAsync(offset, src, flags), attachment, handler);
    }

    /** {@link #flushAsync()} with a completion handler; as {@link #readAsync(long, MemorySegment, Object, CompletionHandler)}. */
    default <A> void flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        adapt(flushAsync(), attachment, handler);
    }

    private static <A> void adapt(CompletableFuture<Void> f, A attachment, CompletionHandler<Void, ? super A> handler) {
        f.whenComplete((v, e) -> {
            if (e == null) {
                handler.completed(null, attachment);
            } else {
                handler.failed(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e,
                        attachment);
            }
        });
    }

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

    /**
     * Closes the node and the children it owns; idempotent. Requests in flight (asynchronous ones
     * queued on the thread engine or in an io_uring ring included) are waited for and complete
     * normally; requests made once close has begun fail with {@link NodeClosedException}. On an
     * io_uring completion thread, where waiting would wait for that very thread, close with
     * requests still in flight throws {@link IllegalStateException} and leaves the node open.
     */
    @Override
    void close() throws IOException;
}
