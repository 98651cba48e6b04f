package io.jblock.storage.node;

import io.jblock.ffm.Errno;
import io.jblock.ffm.uring.IoUring;
import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.NodeClosedException;
import io.jblock.storage.NodeInactiveException;
import io.jblock.storage.NodeState;
import io.jblock.storage.OutOfRangeException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.ReadOnlyNodeException;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriver;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic layer of a node (QEMU's block/io.c around one BlockDriverState): checks state,
 * permissions and range, pads and bounces requests to the driver's limits
 * ({@link RequestPadding}), serialises overlapping read-modify-writes ({@link RangeLocks}),
 * applies the cache switches that belong to the generic layer, runs the asynchronous forms on
 * the graph's {@link ThreadEngine}, and orders activation, inactivation and close across the
 * graph.
 *
 * <p>Cache semantics here: {@code cache.no-flush=on} makes {@link #flush()} skip the driver
 * (children are still asked, each with its own setting) and drops {@link RequestFlags#FUA};
 * otherwise FUA is passed to a driver that declares it in
 * {@link BlockDriver#supportedWriteFlags()}, and emulated with a flush of this node and its
 * children after the write for one that does not. {@code cache.writeback=off} and
 * {@code cache.direct} are the protocol driver's business (O_DSYNC, O_DIRECT).
 * Caches are invalidated only on {@link #activate()}. With {@code discard=ignore} discards
 * (after their checks) and MAY_UNMAP stop at this node, as in QEMU.
 *
 * <p>Ordering: close waits for every request in flight; inactivate waits for every
 * modification in flight; read-modify-writes exclude overlapping writes (see {@link RangeLocks}).
 *
 * <p>Asynchronous forms: a request is checked (state, range, buffer) on the calling thread and
 * counted in flight from then on, so {@link #close()} waits for it whether it is queued on the
 * engine or in the driver. An aligned read or write whose buffer the driver can use as it is
 * (and, for a write, whose range no read-modify-write holds) is offered to the driver's
 * asynchronous form ({@link BlockDriver#readAsync}); if the driver has none, or the request
 * needs padding, bouncing or splitting, the engine runs the synchronous path. Requests are
 * {@link AsyncRequest}s from a per-node pool; the future form adds a {@link NodeFuture}.
 */
public final class DriverNode implements BlockNode {

    /** Never started: a thread that owns no arena, to test whether a buffer is confined. */
    private static final Thread FOREIGN_THREAD = new Thread(() -> { }, "jblock-confinement-probe");
    private static final Logger LOG = LoggerFactory.getLogger(DriverNode.class);
    /** Requests kept for reuse at most; more in flight at once are allocated and dropped after. */
    private static final int POOLED_REQUESTS = 512;

    /** Completes a request's {@link NodeFuture}. */
    private static final CompletionHandler<Void, NodeFuture<Void>> FUTURE = new CompletionHandler<>() {
        @Override
        public void completed(Void result, NodeFuture<Void> f) {
            f.finish(null);
        }

        @Override
        public void failed(Throwable e, NodeFuture<Void> f) {
            f.finishExceptionally(e);
        }
    };

    private final String nodeName;
    private final String driverName;
    private final String filename;
    private final BlockDriver driver;
    private final CacheSettings cache;
    private final boolean readOnly;
    private final boolean discardUnmap;
    private final List<BlockNode> ownedChildren;
    private final GraphResources resources;
    private final NodeErrors errors;
    private final RangeLocks locks = new RangeLocks();
    private final InFlightRequests requests = new InFlightRequests();
    private final InFlightRequests modifications = new InFlightRequests();
    /** Completion handlers running now: close() waits for them too (its futures are done when it returns). */
    private final InFlightRequests handlers = new InFlightRequests();
    private final boolean driverFua;
    private final ProbedRawGuard probedRawGuard;
    private final Object lifecycle = new Object();
    private volatile BlockLimits limits;
    private volatile RequestPadding padding;
    private volatile NodeState state;
    private volatile long size;
    private volatile boolean serializeReadModifyWrite = true;
    private final AsyncRequest[] pool = new AsyncRequest[POOLED_REQUESTS];
    private int pooled; // guarded by pool

    private DriverNode(NodeSettings settings, BlockDriver driver, List<BlockNode> ownedChildren,
                       GraphResources resources, long size, ProbedRawGuard probedRawGuard) throws BlockIOException {
        this.nodeName = settings.nodeName();
        this.driverName = settings.driverName();
        this.filename = settings.filename();
        this.driver = driver;
        this.cache = settings.cache();
        this.readOnly = settings.readOnly();
        this.discardUnmap = settings.discardUnmap();
        this.ownedChildren = List.copyOf(ownedChildren);
        this.errors = new NodeErrors(nodeName, filename);
        this.driverFua = (driver.supportedWriteFlags() & RequestFlags.FUA) != 0;
        this.size = size;
        this.state = settings.inactive() ? NodeState.INACTIVE : NodeState.ACTIVE;
        this.resources = resources;
        this.probedRawGuard = probedRawGuard;
        applyLimits(driver.limits());
    }

    /**
     * Wraps an opened driver. Calls {@code setWritePermission(true)} when the node is active
     * (drivers must accept it right after open). On failure nothing is released: the caller
     * closes the driver and the children.
     *
     * @param ownedChildren  children this node closes after its driver
     * @param resources      the graph's resources; a reference is taken only on success
     * @param probedRawGuard set when probing guessed raw for this node, else null
     * @param settings what the opener decided about the node
     * @param driver the opened driver
     * @return the node
     * @throws IOException when the driver cannot report its size or take its write permission
     */
    public static DriverNode open(NodeSettings settings, BlockDriver driver, List<BlockNode> ownedChildren,
                                  GraphResources resources, ProbedRawGuard probedRawGuard) throws IOException {
        NodeErrors errors = new NodeErrors(settings.nodeName(), settings.filename());
        long size;
        try {
            size = driver.size();
            if (!settings.inactive()) {
                driver.setWritePermission(true);
            }
        } catch (IOException e) {
            throw errors.wrap("open", -1, e);
        }
        DriverNode node = new DriverNode(settings, driver, ownedChildren, resources, size, probedRawGuard);
        resources.retain();
        return node;
    }

    private void applyLimits(BlockLimits l) throws BlockIOException {
        if (l.memoryAlignment() > GraphResources.BOUNCE_ALIGNMENT) {
            throw errors.failure("memory alignment " + l.memoryAlignment() + " is larger than the "
                    + GraphResources.BOUNCE_ALIGNMENT + " bytes bounce buffers are aligned to (not supported)", -1, 0);
        }
        if (l.requestAlignment() > GraphResources.MAX_BOUNCE) {
            throw errors.failure("request alignment " + l.requestAlignment() + " is larger than the largest "
                    + "bounce buffer (" + GraphResources.MAX_BOUNCE + " bytes; not supported)", -1, 0);
        }
        this.limits = l;
        // a protocol driver reads short at its end by itself (O_DIRECT needs the aligned length);
        // a driver over child nodes would ask a child past its end: its padding is cut at the size
        this.padding = new RequestPadding(driver, l, resources.pool(), GraphResources.MAX_BOUNCE, locks, errors,
                driver.children().isEmpty() ? null : () -> size);
    }

    // ---------------------------------------------------------------- identity

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public String driverName() {
        return driverName;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public BlockLimits limits() {
        return limits;
    }

    @Override
    public CacheSettings cacheSettings() {
        return cache;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public NodeState state() {
        return state;
    }

    @Override
    public List<BlockChild> children() {
        return driver.children();
    }

    /** {@return the driver underneath (for drivers of the same graph and tests)} */
    public BlockDriver driver() {
        return driver;
    }

    @Override
    public String toString() {
        return "node '" + nodeName + "' (" + driverName + (filename == null ? "" : ", " + filename) + ")";
    }

    // ---------------------------------------------------------------- checks

    private NodeClosedException closed(String op, long offset) {
        return new NodeClosedException(op + " refused: the node is closed", nodeName, filename, offset);
    }

    /** Enters a request (refused once the node is closed); leave with {@link #exitRequest()}. */
    void enterRequest(String op, long offset) throws NodeClosedException {
        if (!requests.enter()) {
            throw closed(op, offset);
        }
    }

    /** Leaves a request entered with {@link #enterRequest}. */
    void exitRequest() {
        requests.exit();
    }

    /** Enters a request that modifies the node: open, writable and active, in that order. */
    void enterModification(String op, long offset) throws BlockIOException {
        enterRequest(op, offset);
        modifications.enter();
        if (readOnly) {
            exitModification();
            throw new ReadOnlyNodeException(op + " refused: the node is read-only", nodeName, filename, offset);
        }
        NodeState s = state; // read after entering, so inactivate() either waits for us or we see it
        if (s != NodeState.ACTIVE) {
            exitModification();
            if (s == NodeState.CLOSED) {
                throw closed(op, offset);
            }
            throw new NodeInactiveException(op + " refused: the node is inactive (migration handoff);"
                    + " activate it first", nodeName, filename, offset);
        }
    }

    /** Leaves a modification entered with {@link #enterModification}. */
    void exitModification() {
        modifications.exit();
        requests.exit();
    }

    /** Refuses a negative length, a negative offset and a range past the end, as every request. */
    void checkRange(String op, long offset, long length) throws OutOfRangeException {
        long s = size;
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (offset < 0) {
            throw new OutOfRangeException(op + " at a negative offset", nodeName, filename, offset);
        }
        if (offset > s || length > s - offset) {
            throw new OutOfRangeException(op + " of " + length + " bytes reaches past the end of the node (size "
                    + s + ")", nodeName, filename, offset);
        }
    }

    /** A padded write must not extend a node whose size is not a multiple of the alignment. */
    private void checkPaddedEnd(String op, long offset, long length) throws BlockIOException {
        RequestPadding p = padding;
        long s = size;
        if (p.up(offset + length) > s) {
            throw errors.failure(op + " would pad past the end of the node: its size " + s
                    + " is not a multiple of its request alignment " + p.alignment()
                    + " (writing its last partial block is not supported; try cache.direct=off)", offset, 0);
        }
    }

    /** cache=unsafe (no-flush) promises nothing, so FUA is dropped with the flushes. */
    private int effectiveFlags(int flags) {
        return cache.noFlush() ? flags & ~RequestFlags.FUA : flags;
    }

    // ---------------------------------------------------------------- requests

    @Override
    public long size() throws IOException {
        if (state == NodeState.CLOSED) {
            throw closed("size", -1);
        }
        return size;
    }

    @Override
    public void read(long offset, MemorySegment dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer"); // as FileChannel.read, on every path
        }
        enterRequest("read", offset);
        try {
            checkRange("read", offset, dst.byteSize());
            if (dst.byteSize() > 0) {
                padding.read(offset, dst);
            }
        } finally {
            requests.exit();
        }
    }

    @Override
    public void write(long offset, MemorySegment src, int flags) throws IOException {
        enterModification("write", offset);
        try {
            if (checkWrite(offset, src)) {
                writeChecked(offset, src, flags, null);
            }
        } finally {
            exitModification();
        }
    }

    /** The checks of a write after entering: range, padded end, probed-raw guard. False: nothing to write. */
    private boolean checkWrite(long offset, MemorySegment src) throws IOException {
        long len = src.byteSize();
        checkRange("write", offset, len);
        if (len == 0) {
            return false;
        }
        checkPaddedEnd("write", offset, len);
        if (probedRawGuard != null) {
            probedRawGuard.check(padding, size, offset, src, errors);
        }
        return true;
    }

    /**
     * A checked write: padded and bounced as needed, FUA emulated with a flush for drivers
     * without it. {@code range}: a released range object an aligned write may register, or null.
     */
    private void writeChecked(long offset, MemorySegment src, int flags, RangeLocks.Range range) throws IOException {
        int f = effectiveFlags(flags) & RequestFlags.FUA;
        padding.write(offset, src, driverFua ? f : RequestFlags.NONE, serializeReadModifyWrite, range);
        if (f != 0 && !driverFua) {
            flushTree();
        }
    }

    @Override
    public void flush() throws IOException {
        enterRequest("flush", -1);
        try {
            flushTree();
        } finally {
            requests.exit();
        }
    }

    /**
     * QEMU's bdrv_co_flush: this node's driver unless no-flush, then the writable children,
     * each with its own cache settings. Read-only nodes have nothing to flush.
     */
    private void flushTree() throws IOException {
        if (readOnly) {
            return;
        }
        if (!cache.noFlush()) {
            try {
                driver.flush();
            } catch (IOException e) {
                throw errors.wrap("flush", -1, e);
            }
        }
        for (BlockChild c : driver.children()) {
            c.node().flush();
        }
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        enterModification("discard", offset);
        try {
            checkRange("discard", offset, length);
            if (length > 0 && discardUnmap) { // discard=ignore drops it here, as QEMU's bdrv_co_pdiscard
                padding.discard(offset, length);
            }
        } finally {
            exitModification();
        }
    }

    @Override
    public void writeZeroes(long offset, long length, int flags) throws IOException {
        enterModification("write-zeroes", offset);
        try {
            checkRange("write-zeroes", offset, length);
            if (length == 0) {
                return;
            }
            checkPaddedEnd("write-zeroes", offset, length);
            int f = effectiveFlags(flags);
            if (!discardUnmap) {
                f &= ~RequestFlags.MAY_UNMAP; // discard=ignore: zeroes must stay allocated
            }
            RequestPadding p = padding;
            boolean unaligned = p.down(offset) != offset || p.up(offset + length) != offset + length;
            if (unaligned && (f & RequestFlags.NO_FALLBACK) != 0) {
                throw errors.failure("write-zeroes with NO_FALLBACK cannot pad a range that is not aligned to "
                        + p.alignment() + " bytes", offset, Errno.ENOTSUP);
            }
            p.writeZeroes(offset, length, f & (RequestFlags.MAY_UNMAP | RequestFlags.NO_FALLBACK),
                    RequestFlags.NONE, serializeReadModifyWrite);
            if ((f & RequestFlags.FUA) != 0) {
                flushTree(); // write-zeroes carries no FUA to the driver
            }
        } finally {
            exitModification();
        }
    }

    @Override
    public void truncate(long newSize, Preallocation prealloc) throws IOException {
        enterModification("truncate", newSize);
        try {
            if (newSize < 0) {
                throw new OutOfRangeException("truncate to a negative size", nodeName, filename, newSize);
            }
            // waits for every in-flight write and keeps new ones out while the size changes
            RangeLocks.Range r = locks.acquire(0, Long.MAX_VALUE, true);
            try {
                driver.truncate(newSize, prealloc);
                size = driver.size();
            } catch (IOException e) {
                try {
                    size = driver.size(); // a failed resize may have happened after all: the driver knows
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw errors.wrap("truncate", newSize, e);
            } finally {
                locks.release(r);
            }
        } finally {
            exitModification();
        }
    }

    @Override
    public BlockStatus blockStatus(long offset, long length) throws IOException {
        enterRequest("block-status", offset);
        try {
            if (offset < 0) {
                throw new OutOfRangeException("block-status at a negative offset", nodeName, filename, offset);
            }
            if (length < 1) {
                throw new IllegalArgumentException("block-status length must be positive: " + length);
            }
            long s = size;
            if (offset >= s) {
                throw new OutOfRangeException("block-status at or past the end of the node (size " + s + ")",
                        nodeName, filename, offset);
            }
            // a run never leaves [offset, size), however long the query (offset + length may overflow)
            return padding.blockStatus(offset, Math.min(length, s - offset), s);
        } finally {
            requests.exit();
        }
    }

    /** The driver's {@link BlockDriver#formatSpecificInfo()}, refused once the node is closed. */
    @Override
    public Map<String, Object> formatSpecificInfo() throws IOException {
        enterRequest("format-specific-info", -1);
        try {
            return driver.formatSpecificInfo();
        } catch (IOException e) {
            throw errors.wrap("format-specific-info", -1, e);
        } finally {
            requests.exit();
        }
    }

    /**
     * The driver's implementation of {@code type} when {@code type} is one of the feature
     * interfaces of {@code io.jblock.storage.feature} and the driver implements it, behind an
     * adaptor that checks this node first ({@link NodeFeatures}); the driver itself (or any other
     * type it has) is never handed out.
     */
    @Override
    public <T> Optional<T> driverFeature(Class<T> type) {
        boolean feature = type.isInterface() && type.getPackageName().equals(FEATURE_PACKAGE);
        return feature && type.isInstance(driver) ? NodeFeatures.of(this, driver, type) : Optional.empty();
    }

    /** The node's range locks (feature adaptors serialise against guest writes with them). */
    RangeLocks locks() {
        return locks;
    }

    /** The node's exception builder. */
    NodeErrors errors() {
        return errors;
    }

    private static final String FEATURE_PACKAGE = io.jblock.storage.feature.ImageChecker.class.getPackageName();

    /**
     * Hands a debug event to the driver ({@link io.jblock.storage.spi.DebugEvent#announceTo}).
     *
     * @param event the event
     */
    public void announce(io.jblock.storage.spi.DebugEvent event) {
        driver.debugEvent(event);
    }

    // ---------------------------------------------------------------- asynchronous forms

    @Override
    public CompletableFuture<Void> readAsync(long offset, MemorySegment dst) {
        NodeFuture<Void> f = new NodeFuture<>(resources, true);
        readAsync(offset, dst, f, FUTURE);
        return f;
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        NodeFuture<Void> f = new NodeFuture<>(resources, true);
        writeAsync(offset, src, flags, f, FUTURE);
        return f;
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        NodeFuture<Void> f = new NodeFuture<>(resources, true);
        flushAsync(f, FUTURE);
        return f;
    }

    @Override
    public <A> void readAsync(long offset, MemorySegment dst, A attachment, CompletionHandler<Void, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        IllegalArgumentException bad = asyncBufferProblem("read", dst, true);
        if (bad != null) {
            handler.failed(bad, attachment);
            return;
        }
        if (!requests.enter()) {
            handler.failed(closed("read", offset), attachment);
            return;
        }
        long len = dst.byteSize();
        try {
            checkRange("read", offset, len);
        } catch (OutOfRangeException | IllegalArgumentException e) {
            requests.exit();
            handler.failed(e, attachment);
            return;
        }
        if (len == 0) {
            requests.exit();
            handler.completed(null, attachment);
            return;
        }
        AsyncRequest r = take(AsyncRequest.READ, offset, dst, 0, attachment, handler);
        if (padding.direct(offset, dst)) {
            r.phase = AsyncRequest.PHASE_DRIVER;
            boolean started;
            try {
                started = driver.readAsync(offset, dst, r, AsyncRequest.DRIVER_DONE);
            } catch (RuntimeException e) {
                finish(r, e); // a driver must not throw here: report it on this request
                return;
            }
            if (started) {
                return; // r may be recycled already
            }
        }
        toEngine(r);
    }

    @Override
    public <A> void writeAsync(long offset, MemorySegment src, int flags, A attachment,
                               CompletionHandler<Void, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        IllegalArgumentException bad = asyncBufferProblem("write", src, false);
        if (bad != null) {
            handler.failed(bad, attachment);
            return;
        }
        try {
            enterModification("write", offset);
        } catch (BlockIOException e) {
            handler.failed(e, attachment);
            return;
        }
        try {
            if (!checkWrite(offset, src)) {
                exitModification();
                handler.completed(null, attachment);
                return;
            }
        } catch (IOException | IllegalArgumentException e) {
            exitModification();
            handler.failed(e, attachment);
            return;
        }
        AsyncRequest r = take(AsyncRequest.WRITE, offset, src, flags, attachment, handler);
        r.modification = true;
        int f = effectiveFlags(flags) & RequestFlags.FUA;
        if ((f == 0 || driverFua) && padding.direct(offset, src)
                && locks.tryAcquireShared(r.range, offset, offset + src.byteSize())) {
            r.rangeHeld = true;
            r.phase = AsyncRequest.PHASE_DRIVER;
            boolean started;
            try {
                started = driver.writeAsync(offset, src, f, r, AsyncRequest.DRIVER_DONE);
            } catch (RuntimeException e) {
                finish(r, e);
                return;
            }
            if (started) {
                return;
            }
            locks.release(r.range);
            r.rangeHeld = false;
        }
        toEngine(r);
    }

    @Override
    public <A> void flushAsync(A attachment, CompletionHandler<Void, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        if (!requests.enter()) {
            handler.failed(closed("flush", -1), attachment);
            return;
        }
        if (readOnly) {
            requests.exit();
            handler.completed(null, attachment);
            return;
        }
        AsyncRequest r = take(AsyncRequest.FLUSH, -1, null, 0, attachment, handler);
        if (cache.noFlush()) {
            flushChildren(r, 0);
            return;
        }
        r.phase = AsyncRequest.PHASE_DRIVER;
        boolean started;
        try {
            started = driver.flushAsync(r, AsyncRequest.DRIVER_DONE);
        } catch (RuntimeException e) {
            finish(r, e);
            return;
        }
        if (!started) {
            toEngine(r);
        }
    }

    /** Why a buffer cannot be used asynchronously, or null. */
    private IllegalArgumentException asyncBufferProblem(String op, MemorySegment buffer, boolean read) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isAccessibleBy(FOREIGN_THREAD)) {
            return new IllegalArgumentException(op + " on " + this + ": the buffer belongs to a "
                    + "confined arena; asynchronous requests need a buffer of a shared, global or automatic arena");
        }
        if (read && buffer.isReadOnly()) {
            return new IllegalArgumentException("Read-only buffer"); // as FileChannel.read (and the sync form)
        }
        return null;
    }

    private AsyncRequest take(int op, long offset, MemorySegment buffer, int flags, Object attachment,
                              CompletionHandler<?, ?> handler) {
        AsyncRequest r = null;
        synchronized (pool) {
            if (pooled > 0) {
                r = pool[--pooled];
                pool[pooled] = null;
            }
        }
        if (r == null) {
            r = new AsyncRequest(this);
        }
        r.set(op, offset, buffer, flags, attachment, handler);
        return r;
    }

    private void recycle(AsyncRequest r) {
        r.clear();
        synchronized (pool) {
            if (pooled < pool.length) {
                pool[pooled++] = r;
            }
        }
    }

    private void toEngine(AsyncRequest r) {
        r.phase = 0;
        if (!resources.engine().submit(r)) {
            finish(r, closed(r.opName(), r.offset)); // the graph is gone (cannot happen while we are open)
        }
    }

    /** The synchronous path of an asynchronous request, on an engine worker; checks were done. */
    void runSynchronously(AsyncRequest r) {
        Throwable failure = null;
        try {
            switch (r.op) {
                case AsyncRequest.READ -> padding.read(r.offset, r.buffer);
                case AsyncRequest.WRITE -> writeChecked(r.offset, r.buffer, r.flags, r.range);
                default -> flushTree();
            }
        } catch (Throwable t) {
            failure = t;
        }
        finish(r, failure);
    }

    /** The driver's asynchronous form completed (or failed) {@code r}. */
    void driverDone(AsyncRequest r, Throwable failure) {
        if (failure != null) {
            finish(r, failure instanceof IOException io
                    ? errors.wrap(r.opName(), r.op == AsyncRequest.FLUSH ? -1 : r.offset, io) : failure);
            return;
        }
        if (r.op == AsyncRequest.FLUSH) {
            flushChildren(r, 0);
            return;
        }
        finish(r, null);
    }

    /** The asynchronous flush of the children from {@code index} on, one after the other (QEMU's order). */
    void flushChildren(AsyncRequest r, int index) {
        List<BlockChild> children = driver.children();
        if (index >= children.size()) {
            finish(r, null);
            return;
        }
        r.phase = AsyncRequest.PHASE_CHILDREN;
        r.child = index;
        children.get(index).node().flushAsync(r, AsyncRequest.CHILD_DONE);
    }

    /**
     * Ends {@code r}: releases what it holds, leaves the in-flight counts (so that a handler may
     * close the node), recycles it, then calls the caller's handler marked as serving this graph.
     */
    void finish(AsyncRequest r, Throwable failure) {
        if (r.rangeHeld) {
            locks.release(r.range);
            r.rangeHeld = false;
        }
        if (r.modification) {
            modifications.exit();
        }
        handlers.enter(); // before leaving the request count, so that close() cannot slip in between
        requests.exit();
        if (!HandlerNesting.tryEnter()) {
            // too many handlers nested on this thread (requests completing as they are submitted,
            // each handler submitting the next): run this one on the engine, on a fresh stack
            r.phase = AsyncRequest.PHASE_HANDLER;
            r.failure = failure;
            if (resources.engine().submit(r)) {
                return;
            }
            HandlerNesting.enter(); // the engine is gone: nowhere else to run it
        }
        try {
            callHandler(r, failure);
        } finally {
            HandlerNesting.exit();
        }
    }

    /** On an engine worker: the handler {@link #finish} handed off. */
    void runHandedOffHandler(AsyncRequest r) {
        HandlerNesting.enter();
        try {
            callHandler(r, r.failure);
        } finally {
            HandlerNesting.exit();
        }
    }

    /** Recycles {@code r} and calls its handler, marked as serving this graph. */
    private void callHandler(AsyncRequest r, Throwable failure) {
        Object attachment = r.attachment;
        CompletionHandler<Void, Object> handler = r.handler;
        recycle(r);
        Object previous = RequestThreads.enter(resources);
        try {
            if (failure == null) {
                handler.completed(null, attachment);
            } else {
                handler.failed(failure, attachment);
            }
        } catch (Throwable t) {
            LOG.warn("the completion handler of a request on {} threw", this, t);
        } finally {
            RequestThreads.leave(resources, previous);
            handlers.exit();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void activate() throws IOException {
        synchronized (lifecycle) {
            if (state == NodeState.CLOSED) {
                throw closed("activate", -1);
            }
            for (BlockChild c : driver.children()) {
                c.node().activate(); // bottom-up: children are valid before we re-read through them
            }
            if (state == NodeState.ACTIVE) {
                return;
            }
            try {
                driver.invalidateCache();
                applyLimits(driver.limits());
                size = driver.size();
                driver.setWritePermission(true);
            } catch (IOException e) {
                throw errors.wrap("activate", -1, e);
            }
            state = NodeState.ACTIVE;
        }
    }

    @Override
    public void inactivate() throws IOException {
        synchronized (lifecycle) {
            if (state == NodeState.CLOSED) {
                throw closed("inactivate", -1);
            }
            boolean wasActive = state == NodeState.ACTIVE;
            if (wasActive && modifications.count() > 0 && IoUring.onRingThread()) {
                throw new IllegalStateException(RequestThreads.why("inactivate() of " + this + " while "
                        + modifications.count() + " writes are in flight"));
            }
            if (wasActive) {
                state = NodeState.INACTIVE; // new writes are refused from here on
                modifications.awaitIdle();
                try {
                    driver.inactivate();
                    if (!readOnly && !cache.noFlush()) {
                        driver.flush();
                    }
                } catch (IOException e) {
                    throw errors.wrap("inactivate", -1, e);
                }
            }
            for (BlockChild c : driver.children()) {
                c.node().inactivate(); // top-down: we wrote back through the children first
            }
            if (wasActive) {
                try {
                    driver.setWritePermission(false);
                } catch (IOException e) {
                    throw errors.wrap("inactivate", -1, e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        NodeState previous;
        synchronized (lifecycle) {
            previous = state;
            if (previous == NodeState.CLOSED) {
                return;
            }
            // on an io_uring thread, waiting for requests in flight would wait for this thread
            if (IoUring.onRingThread() && !requests.closeIfIdle()) {
                throw new IllegalStateException(RequestThreads.why("close() of " + this + " while "
                        + requests.count() + " requests are in flight"));
            }
            state = NodeState.CLOSED;
        }
        requests.closeAndDrain();
        if (!RequestThreads.mustNotWaitFor(resources)) {
            // the handlers of the last requests run after those left the count: wait for them, so
            // that every future the node accepted is complete when close() returns (a handler of
            // this graph that closes a node cannot wait for itself, and does not)
            handlers.awaitIdle();
        }
        IOException failure = null;
        if (previous == NodeState.ACTIVE && !readOnly && !cache.noFlush()) {
            try {
                driver.flush(); // QEMU flushes on close too
            } catch (IOException e) {
                failure = errors.wrap("flush", -1, e);
            }
        }
        try {
            driver.close();
        } catch (IOException e) {
            // the driver's close writes back what the flush could not and says what it lost
            // (qcow2: one line per cache, QEMU's qcow2_inactivate); QEMU's bdrv_close ignores
            // the flush's result, so the driver's failure replaces it
            failure = errors.wrap("close", -1, e);
        }
        for (BlockNode child : ownedChildren.reversed()) {
            try {
                child.close();
            } catch (IOException e) {
                if (failure == null) { // a child failing after this node failed says nothing new
                    failure = e;
                }
            }
        }
        resources.releaseNodeName(nodeName);
        resources.release();
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- test hooks

    /** Negative-control switch: off, read-modify-writes no longer exclude each other. */
    void serializeReadModifyWrite(boolean on) {
        serializeReadModifyWrite = on;
    }

    /** The graph's thread engine (tests). */
    ThreadEngine engine() {
        return resources.engine();
    }

    /** Ranges registered now (tests). */
    int registeredRanges() {
        return locks.size();
    }
}
