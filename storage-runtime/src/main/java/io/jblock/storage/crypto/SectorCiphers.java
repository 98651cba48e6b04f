package io.jblock.storage.crypto;

/**
 * Makes {@link SectorCipher}s from QEMU's cipher specs: legacy qcow2 AES is
 * {@code of(AES_128, CBC, PLAIN64, null, key)}, LUKS's default is
 * {@code of(AES_256, XTS, PLAIN64, null, key)} with a 64-byte key. Every cipher works in 512-byte
 * sectors.
 */
public final class SectorCiphers {

    private SectorCiphers() {
    }

    /**
     * A sector cipher for a spec and key.
     *
     * @param alg       the block cipher (AES only is implemented)
     * @param mode      the mode
     * @param ivgen     the IV generator
     * @param ivgenHash the ESSIV hash (ignored for plain and plain64; may be null then)
     * @param key       the key: {@code alg.keyLength()} bytes, twice that for XTS; copied
     * @return a thread-safe cipher
     * @throws CryptoException when the spec is not implemented (naming it) or the key length is wrong
     */
    public static SectorCipher of(CipherAlgorithm alg, CipherMode mode, IvGenAlgorithm ivgen, HashAlgorithm ivgenHash,
                                  byte[] key) throws CryptoException {
        if (ivgen == IvGenAlgorithm.ESSIV && ivgenHash == null) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Missing IV generator hash specification");
        }
        return new BlockSectorCipher(alg, mode, ivgen, ivgenHash, key.clone());
    }
}
