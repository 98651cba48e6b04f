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
 * {@code backing} child. Obtained from {@link BlockGraph#open}; closing the root closes the graph.
 *
 * <h2>Buffers</h2>
 * Requests address bytes of the node's virtual disk with {@link MemorySegment} buffers; the
 * length of a read or write is the buffer's size. Any offset, length and buffer is accepted: the
 * generic layer pads and bounces requests so that the driver underneath sees only requests
 * aligned to its {@link #limits()}.
 * <ul>
 *   <li>Zero copy: a native segment whose address is a multiple of
 *       {@code limits().memoryAlignment()}, at an offset and of a length that are multiples of
 *       {@code limits().requestAlignment()}, goes to the driver as it is (with
 *       {@code cache=none}, straight to O_DIRECT). A buffer from a
 *       {@link io.jblock.ffm.memory.BufferPool} or
 *       {@link io.jblock.ffm.memory.AlignedMemory#allocate} (4096-aligned) always qualifies.</li>
 *   <li>Heap segments, misaligned native segments and unaligned ranges are copied through the
 *       graph's bounce buffers (at most 1 MiB at a time), with read-modify-write for the partial
 *       blocks of a write; correct, but slower.</li>
 *   <li>A read into a read-only segment is refused with
 *       {@code IllegalArgumentException("Read-only buffer")}, as {@code FileChannel.read} does.</li>
 *   <li>The synchronous forms may use any segment the calling thread can access; the
 *       asynchronous forms need one usable from another thread (a shared, global or automatic
 *       arena, or the heap) that stays alive until the future completes.</li>
 * </ul>
 *
 * <h2>Thread safety and ordering</h2>
 * Every method may be called from many threads at once. Overlapping read-modify-write cycles are
 * serialized, so concurrent unaligned writes never lose each other's bytes; otherwise requests
 * in flight together are unordered, as on a disk. {@link #close()} waits for every request in
 * flight, then refuses new ones; requests of the asynchronous forms still queued when it begins
 * fail with {@link NodeClosedException}. {@link #inactivate()} waits for every modification in
 * flight.
 *
 * <h2>Durability</h2>
 * A completed write is stable (on disk) only if the node's cache mode has writeback off
 * ({@code writethrough}, {@code directsync}), the request had {@link RequestFlags#FUA}, or a later
 * {@link #flush()} completed. With {@code cache.no-flush=on} ({@code cache=unsafe}) flush and FUA
 * do nothing. Closing an active, writable node flushes it.
 *
 * <h2>Errors</h2>
 * Failures are {@link BlockIOException}s naming the node, its file and the offset, with the errno
 * of the failed system call where there was one; the subclasses say what kind:
 * {@link OutOfRangeException} (a request outside {@code [0, size())}),
 * {@link ReadOnlyNodeException}, {@link NodeInactiveException} (migration handoff),
 * {@link NodeClosedException}, {@link CorruptImageException} (the format's metadata is bad),
 * {@link UnsupportedImageException}, {@link ImageLockedException} (another process holds the
 * image). Arguments no request could take (a negative length, a read-only buffer) are
 * {@link IllegalArgumentException}s.
 */
public interface BlockNode extends AutoCloseable {

    /**
     * Name of the node (QEMU's node-name), unique in its graph.
     *
     * @return the {@code node-name} option, or a generated {@code #blockNNN}
     */
    String nodeName();

    /**
     * Driver name.
     *
     * @return {@code file}, {@code raw}, {@code qcow2}, ...
     */
    String driverName();

    /**
     * The file this node stands for, for messages.
     *
     * @return the protocol node's path (for a format node: its file child's), or null
     */
    String filename();

    /**
     * Limits the driver underneath imposes. Callers may ignore them (the node pads and bounces);
     * requests that keep them are passed on without a copy.
     *
     * @return the limits, fixed between activations
     */
    BlockLimits limits();

    /**
     * The cache switches in effect on this node.
     *
     * @return writeback, direct and no-flush
     */
    CacheSettings cacheSettings();

    /**
     * Whether the node refuses writes.
     *
     * @return true when opened read-only
     */
    boolean isReadOnly();

    /**
     * The node's state in the migration handoff.
     *
     * @return {@link NodeState#ACTIVE}, {@link NodeState#INACTIVE} or {@link NodeState#CLOSED}
     */
    NodeState state();

    /**
     * Children of this node.
     *
     * @return {@code file} first, then {@code backing} when present, then {@code data-file}
     */
    List<BlockChild> children();

    /**
     * The child in the given role.
     *
     * @param role {@code file}, {@code backing} or {@code data-file}
     * @return the child, or null when there is none in that role
     */
    default BlockNode child(String role) {
        for (BlockChild c : children()) {
            if (c.role().equals(role)) {
                return c.node();
            }
        }
        return null;
    }

    /**
     * Virtual size in bytes.
     *
     * @return the size of the virtual disk
     * @throws NodeClosedException once the node is closed
     * @throws IOException         as {@link BlockIOException} when the driver cannot tell
     */
    long size() throws IOException;

    /**
     * Reads {@code dst.byteSize()} bytes at {@code offset}. Any offset, length and buffer (see
     * the class comment); a zero-length read does nothing.
     *
     * @param offset byte offset in the virtual disk
     * @param dst    where the bytes go; not read-only
     * @throws IllegalArgumentException {@code "Read-only buffer"} when {@code dst} is read-only
     * @throws OutOfRangeException      when {@code [offset, offset + dst.byteSize())} is not inside the node
     * @throws NodeClosedException      once the node is closed
     * @throws CorruptImageException    when the format's metadata for the range is bad
     * @throws IOException              as {@link BlockIOException} for a failed system call (errno set)
     */
    void read(long offset, MemorySegment dst) throws IOException;

    /**
     * Writes {@code src.byteSize()} bytes at {@code offset}. Stable when it returns only as the
     * class comment says (writeback off, or {@link RequestFlags#FUA}).
     *
     * @param offset byte offset in the virtual disk
     * @param src    the bytes to write
     * @param flags  {@link RequestFlags#NONE} or {@link RequestFlags#FUA}
     * @throws OutOfRangeException       when the range is not inside the node
     * @throws ReadOnlyNodeException     on a read-only node
     * @throws NodeInactiveException     on an inactive node (migration handoff)
     * @throws NodeClosedException       once the node is closed
     * @throws CorruptImageException     when the format's metadata is bad (qcow2 then refuses all writes)
     * @throws UnsupportedImageException when the write needs something the format driver lacks
     * @throws IOException               as {@link BlockIOException} for a failed system call (ENOSPC, EIO, ...)
     */
    void write(long offset, MemorySegment src, int flags) throws IOException;

    /**
     * Writes {@code src.byteSize()} bytes at {@code offset}: {@link #write(long, MemorySegment, int)}
     * without flags.
     *
     * @param offset byte offset in the virtual disk
     * @param src    the bytes to write
     * @throws IOException as {@link #write(long, MemorySegment, int)}
     */
    default void write(long offset, MemorySegment src) throws IOException {
        write(offset, src, RequestFlags.NONE);
    }

    /**
     * Makes every completed write stable: to the OS, then to the disk (fdatasync), this node's
     * driver first (qcow2 writes back its metadata caches), then its children. Nothing to do on a
     * read-only node or with {@code cache.no-flush=on}. Once a flush of the file failed, every
     * later flush fails too (Linux forgets the lost writes: QEMU's rule).
     *
     * @throws NodeClosedException once the node is closed
     * @throws IOException         as {@link BlockIOException} when a sync failed (errno set)
     */
    void flush() throws IOException;

    /**
     * Hints that the range is unused; it may then read as anything the format allows (qcow2 and
     * a file with {@code discard=unmap}: zeroes). Dropped at a node with {@code discard=ignore},
     * QEMU's default for the node you open; partial blocks at either end are left alone.
     *
     * @param offset byte offset in the virtual disk
     * @param length bytes, at least 0
     * @throws OutOfRangeException   when the range is not inside the node
     * @throws ReadOnlyNodeException on a read-only node
     * @throws NodeInactiveException on an inactive node
     * @throws NodeClosedException   once the node is closed
     * @throws IOException           as {@link BlockIOException} for a failed system call
     */
    void discard(long offset, long length) throws IOException;

    /**
     * Makes the range read as zeroes.
     *
     * @param offset byte offset in the virtual disk
     * @param length bytes, at least 0
     * @param flags  {@link RequestFlags#MAY_UNMAP} allows deallocation,
     *               {@link RequestFlags#NO_FALLBACK} refuses to write a buffer of zeroes,
     *               {@link RequestFlags#FUA}
     * @throws OutOfRangeException   when the range is not inside the node
     * @throws ReadOnlyNodeException on a read-only node
     * @throws NodeInactiveException on an inactive node
     * @throws NodeClosedException   once the node is closed
     * @throws IOException           as {@link BlockIOException}: ENOTSUP with NO_FALLBACK where the
     *                               file system cannot zero without writing, or a failed system call
     */
    void writeZeroes(long offset, long length, int flags) throws IOException;

    /**
     * Changes the virtual size; growth is allocated as {@code prealloc} says. Waits for the
     * writes in flight and keeps new ones out meanwhile.
     *
     * @param newSize  the new size in bytes
     * @param prealloc how to allocate the growth
     * @throws OutOfRangeException       for a negative size
     * @throws ReadOnlyNodeException     on a read-only node
     * @throws NodeInactiveException     on an inactive node
     * @throws NodeClosedException       once the node is closed
     * @throws UnsupportedImageException when the format cannot (qcow2: shrinking, internal snapshots)
     * @throws IOException               as {@link BlockIOException} for a failed system call
     */
    void truncate(long newSize, Preallocation prealloc) throws IOException;

    /**
     * Allocation state of the run of bytes starting at {@code offset} that share one state. The
     * run never leaves {@code [offset, size())}: a {@code length} reaching past the end (even one
     * whose end overflows a {@code long}) is cut at the end.
     *
     * @param offset byte offset in {@code [0, size())}
     * @param length most bytes to cover, at least 1
     * @return the run: {@code offset} as given, {@code length} between 1 and the queried length
     * @throws IllegalArgumentException for a length below 1
     * @throws OutOfRangeException      for a negative offset (message: "negative offset") or one at
     *                                  or past the end
     * @throws NodeClosedException      once the node is closed
     * @throws IOException              as {@link BlockIOException} (corrupt metadata, failed lseek)
     */
    BlockStatus blockStatus(long offset, long length) throws IOException;

    /**
     * Format-specific facts about the image, for {@code info} (QEMU's ImageInfoSpecific data
     * plus the cluster size), keys and value types as QEMU's JSON: for qcow2 {@code compat},
     * {@code lazy-refcounts}, {@code refcount-bits}, {@code cluster-size}, ....
     *
     * @return a fresh or unmodifiable map; empty when the format has none (raw, file)
     * @throws NodeClosedException once the node is closed
     * @throws IOException         as {@link BlockIOException}
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
     *
     * @param offset byte offset in the virtual disk
     * @param dst    where the bytes go; usable from another thread and alive until completion
     * @return a future completed when the bytes are in {@code dst}
     */
    CompletableFuture<Void> readAsync(long offset, MemorySegment dst);

    /**
     * Asynchronous {@link #write(long, MemorySegment, int)}; as {@link #readAsync} for where it
     * runs, back-pressure, the buffer and the errors.
     *
     * @param offset byte offset in the virtual disk
     * @param src    the bytes; usable from another thread and unchanged until completion
     * @param flags  {@link RequestFlags#NONE} or {@link RequestFlags#FUA}
     * @return a future completed when the write has completed
     */
    CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags);

    /**
     * Asynchronous {@link #flush}; as {@link #readAsync}.
     *
     * @return a future completed when every write completed before the call is stable
     */
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
     *
     * @param <A>        the attachment's type
     * @param offset     byte offset in the virtual disk
     * @param dst        where the bytes go; usable from another thread and alive until completion
     * @param attachment passed to the handler as it is (may be null)
     * @param handler    told once of the outcome
     */
    default <A> void readAsync(long offset, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        adapt(readAsync(offset, dst), attachment, handler);
    }

    /**
     * {@link #writeAsync(long, MemorySegment, int)} with a completion handler; as
     * {@link #readAsync(long, MemorySegment, Object, CompletionHandler)}.
     *
     * @param <A>        the attachment's type
     * @param offset     byte offset in the virtual disk
     * @param src        the bytes; usable from another thread and unchanged until completion
     * @param flags      {@link RequestFlags#NONE} or {@link RequestFlags#FUA}
     * @param attachment passed to the handler as it is (may be null)
     * @param handler    told once of the outcome
     */
    default <A> void writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                CompletionHandler<Void, ? super A> handler) {
        adapt(writeAsync(offset, src, flags), attachment, handler);
    }

    /**
     * {@link #flushAsync()} with a completion handler; as
     * {@link #readAsync(long, MemorySegment, Object, CompletionHandler)}.
     *
     * @param <A>        the attachment's type
     * @param attachment passed to the handler as it is (may be null)
     * @param handler    told once of the outcome
     */
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
     * invalidates its caches (QEMU's bdrv_co_invalidate_cache: the file's page cache is dropped,
     * qcow2 rereads its header and tables), then write permissions and locks are taken. Does
     * nothing on an active node.
     *
     * @throws NodeClosedException   once the node is closed
     * @throws ImageLockedException  when another process still holds the image
     * @throws CorruptImageException when the image changed in a way a migration cannot (qcow2)
     * @throws IOException           as {@link BlockIOException}
     */
    void activate() throws IOException;

    /**
     * Inactivates the node (source at the end of a migration): waits for the modifications in
     * flight, flushes, writes back metadata caches and marks the image clean, then inactivates
     * the children, then releases the write lock. Later writes fail with
     * {@link NodeInactiveException}; reads still work. Does nothing more on an inactive node.
     *
     * @throws NodeClosedException once the node is closed
     * @throws IOException         as {@link BlockIOException} when the flush failed
     */
    void inactivate() throws IOException;

    /**
     * Closes the node and the children it owns; idempotent. Waits for every request in flight,
     * asynchronous ones queued on the thread engine or in an io_uring ring included: they complete
     * normally; requests made once close has begun fail with {@link NodeClosedException}. Then it
     * flushes an active writable node and releases the driver, the children and the locks.
     * Afterwards every method but the identity getters throws {@link NodeClosedException}. On an
     * io_uring completion thread, where waiting would wait for that very thread, close with
     * requests still in flight throws {@link IllegalStateException} and leaves the node open.
     *
     * @throws IOException as {@link BlockIOException} when the final flush or a close failed;
     *                     the node is closed all the same
     */
    @Override
    void close() throws IOException;
}
