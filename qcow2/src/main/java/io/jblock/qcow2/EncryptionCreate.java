package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import java.util.Arrays;

/**
 * The {@code encrypt.*} creation options of qcow2 (QEMU's qcow2_co_create_opts and
 * qcow2_set_up_encryption): {@code encrypt.format=aes} (what the legacy {@code encryption=on}
 * means) with {@code encrypt.key-secret}; {@code luks} is refused until jblock writes LUKS
 * headers inside qcow2.
 */
final class EncryptionCreate {
    private static final String KEY_SECRET = "encrypt.key-secret";

    private EncryptionCreate() {
    }

    /** The header's {@code crypt_method} the options ask for. */
    static int cryptMethod(NodeOptions o) {
        boolean legacy = o.bool("encryption", false);
        o.string(KEY_SECRET); // read (and so accepted) even without encryption; checkKey uses it
        String format = o.string("encrypt.format").orElse(legacy ? "aes" : null);
        if (format == null) {
            return Qcow2Header.CRYPT_NONE;
        }
        return switch (format) {
            case "aes" -> Qcow2Header.CRYPT_AES;
            case "luks" -> throw new IllegalArgumentException("jblock does not create qcow2 images with LUKS "
                    + "encryption yet (encrypt.format=luks)");
            default -> throw new IllegalArgumentException("Parameter 'encrypt.format' does not accept value '"
                    + format + "'");
        };
    }

    /** The secret must exist and be text, as QEMU's qcow crypto create looks it up. */
    static void checkKey(CreateContext ctx, int cryptMethod) {
        if (cryptMethod == Qcow2Header.CRYPT_NONE) {
            return;
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
        Arrays.fill(secret, (byte) 0);
    }
}
