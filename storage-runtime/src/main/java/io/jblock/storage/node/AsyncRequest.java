package io.jblock.storage.node;

import java.lang.foreign.MemorySegment;
import java.nio.channels.CompletionHandler;

/**
 * One asynchronous request of a {@link DriverNode} while it is in flight: what it is, whom to
 * tell, and what it holds (its range lock, its place among the node's modifications). Reused
 * from the node's pool, so the aligned asynchronous path allocates nothing per request. It is
 * the task the thread engine runs for requests that take the synchronous path, and the
 * attachment the driver's asynchronous forms complete.
 */
final class AsyncRequest implements ThreadEngine.Task {

    static final int READ = 1;
    static final int WRITE = 2;
    static final int FLUSH = 3;

    /** The driver's own part of a flush; then the children, one by one. */
    static final int PHASE_DRIVER = 1;
    static final int PHASE_CHILDREN = 2;
    /** Done; only its handler is left to run, handed to the engine (see {@link HandlerNesting}). */
    static final int PHASE_HANDLER = 3;

    /** The driver completes an asynchronous request here. */
    static final CompletionHandler<Void, AsyncRequest> DRIVER_DONE = new CompletionHandler<>() {
        @Override
        public void completed(Void result, AsyncRequest r) {
            r.node.driverDone(r, null);
        }

        @Override
        public void failed(Throwable e, AsyncRequest r) {
            r.node.driverDone(r, e);
        }
    };

    /** A child node completes its part of a flush here. */
    static final CompletionHandler<Void, AsyncRequest> CHILD_DONE = new CompletionHandler<>() {
        @Override
        public void completed(Void result, AsyncRequest r) {
            r.node.flushChildren(r, r.child + 1);
        }

        @Override
        public void failed(Throwable e, AsyncRequest r) {
            r.node.finish(r, e);
        }
    };

    final DriverNode node;
    final RangeLocks.Range range = new RangeLocks.Range();
    int op;
    long offset;
    MemorySegment buffer;
    int flags;
    Object attachment;
    CompletionHandler<Void, Object> handler;
    boolean rangeHeld;
    boolean modification;
    int phase;
    int child;
    /** With {@link #PHASE_HANDLER}: how it ended (null: success). */
    Throwable failure;

    AsyncRequest(DriverNode node) {
        this.node = node;
    }

    @SuppressWarnings("unchecked")
    void set(int op, long offset, MemorySegment buffer, int flags, Object attachment,
             CompletionHandler<?, ?> handler) {
        this.op = op;
        this.offset = offset;
        this.buffer = buffer;
        this.flags = flags;
        this.attachment = attachment;
        this.handler = (CompletionHandler<Void, Object>) handler;
        this.rangeHeld = false;
        this.modification = false;
        this.phase = 0;
        this.child = 0;
        this.failure = null;
    }

    void clear() {
        buffer = null;
        attachment = null;
        handler = null;
        failure = null;
    }

    /** On an engine worker: the synchronous form, or only the handler of a finished request. */
    @Override
    public void run() {
        if (phase == PHASE_HANDLER) {
            node.runHandedOffHandler(this);
        } else {
            node.runSynchronously(this);
        }
    }

    String opName() {
        return switch (op) {
            case READ -> "read";
            case WRITE -> "write";
            default -> "flush";
        };
    }
}
