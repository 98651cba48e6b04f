package io.jblock.storage.crypto;

/**
 * The block ciphers of QEMU's {@code QCryptoCipherAlgorithm}, with the family name and key
 * length a LUKS header records them by ({@code aes} with 32 key bytes is {@code aes-256}; in XTS
 * mode the header's key length is doubled). jblock implements AES (through the JDK); the others
 * are known so that an image or option naming one gets a clear refusal.
 */
public enum CipherAlgorithm {
    /** AES with a 128-bit key. */
    AES_128("aes-128", "aes", 16, true),
    /** AES with a 192-bit key. */
    AES_192("aes-192", "aes", 24, true),
    /** AES with a 256-bit key, QEMU's default for LUKS. */
    AES_256("aes-256", "aes", 32, true),
    /** Single DES (not in LUKS headers). */
    DES("des", null, 8, false),
    /** Triple DES (not in LUKS headers). */
    DES3("3des", null, 24, false),
    /** CAST-128. */
    CAST5_128("cast5-128", "cast5", 16, false),
    /** Serpent with a 128-bit key. */
    SERPENT_128("serpent-128", "serpent", 16, false),
    /** Serpent with a 192-bit key. */
    SERPENT_192("serpent-192", "serpent", 24, false),
    /** Serpent with a 256-bit key. */
    SERPENT_256("serpent-256", "serpent", 32, false),
    /** Twofish with a 128-bit key. */
    TWOFISH_128("twofish-128", "twofish", 16, false),
    /** Twofish with a 192-bit key. */
    TWOFISH_192("twofish-192", "twofish", 24, false),
    /** Twofish with a 256-bit key. */
    TWOFISH_256("twofish-256", "twofish", 32, false);

    private final String qemuName;
    private final String luksName;
    private final int keyLength;
    private final boolean implemented;

    CipherAlgorithm(String qemuName, String luksName, int keyLength, boolean implemented) {
        this.qemuName = qemuName;
        this.luksName = luksName;
        this.keyLength = keyLength;
        this.implemented = implemented;
    }

    /** {@return QEMU's name ({@code aes-256}), as in {@code cipher-alg=} and {@code qemu-img info}} */
    public String qemuName() {
        return qemuName;
    }

    /** {@return the family name a LUKS header stores ({@code aes}), or null for ciphers LUKS does not name} */
    public String luksName() {
        return luksName;
    }

    /** {@return the key length in bytes (one key; XTS takes two)} */
    public int keyLength() {
        return keyLength;
    }

    /** {@return whether jblock can encrypt with it} */
    public boolean implemented() {
        return implemented;
    }

    /**
     * Finds a cipher by QEMU's name.
     *
     * @param name the name ({@code aes-256})
     * @return the algorithm
     * @throws CryptoException for an unknown name
     */
    public static CipherAlgorithm byName(String name) throws CryptoException {
        for (CipherAlgorithm c : values()) {
            if (c.qemuName.equals(name)) {
                return c;
            }
        }
        throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Algorithm '" + name + "' not supported");
    }

    /**
     * Finds the cipher a LUKS header names (QEMU's qcrypto_block_luks_cipher_name_lookup).
     *
     * @param luksName  the header's cipher name ({@code aes})
     * @param keyLength the key length of one cipher key (the header's key bytes, halved for XTS)
     * @return the algorithm
     * @throws CryptoException with QEMU's wording when no cipher has that name and size
     */
    static CipherAlgorithm byLuksName(String luksName, int keyLength) throws CryptoException {
        for (CipherAlgorithm c : values()) {
            if (luksName.equals(c.luksName) && c.keyLength == keyLength) {
                return c;
            }
        }
        throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Algorithm '" + luksName + "' with key size "
                + keyLength + " bytes not supported");
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
