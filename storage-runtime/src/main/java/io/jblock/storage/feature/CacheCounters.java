package io.jblock.storage.feature;

/**
 * Counters of a format driver's two metadata caches (qcow2: L2 tables and refcount blocks) at one moment ({@link CacheStatistics}).
 *
 * @param l2Hits             L2 lookups served from the cache
 * @param l2Misses           L2 lookups that read the file
 * @param l2Entries          entries the L2 cache holds at most
 * @param l2EntrySize        bytes per L2 cache entry
 * @param refcountHits       refcount block lookups served from the cache
 * @param refcountMisses     refcount block lookups that read the file
 * @param refcountEntries    entries the refcount cache holds at most
 */
public record CacheCounters(long l2Hits, long l2Misses, int l2Entries, int l2EntrySize,
                              long refcountHits, long refcountMisses, int refcountEntries) {
}
