package io.jblock.storage.options;

import io.jblock.storage.InvalidOptionException;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an option string into an {@link OptionTree}. Three forms are accepted:
 * <ul>
 * <li>{@code json:{...}}: QEMU's JSON pseudo-protocol ({@link JsonSyntax});</li>
 * <li>text containing {@code =}: QEMU's dotted {@code key=value,...} ({@link KeyValueSyntax});</li>
 * <li>anything else: a file name, as if {@code filename=TEXT} were given (the format is probed).
 *     A file name that contains {@code =} must be given as {@code filename=...} (commas doubled).</li>
 * </ul>
 */
public final class OptionStrings {

    private OptionStrings() {
    }

    /**
     * Parses {@code text}; malformed text fails with {@link InvalidOptionException}.
     *
     * @param text {@code key=value,...}, {@code json:{...}} or a file name
     * @return the option tree
     */
    public static OptionTree parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException("empty option string", null, null);
        }
        if (text.startsWith("json:")) {
            return OptionTree.fromFlat(JsonSyntax.parse(text.substring("json:".length())));
        }
        if (text.indexOf('=') >= 0) {
            return OptionTree.fromFlat(nullBacking(KeyValueSyntax.parse(text)));
        }
        return OptionTree.fromFlat(List.<Map.Entry<String, Object>>of(
                new AbstractMap.SimpleImmutableEntry<>("filename", text)));
    }

    /**
     * QEMU's spelling of "no backing file" in the key=value form: {@code backing=null} (keyval
     * has no null, so QEMU's option visitor reads the string {@code null} of the
     * {@code BlockdevRefOrNull} as JSON null). Only {@code backing} takes it: every other value
     * {@code null} stays a string (a file may be called that; write {@code backing.filename=null}
     * for a backing file of that name). In {@code json:{}} use JSON {@code null}.
     */
    private static List<Map.Entry<String, Object>> nullBacking(List<Map.Entry<String, Object>> flat) {
        List<Map.Entry<String, Object>> out = new java.util.ArrayList<>(flat.size());
        for (Map.Entry<String, Object> e : flat) {
            String key = e.getKey();
            boolean backing = key.equals("backing") || key.endsWith(".backing");
            out.add(backing && "null".equals(e.getValue())
                    ? new AbstractMap.SimpleImmutableEntry<>(key, OptionTree.NULL) : e);
        }
        return out;
    }

    /**
     * Like {@link #parse} but an absent or blank string gives an empty tree (create options).
     *
     * @param text create options, or null
     * @return the option tree, empty for no options
     */
    public static OptionTree parseOrEmpty(String text) {
        return text == null || text.isBlank() ? new OptionTree() : parse(text);
    }
}
