package io.jblock.storage.crypto;

/** The cipher modes of QEMU's {@code QCryptoCipherMode}; jblock implements all four for AES. */
public enum CipherMode {
    /** Electronic code book: no IV. */
    ECB("ecb"),
    /** Cipher block chaining, the IV restarting every sector. */
    CBC("cbc"),
    /** XEX with ciphertext stealing (IEEE 1619), QEMU's default for LUKS: two keys. */
    XTS("xts"),
    /** Counter mode, the IV being the sector's first counter block (big-endian increment). */
    CTR("ctr");

    private final String qemuName;

    CipherMode(String qemuName) {
        this.qemuName = qemuName;
    }

    /** {@return QEMU's name ({@code xts})} */
    public String qemuName() {
        return qemuName;
    }

    /**
     * Finds a mode by QEMU's name.
     *
     * @param name the name ({@code xts})
     * @return the mode
     * @throws CryptoException with QEMU's {@code Cipher mode 'NAME' not supported} for an unknown name
     */
    public static CipherMode byName(String name) throws CryptoException {
        for (CipherMode m : values()) {
            if (m.qemuName.equals(name)) {
                return m;
            }
        }
        throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Cipher mode '" + name + "' not supported");
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
