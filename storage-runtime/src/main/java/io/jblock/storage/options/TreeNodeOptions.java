package io.jblock.storage.options;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.NodeOptions;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NodeOptions} over one node's {@link OptionTree}. Every read marks the option used;
 * {@link #consume(String)} marks a whole group used (a child the opener took). Keys may be
 * dotted to reach into groups ({@code cache.direct}). Thread-safe.
 */
public final class TreeNodeOptions implements NodeOptions {

    private final OptionTree tree;
    private final String nodeName;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /**
     * Options of one node, none used yet.
     *
     * @param tree     the node's options
     * @param nodeName the node, for messages (null when there is none, as for create options)
     */
    public TreeNodeOptions(OptionTree tree, String nodeName) {
        this.tree = tree;
        this.nodeName = nodeName;
    }

    /** {@return the underlying tree (the opener reads children from it)} */
    public OptionTree tree() {
        return tree;
    }

    /** {@return the node these options belong to, or null} */
    public String nodeName() {
        return nodeName;
    }

    @Override
    public Optional<String> string(String key) {
        Object v = tree.lookup(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof OptionTree) {
            throw new InvalidOptionException("Parameter '" + key + "' expects a value, not a group of options",
                    nodeName, key);
        }
        used.add(key);
        return v == OptionTree.NULL ? Optional.empty() : Optional.of((String) v);
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(t -> OptionValues.bool(key, t, nodeName)).orElse(defaultValue);
    }

    @Override
    public long size(String key, long defaultValue) {
        return string(key).map(t -> OptionValues.size(key, t, nodeName)).orElse(defaultValue);
    }

    @Override
    public long number(String key, long defaultValue) {
        return string(key).map(t -> OptionValues.number(key, t, nodeName)).orElse(defaultValue);
    }

    @Override
    public boolean has(String key) {
        return tree.lookup(key) != null;
    }

    /**
     * {@return the value at {@code key} without marking it used: String, OptionTree, NULL or null}
     *
     * @param key a dotted path
     */
    public Object peek(String key) {
        return tree.lookup(key);
    }

    /**
     * Marks {@code key} and, for a group, everything under it as used.
     *
     * @param key a dotted path
     */
    public void consume(String key) {
        used.add(key);
        String prefix = key + ".";
        for (String leaf : tree.leafPaths()) {
            if (leaf.startsWith(prefix)) {
                used.add(leaf);
            }
        }
    }

    @Override
    public Set<String> unusedKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (String leaf : tree.leafPaths()) {
            if (!used.contains(leaf)) {
                out.add(leaf);
            }
        }
        return out;
    }

    /** Refuses the first unused option with QEMU's {@code Invalid parameter 'NAME'}. */
    public void requireAllUsed() {
        Set<String> unused = unusedKeys();
        if (!unused.isEmpty()) {
            String key = unused.iterator().next();
            throw new InvalidOptionException("Invalid parameter '" + key + "'", nodeName, key);
        }
    }
}
