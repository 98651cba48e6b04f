package io.jblock.cli;

import java.util.List;
import java.util.Map;

/**
 * JSON as qemu-img prints it ({@code --output=json}): objects and arrays one member a line,
 * indented by four spaces, members in insertion order. Values are {@link Map}s, {@link List}s,
 * strings, numbers, booleans or null.
 */
public final class QemuJson {
    private QemuJson() {
    }

    /**
     * {@return the pretty form, members in insertion order}
     *
     * @param value a map, list, string, number or boolean
     */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0, false);
        return sb.toString();
    }

    /**
     * The pretty form qemu-img prints QAPI objects in ({@code info}, {@code check},
     * {@code measure} with {@code --output=json}): every object's members in the order QEMU's
     * QDict iterates them, which is its hash order ({@link #qdictOrder}), whatever order the
     * maps were built in.
     *
     * @param value a map, list, string, number or boolean
     * @return the pretty form
     */
    public static String qdict(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, qdictOrder(value), 0, true);
        return sb.toString();
    }

    /**
     * {@code value} with every map's members in QDict order: by bucket (QEMU's tdb_hash of the
     * key modulo 512), and inside one bucket the member inserted last first (QDict inserts at the
     * head of a bucket's list). Members are expected in QAPI's field order, as QEMU's visitor
     * inserts them.
     */
    static Object qdictOrder(Object value) {
        if (value instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new java.util.ArrayList<>(m.entrySet());
            java.util.Collections.reverse(entries);
            entries.sort(java.util.Comparator.comparingInt(e -> qdictBucket(String.valueOf(e.getKey()))));
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries) {
                out.put(String.valueOf(e.getKey()), qdictOrder(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>();
            for (Object o : l) {
                out.add(qdictOrder(o));
            }
            return out;
        }
        return value;
    }

    /** QDict's bucket of a key: tdb_hash (from gdbm via tdb) modulo QDICT_BUCKET_MAX (512). */
    static int qdictBucket(String key) {
        byte[] b = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int v = 0x238F13AF * b.length;
        for (int i = 0; i < b.length; i++) {
            v += (b[i] & 0xff) << (i * 5 % 24);
        }
        return Integer.remainderUnsigned(1103515243 * v + 12345, 512);
    }

    /**
     * {@return one line, with {@code ", "} and {@code ": "} separators (qemu-img map's per-extent form)}
     *
     * @param object a map
     */
    public static String compact(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder("{ ");
        boolean first = true;
        for (Map.Entry<String, ?> e : object.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(": ");
            write(sb, e.getValue(), 0, false);
        }
        return sb.append('}').toString();
    }

    /**
     * @param qemuEmpty print empty objects and arrays as QEMU's JSON writer does, opening and
     *                  closing bracket on lines of their own ({@code [\n    ]}), not {@code []}
     */
    private static void write(StringBuilder sb, Object v, int depth, boolean qemuEmpty) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append(qemuEmpty ? "{\n" + "    ".repeat(depth) + "}" : "{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                indent(sb, depth + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), depth + 1, qemuEmpty);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            indent(sb, depth);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append(qemuEmpty ? "[\n" + "    ".repeat(depth) + "]" : "[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                indent(sb, depth + 1);
                write(sb, l.get(i), depth + 1, qemuEmpty);
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            indent(sb, depth);
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("    ".repeat(depth));
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
