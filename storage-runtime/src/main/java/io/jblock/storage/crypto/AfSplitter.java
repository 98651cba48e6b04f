package io.jblock.storage.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * LUKS's anti-forensic information splitter (QEMU's crypto/afsplit.c, the LUKS1 spec's AFsplit
 * and AFmerge): a key of {@code n} bytes becomes {@code stripes * n} bytes, of which all are needed
 * to recover it. Between stripes, the running block is diffused with the hash: every digest-sized
 * piece {@code i} is replaced by {@code H(be32(i) || piece)} (the last piece truncated). Stateless.
 */
final class AfSplitter {

    private AfSplitter() {
    }

    /**
     * Splits a key.
     *
     * @param hash    the diffusion hash
     * @param key     the key
     * @param stripes the number of stripes, at least 1
     * @param random  where the random stripes come from
     * @return {@code stripes * key.length} bytes
     * @throws CryptoException when the hash is not implemented
     */
    static byte[] split(HashAlgorithm hash, byte[] key, int stripes, SecureRandom random) throws CryptoException {
        int n = key.length;
        byte[] out = new byte[Math.multiplyExact(n, stripes)];
        byte[] block = new byte[n];
        MessageDigest md = hash.newDigest();
        byte[] stripe = new byte[n];
        for (int i = 0; i < stripes - 1; i++) {
            random.nextBytes(stripe);
            System.arraycopy(stripe, 0, out, i * n, n);
            xor(block, stripe);
            diffuse(md, block);
        }
        for (int j = 0; j < n; j++) {
            out[(stripes - 1) * n + j] = (byte) (key[j] ^ block[j]);
        }
        Arrays.fill(block, (byte) 0);
        Arrays.fill(stripe, (byte) 0);
        return out;
    }

    /**
     * Merges split material back into the key.
     *
     * @param hash      the diffusion hash
     * @param material  {@code stripes * keyLength} bytes
     * @param keyLength the key length
     * @param stripes   the number of stripes, at least 1
     * @return the key
     * @throws CryptoException when the hash is not implemented
     */
    static byte[] merge(HashAlgorithm hash, byte[] material, int keyLength, int stripes) throws CryptoException {
        if ((long) keyLength * stripes > material.length) {
            throw new IllegalArgumentException("split key material of " + material.length + " bytes is shorter than "
                    + stripes + " stripes of " + keyLength + " bytes");
        }
        byte[] block = new byte[keyLength];
        MessageDigest md = hash.newDigest();
        for (int i = 0; i < stripes - 1; i++) {
            for (int j = 0; j < keyLength; j++) {
                block[j] ^= material[i * keyLength + j];
            }
            diffuse(md, block);
        }
        byte[] key = new byte[keyLength];
        for (int j = 0; j < keyLength; j++) {
            key[j] = (byte) (material[(stripes - 1) * keyLength + j] ^ block[j]);
        }
        Arrays.fill(block, (byte) 0);
        return key;
    }

    private static void xor(byte[] into, byte[] other) {
        for (int j = 0; j < into.length; j++) {
            into[j] ^= other[j];
        }
    }

    /** Replaces each digest-sized piece i of {@code block} by H(be32(i) || piece), truncated for the last. */
    private static void diffuse(MessageDigest md, byte[] block) {
        int d = md.getDigestLength();
        for (int i = 0, off = 0; off < block.length; i++, off += d) {
            int len = Math.min(d, block.length - off);
            md.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            md.update(block, off, len);
            byte[] h = md.digest();
            System.arraycopy(h, 0, block, off, len);
        }
    }
}
