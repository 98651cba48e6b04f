package io.jblock.storage.crypto;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets the {@code luks} format looks up by the id its {@code key-secret} option names
 * (QEMU's {@code qcrypto_secret_lookup}). An interim registry of this stream: the tools'
 * {@code --object secret,...} parsing (another stream's) defines secrets in the process-wide
 * registry it provides, and {@link #lookup} is the one place to point at it when both land.
 *
 * <p>Thread-safe; bytes are copied in and out.
 */
public final class Secrets {
    private static final Map<String, byte[]> DEFINED = new ConcurrentHashMap<>();

    private Secrets() {
    }

    /**
     * Defines (or replaces) a secret.
     *
     * @param id   the secret's id
     * @param data its bytes
     */
    public static void define(String id, byte[] data) {
        byte[] old = DEFINED.put(id, data.clone());
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
    }

    /**
     * Removes a secret.
     *
     * @param id the secret's id
     */
    public static void remove(String id) {
        byte[] old = DEFINED.remove(id);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
    }

    /**
     * Looks a secret up.
     *
     * @param id the secret's id
     * @return a copy of its bytes
     * @throws CryptoException QEMU's {@code No secret with id 'ID'} when there is none
     */
    public static byte[] lookup(String id) throws CryptoException {
        byte[] data = DEFINED.get(id);
        if (data == null) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "No secret with id '" + id + "'");
        }
        return data.clone();
    }
}
