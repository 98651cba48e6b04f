package io.jblock.ffm.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two "key -> value" ABI tables (the C compiler's and the bindings') and lists every
 * difference: a different value, or a key only one side has.
 */
final class AbiComparison {

    private AbiComparison() {
    }

    static List<String> mismatches(Map<String, Long> c, Map<String, Long> java) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(c.keySet());
        keys.addAll(java.keySet());
        for (String k : keys) {
            Long cv = c.get(k);
            Long jv = java.get(k);
            if (cv == null) {
                out.add(k + ": Java has " + jv + ", the C dump does not print it (add it to abi_dump.c)");
            } else if (jv == null) {
                out.add(k + ": C says " + cv + ", the Java bindings do not have it");
            } else if (!cv.equals(jv)) {
                out.add(k + ": C says " + cv + ", Java says " + jv);
            }
        }
        return out;
    }
}
