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

    /** Parses {@code text}; malformed text fails with {@link InvalidOptionException}. */
    public static OptionTree parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException("empty option string", null, null);
        }
        if (text.startsWith("json:")) {
            return OptionTree.fromFlat(JsonSyntax.parse(text.substring("json:".length())));
        }
        if (text.indexOf('=') >= 0) {
            return OptionTree.fromFlat(KeyValueSyntax.parse(text));
        }
        return OptionTree.fromFlat(List.<Map.Entry<String, Object>>of(
                new AbstractMap.SimpleImmutableEntry<>("filename", text)));
    }

    /** Like {@link #parse} but an absent or blank string gives an empty tree (create options). */
    public static OptionTree parseOrEmpty(String text) {
        return text == null || text.isBlank() ? new OptionTree() : parse(text);
    }
}
