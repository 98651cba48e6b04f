/**
 * The qcow2 format driver: {@link io.jblock.qcow2.Qcow2DriverFactory} (ServiceLoader name
 * {@code qcow2}) opens {@link io.jblock.qcow2.Qcow2Driver}s and creates images as
 * {@code qemu-img create -f qcow2} does.
 *
 * <p>Layout, after imago's split: {@code types} (entry encodings, feature bits, geometry),
 * {@code metadata} (header, extensions, feature table, snapshots), {@code cache} (the L2 and
 * refcount block caches and their QEMU sizing), {@code compression} (deflate and zstd cluster
 * decompression), {@code check} (the check result); in this package the engine:
 * {@code L2Tables} (L1 and L2 access, L2 allocation and copy, L1 growth), {@code RefcountAllocator}
 * (refcounts, allocation, refcount table growth), {@code ClusterMapper} (guest offset to mapping),
 * {@code GuestReader} and {@code GuestWriter} (read path; in-place, copy-on-write and subcluster
 * writes, write-zeroes, discard), {@code Preallocator}, {@code ImageCreator}, {@code ImageCheck},
 * {@code InternalSnapshots}.
 *
 * <p>Locking: one metadata lock guards header, L1, refcount table and both caches; it is held
 * only for lookups and metadata updates, never for guest data I/O. Writers also hold one of 64
 * stripe locks chosen by guest cluster index, so requests on the same cluster serialize and
 * requests on different clusters run in parallel. Lock order: stripe, then metadata.
 *
 * <p>Crash safety (without lazy refcounts): refcount increments reach the disk, followed by a
 * flush, before any L2 or L1 entry that depends on them; guest data is written and flushed before
 * the L2 entry that maps it; new L2 tables and refcount blocks are written and flushed before the
 * L1 or refcount table entry that points at them; a cluster loses its refcount only after the
 * L2 slice that dropped it is on disk. A crash therefore leaves at most leaked clusters. With
 * lazy refcounts the image is marked dirty before the first change and repaired on the next
 * read-write open, as QEMU does.
 */
package io.jblock.qcow2;
