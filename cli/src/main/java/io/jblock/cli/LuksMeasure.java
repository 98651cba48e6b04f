package io.jblock.cli;

import io.jblock.storage.crypto.CryptoException;
import io.jblock.storage.crypto.LuksCreateOptions;
import io.jblock.storage.crypto.LuksVolume;
import io.jblock.storage.crypto.Secrets;

/**
 * The LUKS part of {@code measure} (QEMU's block_crypto_measure for {@code -O luks}, and
 * qcow2_measure's {@code encrypt.format=luks}): the header length of a volume with the given
 * options. As QEMU, which measures by a fake create, the options must be valid and name a
 * secret that exists.
 */
final class LuksMeasure {
    private LuksMeasure() {
    }

    /**
     * The header length for the LUKS options under {@code prefix} ({@code ""} for the luks
     * format, {@code "encrypt."} for qcow2).
     *
     * @param q      the parsed {@code -o} options
     * @param prefix the options' prefix
     * @return bytes
     */
    static long headerLength(QemuOpts q, String prefix) {
        try {
            LuksCreateOptions o = LuksCreateOptions.parse(prefix, k -> q.get(prefix + k));
            String secret = q.get(prefix + "key-secret");
            if (secret == null) {
                throw new CommandFailure("Parameter '" + prefix + "key-secret' is required for cipher", 1);
            }
            Secrets.lookup(secret);
            return LuksVolume.headerLength(o);
        } catch (CryptoException e) {
            throw new CommandFailure(e.getMessage(), 1, e);
        }
    }
}
