/**
 * Operations only some formats offer, reached with
 * {@link io.jblock.storage.BlockNode#driverFeature(Class)}: a consistency check
 * ({@link io.jblock.storage.feature.ImageChecker}), the internal snapshot table
 * ({@link io.jblock.storage.feature.SnapshotTable}), emptying an image
 * ({@link io.jblock.storage.feature.ImageEmptier}), compressed cluster writes
 * ({@link io.jblock.storage.feature.CompressedWriter}) and metadata cache counters
 * ({@link io.jblock.storage.feature.CacheStatistics}). Each is a small interface; a node returns
 * one only when its driver implements it (qcow2 implements all of them).
 */
package io.jblock.storage.feature;
