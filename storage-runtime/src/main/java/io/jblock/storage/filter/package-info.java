/**
 * Filter drivers: nodes that pass every request to their {@code file} child and do something on
 * the side. {@code blklogwrites} ({@link io.jblock.storage.filter.BlkLogWritesDriverFactory})
 * records every write, write-zeroes, discard and flush reaching its child in a {@code log} child,
 * in the on-disk format of Linux's dm-log-writes and QEMU's blklogwrites
 * ({@link io.jblock.storage.filter.WriteLogFormat}), so that crash states can be rebuilt from it.
 * Not exported: the drivers are found by ServiceLoader and reached through option strings; the
 * log's position and marks through {@link io.jblock.storage.feature.WriteLog}.
 */
package io.jblock.storage.filter;
