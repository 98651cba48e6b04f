package io.jblock.storage.options;

import io.jblock.storage.InvalidOptionException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * QEMU's dotted {@code key=value,key=value} syntax. A comma inside a value is written {@code ,,}
 * (QEMU's escape); keys are dotted paths of fragments made of {@code [A-Za-z0-9_-]}.
 */
public final class KeyValueSyntax {

    private KeyValueSyntax() {
    }

    /**
     * Splits {@code text} into (dotted key, value) pairs in order; a trailing comma is allowed.
     *
     * @param text the option string
     * @return (dotted key, value) pairs in order; a trailing comma is allowed
     */
    public static List<Map.Entry<String, Object>> parse(String text) {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                i++;
            }
            String key = text.substring(keyStart, i);
            if (i >= n || text.charAt(i) == ',') {
                throw new InvalidOptionException("Expected '=' after parameter '" + key + "'", null, key);
            }
            i++; // '='
            StringBuilder value = new StringBuilder();
            while (i < n) {
                char c = text.charAt(i);
                if (c == ',') {
                    if (i + 1 < n && text.charAt(i + 1) == ',') {
                        value.append(',');
                        i += 2;
                        continue;
                    }
                    break;
                }
                value.append(c);
                i++;
            }
            i++; // ',' or past the end
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, value.toString()));
        }
        return out;
    }
}
