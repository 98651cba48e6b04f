package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.crypto.CryptoException;
import io.jblock.storage.crypto.LuksCreateOptions;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import java.io.IOException;
import java.util.Arrays;

/**
 * The {@code encrypt.*} creation options of qcow2 (QEMU's qcow2_co_create_opts and
 * qcow2_set_up_encryption): {@code encrypt.format=aes} (what the legacy {@code encryption=on}
 * means) or {@code luks} (with the LUKS {@code encrypt.cipher-alg}, {@code cipher-mode},
 * {@code ivgen-alg}, {@code ivgen-hash-alg}, {@code hash-alg}, {@code iter-time}), and
 * {@code encrypt.key-secret}. Errors in QEMU's words.
 *
 * @param cryptMethod the header's {@code crypt_method}
 * @param luks        the LUKS header to write, for {@code luks}; null otherwise
 */
record EncryptionCreate(int cryptMethod, LuksCreateOptions luks) {
    private static final String KEY_SECRET = "encrypt.key-secret";

    /** Reads the options (all of them before anything is written). */
    static EncryptionCreate of(NodeOptions o) {
        boolean legacy = o.bool("encryption", false);
        o.string(KEY_SECRET); // read (and so accepted) even without encryption; secret() uses it
        String format = o.string("encrypt.format").orElse(legacy ? "aes" : null);
        if (format == null) {
            return new EncryptionCreate(Qcow2Header.CRYPT_NONE, null);
        }
        return switch (format) {
            case "aes" -> new EncryptionCreate(Qcow2Header.CRYPT_AES, null);
            case "luks" -> {
                try {
                    yield new EncryptionCreate(Qcow2Header.CRYPT_LUKS,
                            LuksCreateOptions.parse("encrypt.", name -> o.string("encrypt." + name).orElse(null)));
                } catch (CryptoException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            default -> throw new IllegalArgumentException("Parameter 'encrypt.format' does not accept value '"
                    + format + "'");
        };
    }

    /** {@return whether the image is encrypted} */
    boolean encrypted() {
        return cryptMethod != Qcow2Header.CRYPT_NONE;
    }

    /**
     * The secret, which must exist and be text, as QEMU's crypto create looks it up; the caller
     * wipes it. Null without encryption.
     */
    byte[] secret(CreateContext ctx) {
        if (!encrypted()) {
            return null;
        }
        String id = ctx.options().string(KEY_SECRET).orElseThrow(() -> new IllegalArgumentException(
                "Parameter '" + KEY_SECRET + "' is required for cipher"));
        byte[] secret;
        try {
            secret = ctx.secret(id);
            Qcow2Encryption.requireUtf8(secret, id, null);
        } catch (InvalidOptionException e) {
            // qemu-img words it as a create failure, not as an option of the file being created
            throw new IllegalArgumentException(e.reason(), e);
        }
        return secret;
    }

    /** Writes the LUKS header into the new image (after its first truncate, as QEMU orders it). */
    void setUp(Qcow2Driver d, byte[] secret) throws IOException {
        if (cryptMethod != Qcow2Header.CRYPT_LUKS) {
            return;
        }
        try {
            LuksInQcow2.create(d.image(), d.refcounts(), luks, secret);
        } catch (CryptoException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Wipes a secret {@link #secret} returned. */
    static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
