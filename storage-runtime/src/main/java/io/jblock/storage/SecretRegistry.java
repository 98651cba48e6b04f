package io.jblock.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's secrets by id, as QEMU's object root holds {@code secret} objects: the tools
 * fill it from {@code --object secret,id=ID,data=...} and drivers look secrets up by the id an
 * option names ({@code encrypt.key-secret=ID}) when they open or create an image, through
 * {@link io.jblock.storage.spi.OpenContext#secret(String)} and
 * {@link io.jblock.storage.spi.CreateContext#secret(String)}. A library user defines its
 * secrets here before it opens an encrypted image.
 *
 * <p>One registry per process, as QEMU has one object tree per process. Thread-safe; the
 * bytes are copied in and out, so callers may wipe their arrays.
 */
public final class SecretRegistry {
    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();

    private SecretRegistry() {
    }

    /**
     * Defines a secret.
     *
     * @param id the secret's id (QEMU's identifier syntax is the caller's business)
     * @param data the secret's bytes
     * @throws InvalidOptionException if a secret with that id exists already (QEMU's words)
     */
    public static void define(String id, byte[] data) {
        if (SECRETS.putIfAbsent(id, data.clone()) != null) {
            throw new InvalidOptionException("attempt to add duplicate property '" + id
                    + "' to object (type 'container')", null, "id");
        }
    }

    /**
     * Removes a secret.
     *
     * @param id the secret's id
     * @return whether there was one
     */
    public static boolean remove(String id) {
        byte[] old = SECRETS.remove(id);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
        return old != null;
    }

    /**
     * Looks a secret up.
     *
     * @param id the secret's id
     * @return a copy of the secret's bytes
     * @throws InvalidOptionException {@code No secret with id 'ID'} (QEMU's words) when there is none
     */
    public static byte[] lookup(String id) {
        byte[] data = SECRETS.get(id);
        if (data == null) {
            throw new InvalidOptionException("No secret with id '" + id + "'", null, null);
        }
        return data.clone();
    }
}
