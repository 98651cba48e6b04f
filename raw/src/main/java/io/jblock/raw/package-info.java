/**
 * The {@code raw} format driver (not exported: a service provider, reached through
 * {@link io.jblock.storage.BlockGraph}): the image is its file's bytes, optionally a window of
 * them ({@code offset}, {@code size}), as QEMU's block/raw-format.c. Probing falls back to raw
 * when no other format recognises an image; such a node refuses writes that would make block 0
 * look like another format (QEMU's rule against CVE-2008-2004).
 */
package io.jblock.raw;
