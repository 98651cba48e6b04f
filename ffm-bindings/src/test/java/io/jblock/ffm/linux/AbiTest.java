package io.jblock.ffm.linux;

import org.junit.jupiter.api.Test;

import java.lang.foreign.GroupLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bindings' constants and struct layouts against what gcc sees through the same header
 * jextract is fed (jextract/linux_io.h), for every constant and every bound field.
 */
class AbiTest {

    @Test
    void everyConstantAndStructFieldMatchesTheCCompiler() throws Exception {
        CAbiDump c = CAbiDump.run();
        Map<String, Long> java = JavaAbiTable.build();
        List<String> mismatches = AbiComparison.mismatches(c.values, java);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " ABI mismatches (fallback values from linux_io.h: "
                + c.fallbacks + "):\n" + String.join("\n", mismatches));
        // Not vacuous: both sides are big, and the constants that differ by architecture are in.
        assertTrue(java.size() > 300, "only " + java.size() + " entries compared");
        assertTrue(c.values.containsKey("O_DIRECT") && c.values.containsKey("offsetof(struct statx, stx_dio_mem_align)"));
    }

    @Test
    void comparisonReportsExactlyTheOneCorruptedOffset() throws Exception {
        CAbiDump c = CAbiDump.run();
        Map<String, Long> corrupted = new LinkedHashMap<>(JavaAbiTable.build());
        String key = "offsetof(struct statx, stx_dio_mem_align)";
        corrupted.put(key, corrupted.get(key) + 4);
        List<String> mismatches = AbiComparison.mismatches(c.values, corrupted);
        assertEquals(List.of(key + ": C says 152, Java says 156"), mismatches);

        corrupted = new LinkedHashMap<>(JavaAbiTable.build());
        corrupted.remove("O_DIRECT");
        assertEquals(List.of("O_DIRECT: C says 16384, the Java bindings do not have it"),
                AbiComparison.mismatches(c.values, corrupted));
    }

    @Test
    void hardCodedOffsetsAgreeWithTheStructLayouts() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<?> cls : JavaAbiTable.STRUCTS.keySet()) {
            GroupLayout layout = (GroupLayout) cls.getMethod("layout").invoke(null);
            Map<String, Long> fromLayout = JavaAbiTable.layoutOffsets(layout);
            for (Method m : JavaAbiTable.offsetAccessors(cls)) {
                String field = m.getName().substring(0, m.getName().length() - "$offset".length());
                Long expected = fromLayout.get(field);
                long actual = (Long) m.invoke(null);
                if (expected == null || expected != actual) {
                    problems.add(cls.getSimpleName() + "." + field + ": accessor offset " + actual + ", layout " + expected);
                }
            }
            assertEquals(layout.byteSize(), (Long) cls.getMethod("sizeof").invoke(null));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyLibcConstantGetterIsInTheTableAndBothArchitecturesHaveTheSameNames() throws Exception {
        Set<String> table = LinuxConstantTable.current().values().keySet();
        List<String> missing = new ArrayList<>();
        for (Method m : Libc.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && (m.getReturnType() == int.class || m.getReturnType() == long.class)
                    && !table.contains(m.getName())) {
                missing.add(m.getName());
            }
        }
        assertTrue(missing.isEmpty(), "Libc constant getters with no table entry: " + missing);

        Map<String, Long> x86 = LinuxConstantTable.forArch(Arch.X86_64).values();
        Map<String, Long> arm = LinuxConstantTable.forArch(Arch.AARCH64).values();
        assertEquals(new TreeSet<>(x86.keySet()), new TreeSet<>(arm.keySet()));
        Set<String> differing = new TreeSet<>();
        x86.forEach((k, v) -> {
            if (!v.equals(arm.get(k))) {
                differing.add(k);
            }
        });
        // The asm-generic flags that x86-64 numbers differently.
        assertEquals(Set.of("O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW", "O_TMPFILE"), differing);
        assertEquals(0200000L, arm.get("O_DIRECT"));
        assertEquals(040000L, x86.get("O_DIRECT"));
    }
}
