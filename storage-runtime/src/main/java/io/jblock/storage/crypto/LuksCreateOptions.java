package io.jblock.storage.crypto;

import java.util.function.Function;

/**
 * The LUKS create options (QEMU's {@code QCryptoBlockCreateOptionsLUKS} without the secret):
 * {@code cipher-alg} (default {@code aes-256}), {@code cipher-mode} ({@code xts}),
 * {@code ivgen-alg} ({@code plain64}), {@code ivgen-hash-alg} (for ESSIV, default
 * {@code sha256}; with other generators it is recorded in the header and ignored, as dm-crypt
 * does), {@code hash-alg} ({@code sha256}) and {@code iter-time} in milliseconds (2000).
 * Immutable.
 *
 * @param cipherAlg    the block cipher
 * @param cipherMode   the mode
 * @param ivgenAlg     the IV generator
 * @param ivgenHashAlg the IV generator's hash, or null when none was given (ESSIV then uses sha256)
 * @param hashAlg      the PBKDF2 and anti-forensic splitter hash
 * @param iterTimeMs   the PBKDF2 time per key slot in milliseconds, at least 1
 */
public record LuksCreateOptions(CipherAlgorithm cipherAlg, CipherMode cipherMode, IvGenAlgorithm ivgenAlg,
                                HashAlgorithm ivgenHashAlg, HashAlgorithm hashAlg, long iterTimeMs) {

    /** QEMU's QCRYPTO_BLOCK_LUKS_DEFAULT_ITER_TIME_MS. */
    public static final long DEFAULT_ITER_TIME_MS = 2000;

    /** The option names, without prefix, that {@link #parse} reads ({@code key-secret} is the caller's). */
    public static final java.util.List<String> OPTION_NAMES = java.util.List.of("cipher-alg", "cipher-mode",
            "ivgen-alg", "ivgen-hash-alg", "hash-alg", "iter-time");

    /**
     * Checks the record.
     *
     * @param cipherAlg    the block cipher
     * @param cipherMode   the mode
     * @param ivgenAlg     the IV generator
     * @param ivgenHashAlg the IV generator's hash, or null
     * @param hashAlg      the PBKDF2 hash
     * @param iterTimeMs   the PBKDF2 time in milliseconds
     */
    public LuksCreateOptions {
        if (cipherAlg == null || cipherMode == null || ivgenAlg == null || hashAlg == null) {
            throw new NullPointerException("cipher-alg, cipher-mode, ivgen-alg and hash-alg are required");
        }
        if (iterTimeMs < 1) {
            throw new IllegalArgumentException("iter-time must be at least 1 ms, not " + iterTimeMs);
        }
    }

    /** {@return QEMU's defaults: aes-256, xts, plain64, sha256, 2000 ms} */
    public static LuksCreateOptions defaults() {
        return new LuksCreateOptions(CipherAlgorithm.AES_256, CipherMode.XTS, IvGenAlgorithm.PLAIN64, null,
                HashAlgorithm.SHA256, DEFAULT_ITER_TIME_MS);
    }

    /**
     * {@return these options with another iteration time}
     *
     * @param ms the PBKDF2 time per key slot in milliseconds
     */
    public LuksCreateOptions withIterTime(long ms) {
        return new LuksCreateOptions(cipherAlg, cipherMode, ivgenAlg, ivgenHashAlg, hashAlg, ms);
    }

    /**
     * Reads the options from option strings, defaults for those absent.
     *
     * @param prefix what the caller's option names start with, for messages ({@code ""} for the
     *               luks format, {@code "encrypt."} for qcow2)
     * @param option the value of an option by its name without prefix ({@link #OPTION_NAMES}), or null
     * @return the options
     * @throws CryptoException with QEMU's wording for a value no algorithm has
     */
    public static LuksCreateOptions parse(String prefix, Function<String, String> option) throws CryptoException {
        LuksCreateOptions d = defaults();
        CipherAlgorithm alg = d.cipherAlg;
        String v = option.apply("cipher-alg");
        if (v != null) {
            alg = lookup(prefix, "cipher-alg", v, CipherAlgorithm.values(), CipherAlgorithm::qemuName);
        }
        CipherMode mode = d.cipherMode;
        v = option.apply("cipher-mode");
        if (v != null) {
            mode = lookup(prefix, "cipher-mode", v, CipherMode.values(), CipherMode::qemuName);
        }
        IvGenAlgorithm ivgen = d.ivgenAlg;
        v = option.apply("ivgen-alg");
        if (v != null) {
            ivgen = lookup(prefix, "ivgen-alg", v, IvGenAlgorithm.values(), IvGenAlgorithm::qemuName);
        }
        HashAlgorithm ivgenHash = null;
        v = option.apply("ivgen-hash-alg");
        if (v != null) {
            ivgenHash = lookup(prefix, "ivgen-hash-alg", v, HashAlgorithm.values(), HashAlgorithm::qemuName);
        }
        HashAlgorithm hash = d.hashAlg;
        v = option.apply("hash-alg");
        if (v != null) {
            hash = lookup(prefix, "hash-alg", v, HashAlgorithm.values(), HashAlgorithm::qemuName);
        }
        long iterTime = d.iterTimeMs;
        v = option.apply("iter-time");
        if (v != null) {
            try {
                iterTime = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Parameter '" + prefix
                        + "iter-time' expects a number");
            }
            if (iterTime < 1) {
                // QEMU divides by it: 0 ends in "PBKDF iterations ... too large to scale" or a crash
                throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Parameter '" + prefix
                        + "iter-time' must be at least 1 (milliseconds)");
            }
        }
        return new LuksCreateOptions(alg, mode, ivgen, ivgenHash, hash, iterTime);
    }

    private static <T> T lookup(String prefix, String key, String value, T[] values, Function<T, String> name)
            throws CryptoException {
        for (T t : values) {
            if (name.apply(t).equals(value)) {
                return t;
            }
        }
        throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Parameter '" + prefix + key
                + "' does not accept value '" + value + "'");
    }

    /** {@return the IV generator's hash as the volume uses it: the given one, or sha256 for ESSIV, or null} */
    HashAlgorithm effectiveIvgenHash() {
        return ivgenHashAlg == null && ivgenAlg == IvGenAlgorithm.ESSIV ? HashAlgorithm.SHA256 : ivgenHashAlg;
    }

    /** {@return the master key length: the cipher's key, twice for XTS} */
    int masterKeyLength() {
        return cipherMode == CipherMode.XTS ? 2 * cipherAlg.keyLength() : cipherAlg.keyLength();
    }
}
