/**
 * Checked Linux file syscalls ({@link io.jblock.ffm.PosixIO}) on top of the raw bindings in
 * {@link io.jblock.ffm.linux}: every failure is a {@link io.jblock.ffm.NativeIOException}
 * that names the syscall, errno, file, offset and length; EINTR and short transfers are
 * handled; nothing is allocated per call.
 */
package io.jblock.ffm;
