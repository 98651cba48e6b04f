package io.jblock.storage.graph;

import io.jblock.storage.CacheSettings;
import io.jblock.storage.options.OptionTree;
import io.jblock.storage.options.OptionValues;

/**
 * What a node takes from its parent unless its own options say otherwise (QEMU's
 * bdrv_inherited_options): the cache switches, read-only, force-share and the inactive state.
 *
 * @param cache         cache switches of the parent (or the open's default cache mode)
 * @param readOnly      read-only default of this node
 * @param forceReadOnly read-only whatever the options say ({@code OpenOptions.readOnly})
 * @param inactive      open inactive (not an option: the whole graph shares it)
 * @param noShare       share neither write nor resize ({@code OpenOptions.noShare}; not an
 *                      option: the whole graph shares it, as QEMU's BDRV_O_NO_SHARE reaches
 *                      every child)
 * @param forceShare    default of the node's {@code force-share} option (QEMU's
 *                      BDRV_OPT_FORCE_SHARE, copied to children unless they set it): share
 *                      every permission; wins over {@code noShare}
 * @param noIo          only metadata is read ({@code OpenOptions.noIo}, QEMU's BDRV_O_NO_IO; the
 *                      whole graph shares it)
 */
record Inheritance(CacheSettings cache, boolean readOnly, boolean forceReadOnly, boolean inactive,
                   boolean noShare, boolean forceShare, boolean noIo) {

    /** The cache switches a node with options {@code tree} ends up with (nothing marked used). */
    CacheSettings cacheFor(OptionTree tree, String nodeName) {
        return new CacheSettings(
                flag(tree, "cache.writeback", cache.writeback(), nodeName),
                flag(tree, "cache.direct", cache.direct(), nodeName),
                flag(tree, "cache.no-flush", cache.noFlush(), nodeName));
    }

    private static boolean flag(OptionTree tree, String key, boolean inherited, String nodeName) {
        Object v = tree.lookup(key);
        return v instanceof String s ? OptionValues.bool(key, s, nodeName) : inherited;
    }

    /** What children of a node with these settings (and its own force-share) inherit. */
    Inheritance forChild(CacheSettings parentCache, boolean parentReadOnly, boolean parentForceShare) {
        return new Inheritance(parentCache, parentReadOnly, forceReadOnly, inactive,
                noShare && !parentForceShare, parentForceShare, noIo);
    }
}
