/**
 * Operations only some formats offer, reached with
 * {@link io.jblock.storage.BlockNode#driverFeature(Class)}: a consistency check
 * ({@link io.jblock.storage.feature.ImageChecker}), the internal snapshot table
 * ({@link io.jblock.storage.feature.SnapshotTable}), compressed cluster writes
 * ({@link io.jblock.storage.feature.CompressedWriter}), metadata cache counters
 * ({@link io.jblock.storage.feature.CacheStatistics}) and a write log's position and marks
 * ({@link io.jblock.storage.feature.WriteLog}, the {@code blklogwrites} filter). Each is a small
 * interface; a node returns one only when its driver implements it (qcow2 implements the first
 * four).
 */
package io.jblock.storage.feature;
