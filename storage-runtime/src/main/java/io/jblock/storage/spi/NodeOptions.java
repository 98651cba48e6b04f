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

    /** Raw string value of a key of this node. */
    Optional<String> string(String key);

    /** String with default. */
    default String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** on/off/true/false/yes/no. */
    boolean bool(String key, boolean defaultValue);

    /** A size with optional k/M/G/T suffix (powers of 1024). */
    long size(String key, long defaultValue);

    /** A plain integer. */
    long number(String key, long defaultValue);

    /** Whether the key is set. */
    boolean has(String key);

    /** Keys of this node (not of children) that no one has read yet. */
    Set<String> unusedKeys();
}
