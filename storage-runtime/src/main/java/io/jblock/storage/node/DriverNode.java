package io.jblock.storage.node;

import io.jblock.ffm.Errno;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 */
public final class DriverNode implements BlockNode {

    /** Never started: a thread that owns no arena, to test whether a buffer is confined. */
    private static final Thread FOREIGN_THREAD = new Thread(() -> { }, "jblock-confinement-probe");

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
    private final boolean driverFua;
    private final ProbedRawGuard probedRawGuard;
    private final Object lifecycle = new Object();
    private volatile BlockLimits limits;
    private volatile RequestPadding padding;
    private volatile NodeState state;
    private volatile long size;
    private volatile boolean serializeReadModifyWrite = true;

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
        this.padding = new RequestPadding(driver, l, resources.pool(), GraphResources.MAX_BOUNCE, locks, errors);
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
            long len = src.byteSize();
            checkRange("write", offset, len);
            if (len == 0) {
                return;
            }
            checkPaddedEnd("write", offset, len);
            if (probedRawGuard != null) {
                probedRawGuard.check(padding, size, offset, src, errors);
            }
            int f = effectiveFlags(flags) & RequestFlags.FUA;
            padding.write(offset, src, driverFua ? f : RequestFlags.NONE, serializeReadModifyWrite);
            if (f != 0 && !driverFua) {
                flushTree();
            }
        } finally {
            exitModification();
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
        return submit("read", offset, dst, () -> read(offset, dst));
    }

    @Override
    public CompletableFuture<Void> writeAsync(long offset, MemorySegment src, int flags) {
        return submit("write", offset, src, () -> write(offset, src, flags));
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        return submit("flush", -1, null, this::flush);
    }

    private CompletableFuture<Void> submit(String op, long offset, MemorySegment buffer, ThreadEngine.Request r) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (buffer != null && !buffer.isAccessibleBy(FOREIGN_THREAD)) {
            f.completeExceptionally(new IllegalArgumentException(op + " on " + this + ": the buffer belongs to a "
                    + "confined arena; asynchronous requests need a buffer of a shared, global or automatic arena"));
            return f;
        }
        if (state == NodeState.CLOSED || !resources.engine().submit(f, r)) {
            f.completeExceptionally(closed(op, offset));
        }
        return f;
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
            state = NodeState.CLOSED;
        }
        requests.closeAndDrain();
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
            failure = first(failure, errors.wrap("close", -1, e));
        }
        for (BlockNode child : ownedChildren.reversed()) {
            try {
                child.close();
            } catch (IOException e) {
                failure = first(failure, e);
            }
        }
        resources.releaseNodeName(nodeName);
        resources.release();
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException first(IOException existing, IOException next) {
        if (existing == null) {
            return next;
        }
        existing.addSuppressed(next);
        return existing;
    }

    // ---------------------------------------------------------------- test hooks

    /** Negative-control switch: off, read-modify-writes no longer exclude each other. */
    void serializeReadModifyWrite(boolean on) {
        serializeReadModifyWrite = on;
    }

    /** Ranges registered now (tests). */
    int registeredRanges() {
        return locks.size();
    }
}
