/**
 * Operations only some drivers offer, reached with
 * {@link io.jblock.storage.BlockNode#driverFeature(Class)}. Each is a small interface; a node
 * returns one only when its driver implements it, wrapped so that it refuses use after the node
 * is closed.
 * <ul>
 *   <li>qcow2: a consistency check ({@link io.jblock.storage.feature.ImageChecker}), the internal
 *       snapshot table ({@link io.jblock.storage.feature.SnapshotTable}), emptying an image
 *       ({@link io.jblock.storage.feature.ImageEmptier}), compressed cluster writes
 *       ({@link io.jblock.storage.feature.CompressedWriter}), metadata cache counters
 *       ({@link io.jblock.storage.feature.CacheStatistics}), persistent dirty bitmaps
 *       ({@link io.jblock.storage.feature.DirtyBitmaps}), changing the backing file
 *       ({@link io.jblock.storage.feature.BackingFileChanger}), amending create options
 *       ({@link io.jblock.storage.feature.ImageAmender}) and the VM state area
 *       ({@link io.jblock.storage.feature.VmStateArea});</li>
 *   <li>the {@code blklogwrites} filter: a write log's position and marks
 *       ({@link io.jblock.storage.feature.WriteLog});</li>
 *   <li>the {@code blkdebug} filter: rules and counters of injected faults
 *       ({@link io.jblock.storage.feature.FaultInjector}) and breakpoints that stop requests
 *       ({@link io.jblock.storage.feature.DebugBreakpoints}).</li>
 * </ul>
 */
package io.jblock.storage.feature;
