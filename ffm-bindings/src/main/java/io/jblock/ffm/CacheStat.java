package io.jblock.ffm;

/**
 * Page-cache state of a file range as {@code cachestat(2)} (Linux 6.5+) reported it; all counts
 * are in pages ({@link PosixIO#pageSize()}).
 *
 * @param cache           pages in the page cache
 * @param dirty           dirty pages
 * @param writeback       pages under writeback
 * @param evicted         pages evicted from the cache
 * @param recentlyEvicted pages evicted recently enough that reading them again counts as thrashing
 */
public record CacheStat(long cache, long dirty, long writeback, long evicted, long recentlyEvicted) {
}
