package io.jblock.storage.options;

import io.jblock.storage.CacheMode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.InvalidOptionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of one node as a tree, as QEMU's "crumpled" QDict: {@code file.filename=a.img} becomes
 * a subtree {@code file} with the leaf {@code filename}. Values are strings, subtrees, or
 * {@link #NULL} (JSON {@code null}: "no child").
 *
 * <p>A tree is built once by a parser and afterwards only read, except that the graph opener may
 * add defaults to a child's tree before opening it. Not thread-safe while being built.
 */
public final class OptionTree {

    /** An explicit null value (JSON {@code null}). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();

    /** An empty tree. */
    public OptionTree() {
    }

    /**
     * Builds a tree from dotted keys in the order given; a key given twice is refused
     * ({@code Duplicate option 'KEY'}): which of two values was meant cannot be known, and
     * silently taking the last one hides mistakes. A scalar {@code PREFIX.cache=MODE} is QEMU's
     * {@code -drive cache=} convenience and expands into {@code PREFIX.cache.writeback},
     * {@code .direct} and {@code .no-flush}, each unless that option is given explicitly.
     *
     * @param flat pairs of dotted key and value ({@link String} or {@link #NULL})
     * @return the tree
     * @throws InvalidOptionException for a malformed or duplicated key, or a bad cache mode
     */
    public static OptionTree fromFlat(List<Map.Entry<String, Object>> flat) {
        LinkedHashMap<String, Object> explicit = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat) {
            checkKey(e.getKey());
            if (explicit.containsKey(e.getKey())) {
                throw new InvalidOptionException("Duplicate option '" + e.getKey() + "'", null, e.getKey());
            }
            explicit.put(e.getKey(), e.getValue());
        }
        LinkedHashMap<String, Object> expanded = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : explicit.entrySet()) {
            String key = e.getKey();
            if ((key.equals("cache") || key.endsWith(".cache")) && e.getValue() instanceof String mode) {
                expandCacheMode(key, mode, explicit, expanded);
            } else {
                expanded.put(key, e.getValue());
            }
        }
        OptionTree tree = new OptionTree();
        for (Map.Entry<String, Object> e : expanded.entrySet()) {
            tree.putPath(e.getKey(), e.getValue());
        }
        return tree;
    }

    private static void expandCacheMode(String key, String mode, Map<String, Object> explicit,
                                        Map<String, Object> out) {
        CacheMode m;
        try {
            m = CacheMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("Parameter '" + key
                    + "' expects writeback, none, writethrough, directsync or unsafe", null, key);
        }
        CacheSettings s = m.settings();
        putUnlessExplicit(key + ".writeback", onOff(s.writeback()), explicit, out);
        putUnlessExplicit(key + ".direct", onOff(s.direct()), explicit, out);
        putUnlessExplicit(key + ".no-flush", onOff(s.noFlush()), explicit, out);
    }

    private static void putUnlessExplicit(String key, String value, Map<String, Object> explicit,
                                          Map<String, Object> out) {
        if (!explicit.containsKey(key)) {
            out.put(key, value);
        }
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    /** Rejects keys QEMU would reject: empty fragments or characters outside [A-Za-z0-9_-]. */
    private static void checkKey(String key) {
        boolean ok = !key.isEmpty();
        for (String fragment : key.split("\\.", -1)) {
            if (fragment.isEmpty()) {
                ok = false;
            }
            for (int i = 0; i < fragment.length(); i++) {
                char c = fragment.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            throw new InvalidOptionException("Invalid parameter '" + key + "'", null, key);
        }
    }

    /**
     * Sets the value at a dotted path, creating subtrees; a scalar/group clash is refused.
     *
     * @param path a dotted path
     * @param value a String, an OptionTree or {@link #NULL}
     */
    public void putPath(String path, Object value) {
        String[] parts = path.split("\\.");
        OptionTree t = this;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : ".").append(parts[i]);
            Object existing = t.entries.get(parts[i]);
            if (existing == null) {
                OptionTree sub = new OptionTree();
                t.entries.put(parts[i], sub);
                t = sub;
            } else if (existing instanceof OptionTree sub) {
                t = sub;
            } else {
                throw inconsistent(prefix.toString());
            }
        }
        String last = parts[parts.length - 1];
        Object existing = t.entries.get(last);
        if (existing instanceof OptionTree) {
            if (value instanceof OptionTree) {
                return; // an (empty) group given again: keep what it holds
            }
            throw inconsistent(path);
        }
        if (existing != null && value instanceof OptionTree) {
            throw inconsistent(path);
        }
        t.entries.put(last, value);
    }

    private static InvalidOptionException inconsistent(String prefix) {
        return new InvalidOptionException("Parameters '" + prefix + ".*' used inconsistently", null, prefix);
    }

    /**
     * {@return the value of a direct key: a String, an OptionTree, {@link #NULL}, or null when absent}
     *
     * @param key a direct key (no dots)
     */
    public Object get(String key) {
        return entries.get(key);
    }

    /**
     * {@return the value at a dotted path, or null when absent}
     *
     * @param path a dotted path
     */
    public Object lookup(String path) {
        Object v = this;
        for (String part : path.split("\\.", -1)) {
            if (!(v instanceof OptionTree t)) {
                return null;
            }
            v = t.entries.get(part);
        }
        return v;
    }

    /**
     * Sets a direct key (a String, an OptionTree or {@link #NULL}).
     *
     * @param key a direct key
     * @param value a String, an OptionTree or {@link #NULL}
     */
    public void put(String key, Object value) {
        entries.put(key, value);
    }

    /**
     * Sets a dotted path unless something is already there.
     *
     * @param path a dotted path
     * @param value a String, an OptionTree or {@link #NULL}
     */
    public void putDefault(String path, Object value) {
        if (lookup(path) == null) {
            putPath(path, value);
        }
    }

    /**
     * Removes a direct key.
     *
     * @param key a direct key
     * @return the value it had, or null
     */
    public Object remove(String key) {
        return entries.remove(key);
    }

    /** {@return the direct keys in insertion order} */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** {@return dotted paths of every leaf (String or {@link #NULL}) in insertion order} */
    public List<String> leafPaths() {
        List<String> out = new ArrayList<>();
        collectLeaves("", out);
        return out;
    }

    private void collectLeaves(String prefix, List<String> out) {
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof OptionTree t) {
                if (t.entries.isEmpty()) {
                    out.add(path);
                }
                t.collectLeaves(path + ".", out);
            } else {
                out.add(path);
            }
        }
    }

    /** {@return a deep copy} */
    public OptionTree copy() {
        OptionTree c = new OptionTree();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            c.entries.put(e.getKey(), e.getValue() instanceof OptionTree t ? t.copy() : e.getValue());
        }
        return c;
    }

    /** {@return whether the tree has no key} */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** QEMU-style dotted rendering, for messages and tests: {@code driver=raw,file.filename=a}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String path : leafPaths()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            Object v = lookup(path);
            sb.append(path).append('=').append(v instanceof String s ? s.replace(",", ",,") : String.valueOf(v));
        }
        return sb.toString();
    }
}
