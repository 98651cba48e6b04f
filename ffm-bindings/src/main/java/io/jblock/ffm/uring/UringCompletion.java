package io.jblock.ffm.uring;

import java.lang.foreign.MemorySegment;

/**
 * What an {@link IoUring} calls when a request's completion arrives, on the ring's own thread,
 * exactly once per request. The request's slot is free again before this is called, so the
 * callback may submit new requests (a resubmission of the rest of a short read, say); its
 * arguments are the values the request was submitted with, handed over by value so that no
 * per-request object is needed.
 *
 * <p>The callback runs on the only thread that submits to and reaps the ring: it must not block
 * (no waiting for other requests of the same ring, which would never complete), and should be
 * short, since every other completion of the ring waits behind it.
 */
@FunctionalInterface
public interface UringCompletion {

    /**
     * Called once when the request's completion arrives.
     *
     * @param result     the CQE's {@code res}: bytes transferred, 0, or {@code -errno}
     * @param offset     the request's file offset (for fallocate: its offset)
     * @param buffer     the request's buffer, or null for requests without one
     * @param tag        the caller's tag, passed through
     * @param attachment the caller's first object, passed through
     * @param handler    the caller's second object, passed through
     */
    void completed(int result, long offset, MemorySegment buffer, int tag, Object attachment, Object handler);
}
