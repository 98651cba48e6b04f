/**
 * Checked Linux file system calls ({@link io.jblock.ffm.PosixIO}) on top of the raw bindings in
 * {@code io.jblock.ffm.linux} (jblock's own modules only): every failure is a
 * {@link io.jblock.ffm.NativeIOException} that names the syscall, errno, file, offset and
 * length; EINTR and short transfers are handled; nothing is allocated per call.
 *
 * <p>Safe for callers without native access: buffers are {@link java.lang.foreign.MemorySegment}s
 * and the kernel never sees a length other than a segment's; reads into read-only segments are
 * refused; mappings belong to an {@link java.lang.foreign.Arena}. File descriptors, flags and
 * {@code RWF_*}/{@code O_*} values are Linux's plain {@code int}s.
 *
 * <p>Native access: {@link io.jblock.ffm.NativeAccess} checks it before the first native call
 * and names the JVM flag when it is missing ({@link io.jblock.ffm.NativeAccessException}).
 */
package io.jblock.ffm;
