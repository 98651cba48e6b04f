package io.jblock.cli;

import java.lang.reflect.Method;

/**
 * Reads components of a driver's result record (check result, snapshot entry) by accessor name,
 * so the CLI reads the format drivers' records without depending on a format module's types.
 * The first of the given names that exists wins.
 */
final class RecordValues {
    private RecordValues() {
    }

    /** The numeric component, or {@code fallback} when none of the names exists. */
    static long number(Object o, long fallback, String... names) {
        Object v = value(o, names);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    /** The string form of the component, or null. */
    static String string(Object o, String... names) {
        Object v = value(o, names);
        return v == null ? null : String.valueOf(v);
    }

    static Object value(Object o, String... names) {
        for (String name : names) {
            try {
                Method m = o.getClass().getMethod(name);
                m.setAccessible(true);
                return m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // try the next name
            }
        }
        return null;
    }
}
