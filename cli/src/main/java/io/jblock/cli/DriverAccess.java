package io.jblock.cli;

import io.jblock.storage.BlockNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Reaches format-specific operations (check, snapshot list, format-specific info) that the
 * generic {@link BlockNode} interface does not declare: a public method of that name on the node,
 * or on the driver the node exposes through a public {@code driver()} method. Absent operations
 * are reported as such, never guessed.
 */
public final class DriverAccess {
    private DriverAccess() {
    }

    /** What {@link #call} returns for a method that returned nothing (void or null). */
    public static final Object NO_VALUE = new Object();

    /**
     * Calls {@code name(args)} on the node or its driver.
     *
     * @return the result ({@link #NO_VALUE} for void or null), or empty when neither has such a method
     */
    public static Optional<Object> call(BlockNode node, String name, Class<?>[] types, Object... args)
            throws IOException {
        for (Object target : targets(node)) {
            Method m = find(target.getClass(), name, types);
            if (m == null) {
                continue;
            }
            try {
                m.setAccessible(true);
                Object r = m.invoke(target, args);
                return Optional.of(r == null ? NO_VALUE : r);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (t instanceof IOException io) {
                    throw io;
                }
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(t);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not accessible (module boundary): try the next target
            }
        }
        return Optional.empty();
    }

    private static Object[] targets(BlockNode node) {
        Method driver = find(node.getClass(), "driver", new Class<?>[0]);
        if (driver != null) {
            try {
                driver.setAccessible(true);
                Object d = driver.invoke(node);
                if (d != null) {
                    return new Object[] {node, d};
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through: the node alone
            }
        }
        return new Object[] {node};
    }

    private static Method find(Class<?> type, String name, Class<?>[] types) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, types);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            try {
                return i.getMethod(name, types);
            } catch (NoSuchMethodException e) {
                // next interface
            }
        }
        return null;
    }
}
