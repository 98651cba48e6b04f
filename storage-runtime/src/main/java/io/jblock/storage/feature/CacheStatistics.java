package io.jblock.storage.feature;

import java.io.IOException;

/** A format driver's metadata cache counters ({@code qcow2}: L2 and refcount caches). */
public interface CacheStatistics {

    /**
     * Hit and miss counters and sizes at this moment.
     *
     * @return the counters
     * @throws IOException {@link io.jblock.storage.NodeClosedException} once the node is closed
     */
    CacheCounters cacheCounters() throws IOException;
}
