package io.jblock.storage;

/**
 * How {@link BlockGraph#open} opens a graph, on top of what the option string says.
 *
 * @param readOnly     open every node read-only, whatever the option string says
 * @param inactive     open every node inactive (incoming migration): caches may be stale, no write
 *                     lock is taken, writes are refused until {@link BlockNode#activate()}
 * @param defaultCache cache mode of the root node when the option string sets none
 *                     ({@code null}: {@link CacheMode#WRITEBACK}, QEMU's default); options
 *                     {@code cache=}, {@code cache.direct}, {@code cache.no-flush} and
 *                     {@code cache.writeback} override it
 */
public record OpenOptions(boolean readOnly, boolean inactive, CacheMode defaultCache) {

    /** Read-write, active, cache=writeback. */
    public static final OpenOptions DEFAULT = new OpenOptions(false, false, null);

    /** Read-only, active, cache=writeback. */
    public static final OpenOptions READ_ONLY = new OpenOptions(true, false, null);

    /** The cache mode in effect when the options set none. */
    public CacheMode effectiveDefaultCache() {
        return defaultCache == null ? CacheMode.WRITEBACK : defaultCache;
    }

    /** These options with a different default cache mode. */
    public OpenOptions withDefaultCache(CacheMode mode) {
        return new OpenOptions(readOnly, inactive, mode);
    }
}
