package io.jblock.storage.crypto;

/** The IV generators of QEMU's {@code QCryptoIVGenAlgorithm}: how a sector number becomes an IV. */
public enum IvGenAlgorithm {
    /** The sector number's low 32 bits, little-endian, zero-padded (wraps at 2 TiB). */
    PLAIN("plain"),
    /** The sector number, 64-bit little-endian, zero-padded: QEMU's default for LUKS. */
    PLAIN64("plain64"),
    /** The plain64 block encrypted with a key that is the hash of the master key. */
    ESSIV("essiv");

    private final String qemuName;

    IvGenAlgorithm(String qemuName) {
        this.qemuName = qemuName;
    }

    /** {@return QEMU's name ({@code plain64})} */
    public String qemuName() {
        return qemuName;
    }

    /**
     * Finds an IV generator by QEMU's name.
     *
     * @param name the name ({@code plain64})
     * @return the generator
     * @throws CryptoException with QEMU's {@code IV generator 'NAME' not supported} for an unknown name
     */
    public static IvGenAlgorithm byName(String name) throws CryptoException {
        for (IvGenAlgorithm g : values()) {
            if (g.qemuName.equals(name)) {
                return g;
            }
        }
        throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "IV generator '" + name + "' not supported");
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
