package io.jblock.storage.spi;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.Map;

/**
 * What a driver implements (QEMU's BlockDriver callbacks). The generic layer guarantees that
 * every request a driver sees is inside the node, aligned to {@link #limits()} in offset, length
 * and buffer address (buffers are always native segments), every read and write at most
 * {@code maxTransfer} long, and that writes only arrive while the node is active and writable.
 * "Inside the node" means inside its size rounded up to the request alignment: when the size is
 * not a multiple of the alignment, a read may cover the last partial block and must return
 * zeroes past the size (writes there are refused by the generic layer). Discard and write-zeroes
 * are aligned but not split by {@code maxTransfer}. Drivers must accept concurrent requests;
 * overlapping writes are never in flight together with a read-modify-write of the same blocks.
 *
 * <p>Asynchronous requests: {@link #readAsync}, {@link #writeAsync} and {@link #flushAsync}
 * return {@code false} by default, and the generic layer then runs the synchronous form on the
 * graph's thread engine. A driver with a truly asynchronous path (the file driver on io_uring; a
 * format driver that maps a request and submits it to its child with the child's own
 * asynchronous forms, as raw does) overrides them and returns {@code true}: from then on it owes
 * exactly one call of the handler, on whatever thread completes the request, possibly the
 * calling thread before the method returns. The generic layer only sends requests here that
 * already satisfy every guarantee above (aligned, inside, at most {@code maxTransfer}, native
 * memory-aligned buffer; writes only while active and writable) and never sends unaligned ones
 * (those are padded on the thread engine). A driver must not block in these methods beyond
 * taking a request slot, nor in the handler's path; failures go to
 * {@link CompletionHandler#failed} as IOExceptions, never thrown. The caller keeps the buffer
 * alive until the handler has been called.
 */
public interface BlockDriver {

    /** {@return the driver's limits; fixed after open except across {@link #invalidateCache()}} */
    BlockLimits limits();

    /**
     * {@return virtual size in bytes}
     *
     * @throws IOException when the size cannot be read
     */
    long size() throws IOException;

    /**
     * Reads {@code dst.byteSize()} bytes at {@code offset} (aligned).
     *
     * @param offset byte offset in the virtual disk
     * @param dst native, aligned to the limits
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void read(long offset, MemorySegment dst) throws IOException;

    /**
     * Writes {@code src.byteSize()} bytes at {@code offset} (aligned). {@code flags} carries
     * {@link io.jblock.storage.RequestFlags#FUA} only if {@link #supportedWriteFlags()} says so.
     *
     * @param offset byte offset in the virtual disk
     * @param src native, aligned to the limits
     * @param flags {@link io.jblock.storage.RequestFlags#FUA} or none
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void write(long offset, MemorySegment src, int flags) throws IOException;

    /**
     * Starts an asynchronous {@link #read}, or returns false (the default) when the driver has
     * none, and the generic layer runs {@link #read} on its thread engine instead. See the class
     * comment for what returning true promises.
     *
     * @param offset     byte offset in the virtual disk
     * @param dst        native, aligned to the limits
     * @param <A>        the attachment's type
     * @param attachment passed to {@code handler}
     * @param handler    called exactly once when this returns true
     * @return true when the request was started (the handler will be called), false when the
     *         driver has no asynchronous form and the generic layer must run the synchronous one
     */
    default <A> boolean readAsync(long offset, MemorySegment dst, A attachment,
                                  CompletionHandler<Void, ? super A> handler) {
        return false;
    }

    /**
     * Starts an asynchronous {@link #write} ({@code flags} as there), or returns false (the
     * default): the generic layer then runs {@link #write} on its thread engine.
     *
     * @param offset     byte offset in the virtual disk
     * @param src        native, aligned to the limits
     * @param flags      {@link io.jblock.storage.RequestFlags#FUA} or none
     * @param <A>        the attachment's type
     * @param attachment passed to {@code handler}
     * @param handler    called exactly once when this returns true
     * @return true when the request was started (the handler will be called), false when the
     *         driver has no asynchronous form and the generic layer must run the synchronous one
     */
    default <A> boolean writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                   CompletionHandler<Void, ? super A> handler) {
        return false;
    }

    /**
     * Starts an asynchronous {@link #flush} of this driver's own writes (children are flushed by
     * the generic layer afterwards, as for the synchronous form), or returns false (the default):
     * the generic layer then runs the whole flush on its thread engine.
     *
     * @param <A>        the attachment's type
     * @param attachment passed to {@code handler}
     * @param handler    called exactly once when this returns true
     * @return true when the request was started (the handler will be called), false when the
     *         driver has no asynchronous form and the generic layer must run the synchronous one
     */
    default <A> boolean flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        return false;
    }

    /**
     * Write flags this driver honours itself (QEMU's supported_write_flags). The default,
     * {@link io.jblock.storage.RequestFlags#FUA}, means "a write with FUA is stable when it
     * returns" (pwritev2 RWF_DSYNC, or passing FUA to a child). A driver returning
     * {@code NONE} gets writes without FUA and the generic layer flushes the node (driver and
     * children) after each FUA write instead.
     *
     * @return the {@link io.jblock.storage.RequestFlags} the driver honours itself
     */
    default int supportedWriteFlags() {
        return io.jblock.storage.RequestFlags.FUA;
    }

    /**
     * Makes this driver's own completed writes stable: writes back its caches (qcow2 metadata)
     * and, for a protocol driver, syncs its file (fdatasync). Children are flushed by the generic
     * layer right after this returns (QEMU's flush_children), so do not flush them here unless
     * ordering inside the driver needs it. Not called when cache.no-flush is on, nor on
     * read-only nodes.
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void flush() throws IOException;

    /**
     * Discards the range (aligned).
     *
     * @param offset byte offset in the virtual disk
     * @param length bytes, at least 0
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void discard(long offset, long length) throws IOException;

    /**
     * Zeroes the range (aligned), honouring MAY_UNMAP and NO_FALLBACK.
     *
     * @param offset byte offset in the virtual disk
     * @param length bytes, at least 0
     * @param flags {@link io.jblock.storage.RequestFlags#MAY_UNMAP}, {@link io.jblock.storage.RequestFlags#NO_FALLBACK}
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void writeZeroes(long offset, long length, int flags) throws IOException;

    /**
     * Changes the size.
     *
     * @param newSize the new size in bytes
     * @param prealloc how to allocate growth
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void truncate(long newSize, Preallocation prealloc) throws IOException;

    /**
     * Allocation state of a run starting at {@code offset}.
     *
     * @param offset byte offset in the virtual disk
     * @param length most bytes to cover (aligned), at least 1
     * @return a run starting at {@code offset}, at most {@code length} long
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    BlockStatus blockStatus(long offset, long length) throws IOException;

    /**
     * Drops every cache that another process may have made stale (called on activation after
     * the children were invalidated, QEMU's bdrv_co_invalidate_cache).
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    default void invalidateCache() throws IOException {
    }

    /**
     * Makes the on-disk state complete and consistent for another process (called on
     * inactivation before the children are inactivated): write back caches, mark clean.
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    default void inactivate() throws IOException {
    }

    /**
     * Takes ({@code true}) or gives up ({@code false}) the permissions an active node needs: the
     * write lock when the node is writable, the shared (reader) lock when it is read-only. The
     * generic layer calls {@code setWritePermission(true)} right after open on every node opened
     * active and on activation, {@code false} at the end of inactivation, so an inactive node
     * holds no lock (QEMU's inactive nodes). A call that changes nothing (true while already
     * held) must succeed. Protocol drivers implement image locking here.
     *
     * @param write take ({@code true}) or give up ({@code false})
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    default void setWritePermission(boolean write) throws IOException {
    }

    /**
     * A debug event the parent node announced on this node ({@link DebugEvent#announceTo}),
     * QEMU's bdrv_debug_event: fault-injection filters act on it; other drivers ignore it (the
     * default). Runs on the announcing thread, often under the parent's metadata lock, so it
     * must not block or issue requests.
     *
     * @param event what the parent is about to do
     */
    default void debugEvent(DebugEvent event) {
    }

    /** {@return the children the driver opened} */
    List<BlockChild> children();

    /**
     * Format-specific facts for {@code info} (QEMU's format-specific data), keys as QEMU's.
     *
     * @return the facts, keys as QEMU's JSON; empty when there are none
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    default Map<String, Object> formatSpecificInfo() throws IOException {
        return Map.of();
    }

    /**
     * Releases what the driver holds; children are closed by the generic layer afterwards.
     * Before this, the generic layer has waited for every request and, for an active writable
     * node without no-flush, called {@link #flush()} (as QEMU's bdrv_close).
     *
     * @throws IOException as {@link io.jblock.storage.BlockIOException} when it fails
     */
    void close() throws IOException;
}
