/**
 * Filter drivers: nodes that pass every request to their child and do something on the side.
 * {@code blkdebug}, QEMU-compatible fault injection
 * ({@link io.jblock.storage.filter.BlkdebugDriverFactory}), controlled through its options and
 * {@link io.jblock.storage.feature.FaultInjector}. {@code blklogwrites}
 * ({@link io.jblock.storage.filter.BlkLogWritesDriverFactory}) records every write, write-zeroes,
 * discard and flush reaching its {@code file} child in a {@code log} child, in the on-disk format
 * of Linux's dm-log-writes and QEMU's blklogwrites ({@link io.jblock.storage.filter.WriteLogFormat}),
 * so that crash states can be rebuilt from it; its position and marks through
 * {@link io.jblock.storage.feature.WriteLog}. {@code copy-on-read}
 * ({@link io.jblock.storage.filter.CopyOnReadDriverFactory}) copies what reads take from the
 * backing chain into its {@code file} child. Not exported: the drivers are found through the
 * service loader and reached through option strings.
 */
package io.jblock.storage.filter;
