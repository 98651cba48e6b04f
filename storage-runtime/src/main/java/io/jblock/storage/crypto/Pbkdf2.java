package io.jblock.storage.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over the JDK's HMACs, as QEMU's {@code qcrypto_pbkdf2}, and QEMU's iteration
 * benchmark ({@code qcrypto_pbkdf2_count_iters}). The password is raw bytes, not characters: LUKS
 * runs PBKDF2 on the binary master key too, which the JDK's {@code PBKDF2WithHmac*} key factories
 * (char[] passwords) cannot take. Stateless and thread-safe.
 */
final class Pbkdf2 {

    /** The time one measurement of the benchmark takes at least before it is trusted. */
    private static final long BENCH_NANOS = 60_000_000L;

    private Pbkdf2() {
    }

    /**
     * Derives {@code length} bytes.
     *
     * @param hash       the HMAC's hash
     * @param password   the password bytes (may be empty)
     * @param salt       the salt
     * @param iterations the iteration count, at least 1
     * @param length     the output length in bytes
     * @return the derived key
     * @throws CryptoException when the hash is not implemented or the provider fails
     */
    static byte[] derive(HashAlgorithm hash, byte[] password, byte[] salt, long iterations, int length)
            throws CryptoException {
        if (iterations < 1) {
            throw new CryptoException(CryptoException.Kind.CORRUPT, "PBKDF2 iteration count is zero");
        }
        try {
            Mac mac = Mac.getInstance(hash.hmacName());
            // HMAC pads a short key with zeroes: an empty key is the same as one zero byte, which
            // SecretKeySpec (that refuses empty keys) accepts
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, hash.hmacName()));
            int hlen = mac.getMacLength();
            byte[] out = new byte[length];
            byte[] u = new byte[hlen];
            byte[] t = new byte[hlen];
            for (int block = 1, done = 0; done < length; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8),
                        (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hlen);
                for (long i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < hlen; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(hlen, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "PBKDF2 with " + hash.qemuName()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * How many iterations this thread computes in one second for this key, salt and output
     * length (QEMU's qcrypto_pbkdf2_count_iters, with a shorter measurement: it runs until one
     * measurement took at least 60 ms). QEMU measures the thread's CPU time; this measures
     * elapsed time (the JDK's thread CPU clock needs java.management), so on a loaded machine
     * it counts fewer iterations, which the minimum iteration counts bound.
     *
     * @param hash   the HMAC's hash
     * @param key    the password bytes
     * @param salt   the salt
     * @param length the output length the real derivation will have
     * @return iterations per second, at least 1
     * @throws CryptoException when the hash is not implemented or the provider fails
     */
    static long iterationsPerSecond(HashAlgorithm hash, byte[] key, byte[] salt, int length) throws CryptoException {
        long iterations = 1 << 10;
        while (true) {
            long start = System.nanoTime();
            derive(hash, key, salt, iterations, length);
            long delta = System.nanoTime() - start;
            if (delta >= BENCH_NANOS) {
                return Math.max(1, (long) (iterations * (1e9 / delta)));
            }
            // aim at twice the threshold, growing at most 16 times per step
            long scaled = delta <= 0 ? iterations * 16
                    : (long) Math.min(iterations * 16.0, iterations * (2.0 * BENCH_NANOS / delta));
            iterations = Math.max(iterations + 1, scaled);
        }
    }
}
