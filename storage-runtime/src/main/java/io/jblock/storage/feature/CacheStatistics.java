package io.jblock.storage.feature;

/** A format driver's metadata cache counters ({@code qcow2}: L2 and refcount caches). */
public interface CacheStatistics {

    /** Hit and miss counters and sizes at this moment. */
    CacheCounters cacheCounters();
}
