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
 * @param noShare      QEMU's {@code BDRV_O_NO_SHARE}: share only consistent read and write-unchanged
 *                     with other users of the image, never write or resize. A read-only graph
 *                     opened this way refuses to open while another process holds the image for
 *                     writing ({@code Failed to get shared "write" lock}), and keeps writers out
 *                     while open, as the source of {@code qemu-img convert} does (QEMU's one
 *                     BDRV_O_NO_SHARE user). False shares everything, so a reader of a raw image
 *                     coexists with a writer, as {@code qemu-io -r} and {@code qemu-img info} do.
 *                     Writers never share write or resize either way; {@code locking=off} takes
 *                     no locks either way.
 */
public record OpenOptions(boolean readOnly, boolean inactive, CacheMode defaultCache, boolean noShare) {

    /** Read-write, active, cache=writeback. */
    public static final OpenOptions DEFAULT = new OpenOptions(false, false, null);

    /** Read-only, active, cache=writeback, sharing with writers. */
    public static final OpenOptions READ_ONLY = new OpenOptions(true, false, null);

    /** Options that share with other users of the image ({@code noShare} false). */
    public OpenOptions(boolean readOnly, boolean inactive, CacheMode defaultCache) {
        this(readOnly, inactive, defaultCache, false);
    }

    /** The cache mode in effect when the options set none. */
    public CacheMode effectiveDefaultCache() {
        return defaultCache == null ? CacheMode.WRITEBACK : defaultCache;
    }

    /** These options with a different default cache mode. */
    public OpenOptions withDefaultCache(CacheMode mode) {
        return new OpenOptions(readOnly, inactive, mode, noShare);
    }

    /** These options with {@code noShare} set as given. */
    public OpenOptions withNoShare(boolean value) {
        return new OpenOptions(readOnly, inactive, defaultCache, value);
    }
}
