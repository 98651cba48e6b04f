package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The one place where the CLI reaches the block graph: opening an image by option string and
 * creating one. Everything else talks to {@link BlockNode}.
 */
public final class ImageGraph {
    private ImageGraph() {
    }

    /**
     * Opens the graph an option string describes ({@code driver=qcow2,file.driver=file,
     * file.filename=a.qcow2}); the caller closes the returned root node.
     */
    public static BlockNode open(String optionString, boolean readOnly, boolean inactive, CacheMode cache)
            throws IOException {
        Class<?> graph = graphClass();
        Class<?> optionsType = optionsClass();
        try {
            Constructor<?> c = optionsType.getDeclaredConstructor(boolean.class, boolean.class, CacheMode.class);
            Object options = c.newInstance(readOnly, inactive, cache);
            Method open = graph.getMethod("open", String.class, optionsType);
            return (BlockNode) open.invoke(null, optionString, options);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("io.jblock.storage.BlockGraph.open is not the expected API: " + e, e);
        }
    }

    /**
     * Creates an image (qemu-img create): {@code driver} is the format, {@code createOptions}
     * the {@code -o} string (may be empty).
     */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        Class<?> graph = graphClass();
        try {
            Method create = graph.getMethod("create", String.class, String.class, long.class, String.class);
            create.invoke(null, driver, filename, size, createOptions);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("io.jblock.storage.BlockGraph.create is not the expected API: " + e, e);
        }
    }

    private static Class<?> graphClass() {
        try {
            return Class.forName("io.jblock.storage.BlockGraph");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("io.jblock.storage.BlockGraph is not on the class path: "
                    + "this build of storage-runtime has no block graph yet", e);
        }
    }

    private static Class<?> optionsClass() {
        for (String name : new String[] {"io.jblock.storage.BlockGraph$OpenOptions", "io.jblock.storage.OpenOptions"}) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // try the next spelling
            }
        }
        throw new IllegalStateException("io.jblock.storage.BlockGraph.OpenOptions is not on the class path");
    }

    private static IOException rethrow(InvocationTargetException e) {
        Throwable t = e.getCause();
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IOException(t);
    }
}
