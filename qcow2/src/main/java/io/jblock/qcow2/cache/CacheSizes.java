package io.jblock.qcow2.cache;

import io.jblock.storage.spi.NodeOptions;

/**
 * Sizes of the L2 and refcount caches from the node options, with QEMU 7.2's rules
 * (block/qcow2.c read_cache_sizes, docs/qcow2-cache.txt):
 * <ul>
 * <li>by default the L2 cache covers the whole disk, up to 32 MiB (DEFAULT_L2_CACHE_MAX_SIZE),
 *     and the refcount cache holds 4 clusters;</li>
 * <li>{@code cache-size} alone gives the L2 cache as much as covers the disk and the rest to the
 *     refcount cache; with one of the other two set, the remainder goes to the other;</li>
 * <li>setting all three is an error; each cache holds at least 2 (L2) or 4 (refcount) entries;</li>
 * <li>when the L2 cache does not cover the disk, its entries default to min(cluster, 4 KiB);</li>
 * <li>{@code cache-clean-interval} defaults to 600 seconds;</li>
 * <li>an L2 cache larger than what covers the whole disk is cut to that size (it could never fill).</li>
 * </ul>
 *
 * @param l2Bytes        L2 cache size in bytes
 * @param l2EntrySize    bytes of one L2 cache entry (a slice of an L2 table)
 * @param refcountBytes  refcount cache size in bytes
 * @param cleanIntervalSeconds seconds after which unused entries are dropped, 0 = never
 */
public record CacheSizes(long l2Bytes, int l2EntrySize, long refcountBytes, long cleanIntervalSeconds) {
    public static final long DEFAULT_L2_CACHE_MAX_SIZE = 32L << 20;
    public static final int MIN_L2_CACHE_ENTRIES = 2;
    public static final int MIN_REFCOUNT_CACHE_ENTRIES = 4;
    public static final long DEFAULT_CLEAN_INTERVAL = 600;

    /**
     * Computes the sizes; malformed combinations fail with IllegalArgumentException.
     *
     * @param o the node's options
     * @param virtualSize the disk's size in bytes
     * @param clusterSize the image's cluster size
     * @param l2EntryBytes bytes of one L2 entry (8, or 16 with extended L2)
     * @return the sizes
     */
    public static CacheSizes from(NodeOptions o, long virtualSize, int clusterSize, int l2EntryBytes) {
        long maxL2Entries = (virtualSize + clusterSize - 1) / clusterSize;
        long maxL2Cache = roundUp(maxL2Entries * l2EntryBytes, clusterSize);
        long minRefcount = (long) MIN_REFCOUNT_CACHE_ENTRIES * clusterSize;
        boolean l2Set = o.has("l2-cache-size");
        boolean rcSet = o.has("refcount-cache-size");
        boolean combinedSet = o.has("cache-size");
        boolean entrySet = o.has("l2-cache-entry-size");
        long combined = o.size("cache-size", 0);
        long l2Setting = o.size("l2-cache-size", DEFAULT_L2_CACHE_MAX_SIZE);
        long rc = o.size("refcount-cache-size", 0); // raised to the minimum below
        long entry = o.size("l2-cache-entry-size", clusterSize);
        long l2 = Math.min(maxL2Cache, l2Setting);
        if (combinedSet) {
            if (l2Set && rcSet) {
                throw new IllegalArgumentException("cache-size, l2-cache-size and refcount-cache-size "
                        + "may not be set at the same time");
            } else if (l2Set && l2Setting > combined) {
                throw new IllegalArgumentException("l2-cache-size may not exceed cache-size");
            } else if (rc > combined) {
                throw new IllegalArgumentException("refcount-cache-size may not exceed cache-size");
            }
            if (l2Set) {
                rc = combined - l2;
            } else if (rcSet) {
                l2 = combined - rc;
            } else if (combined >= maxL2Cache + minRefcount) {
                l2 = maxL2Cache;
                rc = combined - l2;
            } else {
                rc = Math.min(combined, minRefcount);
                l2 = combined - rc;
            }
        }
        if (l2 < maxL2Cache && !entrySet) {
            entry = Math.min(clusterSize, 4096);
        }
        if (entry < 512 || entry > clusterSize || Long.bitCount(entry) != 1) {
            throw new IllegalArgumentException("L2 cache entry size must be a power of two between 512 and the "
                    + "cluster size (" + clusterSize + ")");
        }
        long interval = o.number("cache-clean-interval", DEFAULT_CLEAN_INTERVAL);
        if (interval < 0 || interval > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cache-clean-interval must be between 0 and " + Integer.MAX_VALUE);
        }
        // Minimums as qcow2_update_options_prepare applies them.
        l2 = Math.max(l2, MIN_L2_CACHE_ENTRIES * entry);
        rc = Math.max(rc, minRefcount);
        // More L2 cache than covers the whole disk is never used; don't allocate it.
        l2 = Math.min(l2, Math.max(maxL2Cache, MIN_L2_CACHE_ENTRIES * entry));
        if (l2 / entry > Integer.MAX_VALUE || rc > (long) Integer.MAX_VALUE) {
            throw new IllegalArgumentException("L2 or refcount cache size too big");
        }
        return new CacheSizes(l2, (int) entry, rc, interval);
    }

    /** {@return entries of the L2 cache} */
    public int l2Entries() {
        return (int) Math.min(Integer.MAX_VALUE, l2Bytes / l2EntrySize);
    }

    /**
     * {@return entries of the refcount cache (one cluster each)}
     *
     * @param clusterSize the image's cluster size
     */
    public int refcountEntries(int clusterSize) {
        return (int) Math.min(Integer.MAX_VALUE, refcountBytes / clusterSize);
    }

    private static long roundUp(long n, long a) {
        return (n + a - 1) / a * a;
    }
}
