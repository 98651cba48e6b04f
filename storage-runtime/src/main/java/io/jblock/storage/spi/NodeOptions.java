package io.jblock.storage.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Typed access to one node's options, parsed from QEMU-style {@code key=value,...} strings or
 * {@code json:{...}}. Reading an option marks it used; options left unused after open are
 * refused with a message naming them. Malformed values fail with {@link IllegalArgumentException}
 * naming the option.
 */
public interface NodeOptions {

    /**
     * The raw string value of a key of this node; marks the option used.
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     * @return the value, or empty when the key is absent (or JSON null)
     */
    Optional<String> string(String key);

    /**
     * The raw string value of a key of this node, or a default; marks the option used.
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     * @param defaultValue what to return when the option is absent
     * @return the value, or {@code defaultValue}
     */
    default String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /**
     * A boolean option: {@code on}/{@code off}, {@code true}/{@code false} or {@code yes}/{@code no}.
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     * @param defaultValue what to return when the option is absent
     * @return the value, or {@code defaultValue}
     */
    boolean bool(String key, boolean defaultValue);

    /**
     * {@return a size option: a number with an optional k, M, G, T, P or E suffix (powers of 1024)}
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     * @param defaultValue what to return when the option is absent
     */
    long size(String key, long defaultValue);

    /**
     * {@return an integer option: a plain decimal number}
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     * @param defaultValue what to return when the option is absent
     */
    long number(String key, long defaultValue);

    /**
     * {@return whether the key is set}
     *
     * @param key the option's dotted name below this node ({@code cache.direct})
     */
    boolean has(String key);

    /** {@return keys of this node (not of children) that no one has read yet} */
    Set<String> unusedKeys();
}
