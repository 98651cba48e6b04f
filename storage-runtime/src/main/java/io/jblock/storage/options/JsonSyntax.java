package io.jblock.storage.options;

import io.jblock.storage.InvalidOptionException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * QEMU's {@code json:{...}} option syntax: one JSON object (RFC 8259) whose nested objects are
 * children; keys may themselves be dotted ({@code {"file.filename": "a.img"}}) as QEMU allows.
 * Strings, numbers and booleans become option values; {@code null} is {@link OptionTree#NULL}.
 * Lists become numbered keys as QEMU's qdict_flatten makes them ({@code {"inject-error": [{"event":
 * "none"}]}} is {@code inject-error.0.event=none}; an empty list sets nothing). Nesting is limited to
 * {@value #MAX_DEPTH} levels so that hostile input cannot exhaust the stack. As QEMU's JSON parser
 * (qobject/json-lexer.c), strings may also be single-quoted ({@code {'driver': 'raw'}}, the form the
 * qemu-iotests write) and {@code \'} is an escape in both kinds of string.
 */
public final class JsonSyntax {

    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /**
     * Parses a JSON object into (dotted key, value) pairs in document order.
     *
     * @param json the text after {@code json:}
     * @return (dotted key, value) pairs in document order
     */
    public static List<Map.Entry<String, Object>> parse(String json) {
        JsonSyntax p = new JsonSyntax(json);
        p.skipSpace();
        if (p.peek() != '{') {
            throw p.error("expected a JSON object");
        }
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        p.object("", 0, out);
        p.skipSpace();
        if (p.pos != json.length()) {
            throw p.error("unexpected text after the JSON object");
        }
        return out;
    }

    private void object(String prefix, int depth, List<Map.Entry<String, Object>> out) {
        if (depth >= MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (peek() != '"' && peek() != '\'') {
                throw error("expected a string as object key");
            }
            String key = prefix + string();
            skipSpace();
            expect(':');
            skipSpace();
            value(key, depth, out);
            skipSpace();
            char sep = next();
            if (sep == '}') {
                return;
            }
            if (sep != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    /** One value under {@code key}: an object (a group), a list (numbered groups) or a scalar. */
    private void value(String key, int depth, List<Map.Entry<String, Object>> out) {
        char c = peek();
        if (c == '{') {
            int before = out.size();
            object(key + ".", depth + 1, out);
            if (out.size() == before) {
                // an empty object still says "this child is configured"
                out.add(new AbstractMap.SimpleImmutableEntry<>(key, new OptionTree()));
            }
        } else if (c == '[') {
            array(key, depth + 1, out);
        } else {
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, scalar()));
        }
    }

    /** QEMU's qdict_flatten: element N of a list is the key {@code KEY.N}. */
    private void array(String key, int depth, List<Map.Entry<String, Object>> out) {
        if (depth >= MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return; // an empty list sets nothing
        }
        for (int i = 0; ; i++) {
            skipSpace();
            value(key + "." + i, depth, out);
            skipSpace();
            char sep = next();
            if (sep == ']') {
                return;
            }
            if (sep != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private Object scalar() {
        char c = peek();
        if (c == '"' || c == '\'') {
            return string();
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return "true";
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return "false";
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return OptionTree.NULL;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        throw error("unexpected character '" + c + "'");
    }

    private String number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        return text.substring(start, pos);
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a digit");
        }
    }

    private String string() {
        char quote = next(); // '"' or '\'' (callers have checked)
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == quote) {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\'', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + e + "'");
                }
            }
        }
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v; // surrogate pairs arrive as two escapes and combine in the StringBuilder
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private InvalidOptionException error(String what) {
        return new InvalidOptionException("Invalid JSON at offset " + pos + ": " + what, null, null);
    }
}
