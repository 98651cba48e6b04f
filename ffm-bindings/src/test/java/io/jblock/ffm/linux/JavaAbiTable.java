package io.jblock.ffm.linux;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bindings' side of the ABI, in the key format abi_dump.c prints: every constant of the
 * running architecture's table (read back through the public {@code Libc} getters), and
 * {@code sizeof}/{@code offsetof} of every field that has an {@code f$offset()} accessor in each
 * struct class.
 */
final class JavaAbiTable {

    /** Struct classes and the C type each one binds. */
    static final Map<Class<?>, String> STRUCTS = structs();

    private static Map<Class<?>, String> structs() {
        Map<Class<?>, String> m = new LinkedHashMap<>();
        m.put(Stat.class, "struct stat");
        m.put(StatxTimestamp.class, "struct statx_timestamp");
        m.put(Statx.class, "struct statx");
        m.put(Iovec.class, "struct iovec");
        m.put(Flock.class, "struct flock");
        m.put(CachestatRange.class, "struct cachestat_range");
        m.put(Cachestat.class, "struct cachestat");
        m.put(Fsxattr.class, "struct fsxattr");
        m.put(IoSqringOffsets.class, "struct io_sqring_offsets");
        m.put(IoCqringOffsets.class, "struct io_cqring_offsets");
        m.put(IoUringParams.class, "struct io_uring_params");
        m.put(IoUringSqe.class, "struct io_uring_sqe");
        m.put(IoUringCqe.class, "struct io_uring_cqe");
        return m;
    }

    private JavaAbiTable() {
    }

    static Map<String, Long> build() throws ReflectiveOperationException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String name : LinuxConstantTable.current().values().keySet()) {
            Object v = Libc.class.getMethod(name).invoke(null);
            m.put(name, ((Number) v).longValue());
        }
        for (Map.Entry<Class<?>, String> e : STRUCTS.entrySet()) {
            Class<?> cls = e.getKey();
            String ctype = e.getValue();
            m.put("sizeof(" + ctype + ")", (Long) cls.getMethod("sizeof").invoke(null));
            for (Method method : offsetAccessors(cls)) {
                String field = method.getName().substring(0, method.getName().length() - "$offset".length());
                m.put("offsetof(" + ctype + ", " + field + ")", (Long) method.invoke(null));
            }
        }
        return m;
    }

    /** Public static {@code f$offset()} methods, in declaration-independent (sorted) order. */
    static List<Method> offsetAccessors(Class<?> cls) {
        return java.util.Arrays.stream(cls.getMethods())
                .filter(x -> Modifier.isStatic(x.getModifiers()) && x.getParameterCount() == 0
                        && x.getName().endsWith("$offset") && x.getReturnType() == long.class)
                .sorted(java.util.Comparator.comparing(Method::getName))
                .toList();
    }

    /** Offsets of every named field in {@code layout}, looking through (anonymous) unions and not into structs. */
    static Map<String, Long> layoutOffsets(GroupLayout layout) {
        Map<String, Long> out = new LinkedHashMap<>();
        collect(layout, 0, out);
        return out;
    }

    private static void collect(GroupLayout g, long base, Map<String, Long> out) {
        long offset = 0;
        for (MemoryLayout member : g.memberLayouts()) {
            long at = base + (g instanceof UnionLayout ? 0 : offset);
            String name = member.name().orElse(null);
            if (member instanceof UnionLayout u) {
                collect(u, at, out);
            } else if (name != null) {
                out.put(name, at);
            }
            if (!(g instanceof UnionLayout)) {
                offset += member.byteSize();
            }
        }
    }
}
