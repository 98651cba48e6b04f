/**
 * The io_uring engine: {@link io.jblock.ffm.uring.IoUring} (a ring, its mmapped SQ/CQ/SQE
 * arrays and the one thread that submits to and reaps it), {@link io.jblock.ffm.uring.UringCompletion}
 * (the per-request callback), and the raw system calls ({@link io.jblock.ffm.uring.LinuxIoUring}).
 * Exported to {@code io.jblock.storage} only: a ring writes wherever a request's address points.
 */
package io.jblock.ffm.uring;
