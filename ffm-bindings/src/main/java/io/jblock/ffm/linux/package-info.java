/**
 * The raw C surface, in the shape jextract generates for {@code jextract/linux_io.h}: header
 * class {@link io.jblock.ffm.linux.Libc} (functions, per-architecture constants) and one class
 * per struct. Hand edits to the jextract shape are listed in {@code jextract/PATCHES.md}; the
 * constants and layouts are checked against gcc by {@code AbiTest}.
 */
package io.jblock.ffm.linux;
