package io.jblock.storage.crypto;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.SecretRegistry;


/**
 * The secrets the {@code luks} format looks up by the id its {@code key-secret} option names
 * (QEMU's {@code qcrypto_secret_lookup}): a view of the process-wide
 * {@link SecretRegistry} that the tools' {@code --object secret,...} fills, with the crypto
 * package's exception type. One registry, so a secret defined either way is found by both.
 *
 * <p>Thread-safe; bytes are copied in and out.
 */
public final class Secrets {
    private Secrets() {
    }

    /**
     * Defines (or replaces) a secret.
     *
     * @param id   the secret's id
     * @param data its bytes
     */
    public static void define(String id, byte[] data) {
        SecretRegistry.remove(id);
        SecretRegistry.define(id, data);
    }

    /**
     * Removes a secret.
     *
     * @param id the secret's id
     */
    public static void remove(String id) {
        SecretRegistry.remove(id);
    }

    /**
     * Looks a secret up.
     *
     * @param id the secret's id
     * @return a copy of its bytes
     * @throws CryptoException QEMU's {@code No secret with id 'ID'} when there is none
     */
    public static byte[] lookup(String id) throws CryptoException {
        try {
            return SecretRegistry.lookup(id);
        } catch (InvalidOptionException e) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, e.reason());
        }
    }
}
