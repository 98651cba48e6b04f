package io.jblock.qcow2;

import io.jblock.storage.spi.NodeOptions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test-only NodeOptions over a map. */
final class MapOptions implements NodeOptions {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    MapOptions(Map<String, String> values) {
        this.values = new HashMap<>(values);
    }

    @Override
    public Optional<String> string(String key) {
        used.add(key);
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("bad bool " + key + "=" + v);
        }).orElse(defaultValue);
    }

    @Override
    public long size(String key, long defaultValue) {
        return string(key).map(MapOptions::parseSize).orElse(defaultValue);
    }

    static long parseSize(String v) {
        v = v.trim();
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        long mult = switch (last) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        return Long.parseLong(mult == 1 ? v : v.substring(0, v.length() - 1)) * mult;
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
        Set<String> s = new HashSet<>(values.keySet());
        s.removeAll(used);
        return s;
    }
}
