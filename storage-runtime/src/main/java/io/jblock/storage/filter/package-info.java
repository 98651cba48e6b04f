/**
 * Filter drivers for testing what is above them: {@code blkdebug}, QEMU-compatible fault
 * injection ({@link io.jblock.storage.filter.BlkdebugDriverFactory}). Not exported: the drivers are
 * found through the service loader and controlled through their options and
 * {@link io.jblock.storage.feature.FaultInjector}.
 */
package io.jblock.storage.filter;
