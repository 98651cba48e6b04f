package io.jblock.storage.node;

import io.jblock.storage.CacheSettings;

/**
 * What the opener decided about a node before wrapping its driver.
 *
 * @param nodeName     the node's name, unique in its graph
 * @param driverName   the driver's name
 * @param filename     the file the node stands for (for messages), or null
 * @param cache        the node's cache switches
 * @param readOnly     whether modifications are refused
 * @param inactive     whether the node starts inactive
 * @param discardUnmap QEMU's {@code discard=unmap}: discard requests (and MAY_UNMAP on
 *                     write-zeroes) are passed on; with {@code discard=ignore} they are dropped here
 */
public record NodeSettings(String nodeName, String driverName, String filename, CacheSettings cache,
                           boolean readOnly, boolean inactive, boolean discardUnmap) {
}
