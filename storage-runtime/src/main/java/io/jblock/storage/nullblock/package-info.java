/**
 * The {@code null-co} protocol driver (QEMU's block/null.c): a node of a chosen size that stores
 * nothing. Writes succeed and are dropped; reads return zeroes with {@code read-zeroes=on} and leave
 * the buffer as it is otherwise. For tests and benchmarks that need a large device without the
 * space ({@link io.jblock.storage.nullblock.NullDriverFactory}, found by ServiceLoader). Not exported.
 */
package io.jblock.storage.nullblock;
