package io.jblock.storage.file;

import io.jblock.storage.spi.NodeOptions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Map-backed NodeOptions for driving the file driver through its SPI without the generic layer. */
final class TestNodeOptions implements NodeOptions {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    /** From alternating keys and values. */
    static TestNodeOptions of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        TestNodeOptions o = new TestNodeOptions();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.values.put(keyValues[i], keyValues[i + 1]);
        }
        return o;
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
        return string(key).map(Long::parseLong).orElse(defaultValue);
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
