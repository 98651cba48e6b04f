package io.jblock.storage.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The hash algorithms of QEMU's {@code QCryptoHashAlgorithm} that LUKS names in its header
 * ({@code hash-spec}) and in ESSIV specs ({@code cbc-essiv:sha256}), with their JDK names.
 * {@code ripemd160} is known but not implemented (the JDK has no provider for it).
 */
public enum HashAlgorithm {
    /** MD5 (16-byte digest). */
    MD5("md5", "MD5", "HmacMD5", 16),
    /** SHA-1 (20-byte digest). */
    SHA1("sha1", "SHA-1", "HmacSHA1", 20),
    /** SHA-224 (28-byte digest). */
    SHA224("sha224", "SHA-224", "HmacSHA224", 28),
    /** SHA-256 (32-byte digest), QEMU's default for LUKS. */
    SHA256("sha256", "SHA-256", "HmacSHA256", 32),
    /** SHA-384 (48-byte digest). */
    SHA384("sha384", "SHA-384", "HmacSHA384", 48),
    /** SHA-512 (64-byte digest). */
    SHA512("sha512", "SHA-512", "HmacSHA512", 64),
    /** RIPEMD-160 (20-byte digest): named by QEMU, not implemented here. */
    RIPEMD160("ripemd160", null, null, 20);

    private final String qemuName;
    private final String digestName;
    private final String hmacName;
    private final int digestLength;

    HashAlgorithm(String qemuName, String digestName, String hmacName, int digestLength) {
        this.qemuName = qemuName;
        this.digestName = digestName;
        this.hmacName = hmacName;
        this.digestLength = digestLength;
    }

    /** {@return QEMU's name, as in LUKS headers and {@code hash-alg=}} */
    public String qemuName() {
        return qemuName;
    }

    /** {@return the digest length in bytes} */
    public int digestLength() {
        return digestLength;
    }

    /** {@return the JCA name of the HMAC over this hash} */
    String hmacName() throws CryptoException {
        requireImplemented();
        return hmacName;
    }

    /**
     * A new digest of this algorithm.
     *
     * @return a fresh, unshared digest
     * @throws CryptoException when jblock does not implement the hash
     */
    MessageDigest newDigest() throws CryptoException {
        requireImplemented();
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Hash algorithm '" + qemuName
                    + "' is not available in this JDK", e);
        }
    }

    private void requireImplemented() throws CryptoException {
        if (digestName == null) {
            throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Hash algorithm '" + qemuName
                    + "' is not supported by jblock");
        }
    }

    /**
     * Finds a hash by QEMU's name.
     *
     * @param name the name ({@code sha256}); exact, as QEMU's enum lookup
     * @return the algorithm
     * @throws CryptoException with QEMU's {@code Hash algorithm 'NAME' not supported} for an unknown name
     */
    public static HashAlgorithm byName(String name) throws CryptoException {
        for (HashAlgorithm h : values()) {
            if (h.qemuName.equals(name)) {
                return h;
            }
        }
        throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Hash algorithm '" + name + "' not supported");
    }

    @Override
    public String toString() {
        return qemuName.toLowerCase(Locale.ROOT);
    }
}
