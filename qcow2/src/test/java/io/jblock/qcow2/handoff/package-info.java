/**
 * The live-migration handoff of a qcow2 image between two JVM processes (issue 5 item 4).
 *
 * <p>{@link io.jblock.qcow2.handoff.HandoffPeer} is one side of the migration, started by
 * {@code PeerProcess} in a JVM of its own and driven over stdin/stdout, one command a line, one
 * answer a line; every wait is bounded and the process is killed if it does not quit. The tests
 * play source and destination against each other and against qemu-img as a third process:
 * <ul>
 * <li>{@code TwoProcessHandoffTest}: the handoff with cache=writeback and cache=none (also with
 *     lazy refcounts and check-cache-dropped), the page cache after activation (dropped, kept with
 *     drop-cache=off, untouched under O_DIRECT), the write lock at each step, and the negative
 *     control with qcow2's invalidation skipped;</li>
 * <li>{@code PingPongHandoffTest}: there and back, where a stale refcount cache would put two
 *     processes' clusters on each other (its negative control shows exactly that);</li>
 * <li>{@code CancelledMigrationTest}: the source takes the image back and the handoff is retried;</li>
 * <li>{@code FailedActivationTest}: an activation the image refuses, and who holds the lock then;</li>
 * <li>{@code CheckCacheDroppedTest}: check-cache-dropped refuses activation while pages are pinned.</li>
 * </ul>
 * Images are sparse (a few MiB on disk); every test needs qemu-img and qemu-io.
 */
package io.jblock.qcow2.handoff;
