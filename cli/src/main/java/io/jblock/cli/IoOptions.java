package io.jblock.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QEMU's {@code key=value,key=value} option lists as qemu-io's {@code open -o} and
 * {@code reopen -o} take them: a comma inside a value is written {@code ,,}; a later key
 * replaces an earlier one.
 */
final class IoOptions {
    private IoOptions() {
    }

    /** The options of {@code text}, in order ({@code ,,} read as a comma in values). */
    static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return m;
        }
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == ',' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
                continue;
            }
            if (c == ',') {
                String item = cur.toString();
                cur.setLength(0);
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq < 0) {
                    m.put(item, "on");
                } else {
                    m.put(item.substring(0, eq), item.substring(eq + 1));
                }
            } else {
                cur.append(c);
            }
        }
        return m;
    }

    /** The options as a list again, commas in values doubled. */
    static String format(Map<String, String> options) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(e.getKey()).append('=').append(e.getValue().replace(",", ",,"));
        }
        return b.toString();
    }

    /** QEMU's qapi_bool_parse: on/yes/true/y and off/no/false/n (case matters); null for anything else. */
    static Boolean bool(String value) {
        return switch (value) {
            case "on", "yes", "true", "y" -> Boolean.TRUE;
            case "off", "no", "false", "n" -> Boolean.FALSE;
            default -> null;
        };
    }
}
