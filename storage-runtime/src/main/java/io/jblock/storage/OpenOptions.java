package io.jblock.storage;

import java.util.Objects;

/**
 * How {@link BlockGraph#open} opens a graph, on top of what the option string says. Immutable
 * and thread-safe; each named method returns a copy with one setting changed:
 *
 * <pre>{@code
 * OpenOptions.defaults()                 // read-write, active, cache=writeback, sharing with readers
 * OpenOptions.defaults().readOnly()      // every node read-only
 * OpenOptions.defaults().inactive()      // incoming migration: no write lock until activate()
 * OpenOptions.defaults().cache(CacheMode.NONE).noShare()
 * }</pre>
 *
 * <ul>
 *   <li>{@link #readOnly()}: every node read-only, whatever the option string says.</li>
 *   <li>{@link #inactive()}: every node inactive (QEMU's {@code BDRV_O_INACTIVE}, the destination
 *       of a migration): caches may be stale, no write lock is taken, writes are refused with
 *       {@link NodeInactiveException} until {@link BlockNode#activate()}.</li>
 *   <li>{@link #cache(CacheMode)}: the root node's cache mode when the option string sets none
 *       ({@code cache=}, {@code cache.direct}, {@code cache.no-flush}, {@code cache.writeback}
 *       override it); {@link CacheMode#WRITEBACK}, QEMU's default, unless set.</li>
 *   <li>{@link #noShare()}: QEMU's {@code BDRV_O_NO_SHARE}: share only consistent read and
 *       write-unchanged with other users of the image, never write or resize. A read-only graph
 *       opened this way refuses to open while another process holds the image for writing
 *       ({@code Failed to get shared "write" lock}), and keeps writers out while open, as the
 *       source of {@code qemu-img convert} does. Without it a reader of a raw image shares
 *       everything and coexists with a writer, as {@code qemu-io -r} and {@code qemu-img info} do.
 *       Writers never share write or resize either way; {@code locking=off} takes no locks.</li>
 *   <li>{@link #forceShare()}: QEMU's {@code force-share=on} ({@code qemu-img -U}) on the root
 *       node, inherited by its children: the graph shares every permission with other processes,
 *       so it opens even while another process writes the image (its reads may then see
 *       inconsistent data). Only for read-only graphs; wins over {@link #noShare()}.</li>
 * </ul>
 */
public final class OpenOptions {

    /** Read-write, active, cache=writeback: {@link #defaults()}. */
    public static final OpenOptions DEFAULT = new OpenOptions(false, false, CacheMode.WRITEBACK, false, false, false);

    /** Read-only, active, cache=writeback, sharing with writers: {@code defaults().readOnly()}. */
    public static final OpenOptions READ_ONLY = DEFAULT.readOnly();

    private final boolean readOnly;
    private final boolean inactive;
    private final CacheMode cache;
    private final boolean noShare;
    private final boolean forceShare;
    private final boolean noIo;

    private OpenOptions(boolean readOnly, boolean inactive, CacheMode cache, boolean noShare, boolean forceShare,
                        boolean noIo) {
        this.noIo = noIo;
        this.readOnly = readOnly;
        this.inactive = inactive;
        this.cache = Objects.requireNonNull(cache, "cache");
        this.noShare = noShare;
        this.forceShare = forceShare;
    }

    /**
     * The boolean form of 0.1.
     *
     * @param readOnly     as {@link #readOnly(boolean)}
     * @param inactive     as {@link #inactive(boolean)}
     * @param defaultCache as {@link #cache(CacheMode)}; null for writeback
     * @deprecated use {@code OpenOptions.defaults().readOnly(readOnly).inactive(inactive).cache(mode)}
     */
    @Deprecated(since = "0.1", forRemoval = true)
    public OpenOptions(boolean readOnly, boolean inactive, CacheMode defaultCache) {
        this(readOnly, inactive, defaultCache == null ? CacheMode.WRITEBACK : defaultCache, false, false, false);
    }

    /**
     * Read-write, active, cache=writeback, sharing with readers ({@link #DEFAULT}).
     *
     * @return read-write, active, cache=writeback, sharing with readers ({@link #DEFAULT})
     */
    public static OpenOptions defaults() {
        return DEFAULT;
    }

    /** {@return these options with every node read-only} */
    public OpenOptions readOnly() {
        return readOnly(true);
    }

    /**
     * {@return these options with every node read-only or not ({@code false}: as the option string says)}
     *
     * @param value true for read-only
     */
    public OpenOptions readOnly(boolean value) {
        return new OpenOptions(value, inactive, cache, noShare, forceShare, noIo);
    }

    /** {@return these options with every node opened inactive (incoming migration)} */
    public OpenOptions inactive() {
        return inactive(true);
    }

    /**
     * {@return these options with the nodes opened inactive or active}
     *
     * @param value true for inactive
     */
    public OpenOptions inactive(boolean value) {
        return new OpenOptions(readOnly, value, cache, noShare, forceShare, noIo);
    }

    /**
     * {@return these options with {@code mode} as the root's cache mode when the option string sets none}
     *
     * @param mode the default cache mode, not null
     */
    public OpenOptions cache(CacheMode mode) {
        return new OpenOptions(readOnly, inactive, Objects.requireNonNull(mode, "mode"), noShare, forceShare, noIo);
    }

    /** {@return these options sharing neither write nor resize with other users (QEMU's BDRV_O_NO_SHARE)} */
    public OpenOptions noShare() {
        return noShare(true);
    }

    /**
     * {@return these options with no-share on or off}
     *
     * @param value true for no-share
     */
    public OpenOptions noShare(boolean value) {
        return new OpenOptions(readOnly, inactive, cache, value, forceShare, noIo);
    }

    /**
     * {@return these options sharing every permission, QEMU's {@code force-share=on} ({@code -U}); read-only graphs only}
     */
    public OpenOptions forceShare() {
        return forceShare(true);
    }

    /**
     * {@return these options with force-share on or off}
     *
     * @param value true for force-share
     */
    public OpenOptions forceShare(boolean value) {
        return new OpenOptions(readOnly, inactive, cache, noShare, value, noIo);
    }

    /**
     * {@return these options for a graph that only its metadata is read from (QEMU's
     * {@code BDRV_O_NO_IO}, as {@code qemu-img info} opens): an encrypted image opens without its
     * key, and guest data reads and writes then fail}
     */
    public OpenOptions noIo() {
        return new OpenOptions(readOnly, inactive, cache, noShare, forceShare, true);
    }

    /** {@return whether guest data is not going to be read or written (BDRV_O_NO_IO)} */
    public boolean isNoIo() {
        return noIo;
    }

    /** {@return whether every node is opened read-only} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** {@return whether every node is opened inactive} */
    public boolean isInactive() {
        return inactive;
    }

    /** {@return the root's cache mode when the option string sets none} */
    public CacheMode cacheMode() {
        return cache;
    }

    /** {@return whether the graph shares neither write nor resize (BDRV_O_NO_SHARE)} */
    public boolean isNoShare() {
        return noShare;
    }

    /** {@return whether the graph shares every permission (force-share=on)} */
    public boolean isForceShare() {
        return forceShare;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenOptions other && readOnly == other.readOnly && inactive == other.inactive
                && cache == other.cache && noShare == other.noShare && forceShare == other.forceShare
                && noIo == other.noIo;
    }

    @Override
    public int hashCode() {
        return Objects.hash(readOnly, inactive, cache, noShare, forceShare, noIo);
    }

    /** For messages: {@code OpenOptions[readOnly, inactive, cache=none, noShare]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OpenOptions[");
        sb.append(readOnly ? "readOnly" : "readWrite");
        if (inactive) {
            sb.append(", inactive");
        }
        sb.append(", cache=").append(cache.qemuName());
        if (noShare) {
            sb.append(", noShare");
        }
        if (forceShare) {
            sb.append(", forceShare");
        }
        if (noIo) {
            sb.append(", noIo");
        }
        return sb.append(']').toString();
    }
}
