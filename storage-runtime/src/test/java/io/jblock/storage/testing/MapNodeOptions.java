package io.jblock.storage.testing;

import io.jblock.storage.spi.NodeOptions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Map-backed {@link NodeOptions}, for driving a driver through its SPI in tests without the
 * generic layer's option parser. Booleans take on/off (true/false, yes/no); sizes take a k, m,
 * g or t suffix. It records which keys were read, so {@link #unusedKeys()} works as the real
 * options do. Not thread-safe: one driver open at a time reads it.
 */
public final class MapNodeOptions implements NodeOptions {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    /** The options in {@code values} (copied). */
    public MapNodeOptions(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** From alternating keys and values. */
    public static MapNodeOptions of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new MapNodeOptions(values);
    }

    @Override
    public Optional<String> string(String key) {
        used.add(key);
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("Parameter '" + key + "' expects on or off");
        };
    }

    @Override
    public long size(String key, long defaultValue) {
        return string(key).map(MapNodeOptions::parseSize).orElse(defaultValue);
    }

    private static long parseSize(String v) {
        String s = v.trim();
        long unit = switch (Character.toLowerCase(s.charAt(s.length() - 1))) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    @Override
    public long number(String key, long defaultValue) {
        return string(key).map(Long::parseLong).orElse(defaultValue);
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public Set<String> unusedKeys() {
        Set<String> unused = new HashSet<>(values.keySet());
        unused.removeAll(used);
        return unused;
    }
}
