package io.jblock.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The anti-forensic splitter: merge inverts split, and every stripe matters. */
class AfSplitterTest {

    @Test
    void mergeInvertsSplitForEveryKeyLengthAndHash() throws Exception {
        SecureRandom random = new SecureRandom();
        for (HashAlgorithm hash : new HashAlgorithm[] {HashAlgorithm.SHA1, HashAlgorithm.SHA256, HashAlgorithm.SHA512}) {
            for (int keyLength : new int[] {16, 24, 32, 48, 64}) {
                byte[] key = new byte[keyLength];
                random.nextBytes(key);
                byte[] split = AfSplitter.split(hash, key, 4000, random);
                assertEquals(keyLength * 4000, split.length);
                assertArrayEquals(key, AfSplitter.merge(hash, split, keyLength, 4000), hash + " " + keyLength);
            }
        }
    }

    /** Negative control: a flipped bit in the first stripe, or the wrong hash, gives another key. */
    @Test
    void everyStripeAndTheHashMatter() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] split = AfSplitter.split(HashAlgorithm.SHA256, key, 4000, random);
        byte[] damaged = split.clone();
        damaged[3] ^= 1;
        assertFalse(Arrays.equals(key, AfSplitter.merge(HashAlgorithm.SHA256, damaged, 32, 4000)));
        assertFalse(Arrays.equals(key, AfSplitter.merge(HashAlgorithm.SHA1, split, 32, 4000)));
        assertArrayEquals(key, AfSplitter.merge(HashAlgorithm.SHA256, split, 32, 4000));
    }

    /** PBKDF2-HMAC-SHA256 against RFC 7914's test vector (P="passwd", S="salt", c=1, dkLen=64). */
    @Test
    void pbkdf2MatchesRfc7914() throws Exception {
        byte[] dk = Pbkdf2.derive(HashAlgorithm.SHA256, "passwd".getBytes(), "salt".getBytes(), 1, 64);
        assertArrayEquals(java.util.HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20"
                + "dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"), dk);
        // RFC 6070 (SHA-1): P="password", S="salt", c=2, dkLen=20
        assertArrayEquals(java.util.HexFormat.of().parseHex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
                Pbkdf2.derive(HashAlgorithm.SHA1, "password".getBytes(), "salt".getBytes(), 2, 20));
    }
}
