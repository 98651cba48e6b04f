package io.jblock.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AES-XTS against IEEE 1619's test vectors (the values QEMU's tests/unit/test-crypto-xts.c
 * uses), through the same code path the payload uses: the tweak is AES under key 2 of the
 * plain64 IV of the data unit's sequence number.
 */
class XtsVectorTest {

    private static final HexFormat HEX = HexFormat.of();

    private static void check(String key1, String key2, long seq, String plain, String cipher) throws Exception {
        byte[] key = HEX.parseHex(key1 + key2);
        BlockSectorCipher c = new BlockSectorCipher(CipherAlgorithm.AES_128, CipherMode.XTS, IvGenAlgorithm.PLAIN64,
                null, key);
        byte[] buf = HEX.parseHex(plain);
        c.processBytes(true, seq, buf, 0, buf.length);
        assertArrayEquals(HEX.parseHex(cipher), buf, "encryption of data unit " + seq);
        c.processBytes(false, seq, buf, 0, buf.length);
        assertArrayEquals(HEX.parseHex(plain), buf, "decryption of data unit " + seq);
    }

    @Test
    void vector1ZeroKeys() throws Exception {
        check("00".repeat(16), "00".repeat(16), 0, "00".repeat(32),
                "917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e");
    }

    @Test
    void vector2() throws Exception {
        check("11".repeat(16), "22".repeat(16), 0x3333333333L, "44".repeat(32),
                "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0");
    }

    @Test
    void vector5() throws Exception {
        check("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0", "bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0", 0x123456789aL, "44".repeat(32),
                "b01f86f8edc1863706fa8a4253e34f28af319de38334870f4dd1f94cbe9832f1");
    }

    /** A whole 512-byte sector: the tweak doubles 31 times inside it. */
    @Test
    void vector4WholeSector() throws Exception {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            plain.append(String.format("%02x", i & 0xff));
        }
        check("27182818284590452353602874713526", "31415926535897932384626433832795", 0, plain.toString(),
                "27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89cc78cf7f5e543445f8333d8fa7f5600000527"
                + "9fa5d8b5e4ad40e736ddb4d35412328063fd2aab53e5ea1e0a9f332500a5df9487d07a5c92cc512c8866c7e860ce93fdf1"
                + "66a24912b422976146ae20ce846bb7dc9ba94a767aaef20c0d61ad02655ea92dc4c4e41a8952c651d33174be51a10c4211"
                + "10e6d81588ede82103a252d8a750e8768defffed9122810aaeb99f9172af82b604dc4b8e51bcb08235a6f4341332e4ca60"
                + "482a4ba1a03b3e65008fc5da76b70bf1690db4eae29c5f1badd03c5ccf2a55d705ddcd86d449511ceb7ec30bf12b1fa35b"
                + "913f9f747a8afd1b130e94bff94effd01a91735ca1726acd0b197c4e5b03393697e126826fb6bbde8ecc1e08298516e2c9"
                + "ed03ff3c1b7860f6de76d4cecd94c8119855ef5297ca67e9f3e7ff72b1e99785ca0a7e7720c5b36dc6d72cac9574c8cbbc"
                + "2f801e23e56fd344b07f22154beba0f08ce8891e643ed995c94d9a69c9f1b5f499027a78572aeebd74d20cc39881c213ee"
                + "770b1010e4bea718846977ae119f7a023ab58cca0ad752afe656bb3c17256a9f6e9bf19fdd5a38fc82bbe872c5539edb60"
                + "9ef4f79c203ebb140f2e583cb2ad15b4aa5b655016a8449277dbd477ef2c8d6c017db738b18deb4a427d1923ce3ff26273"
                + "5779a418f20a282df920147beabe421ee5319d0568");
    }

    /**
     * The segment path (chunked copies, many sectors) agrees with sector-by-sector array
     * encryption, and each sector's IV is its own number (a negative control: the same plain
     * text in two sectors encrypts differently).
     */
    @Test
    void segmentPathMatchesPerSectorEncryption() throws Exception {
        byte[] key = new byte[64];
        new Random(7).nextBytes(key);
        SectorCipher cipher = SectorCiphers.of(CipherAlgorithm.AES_256, CipherMode.XTS, IvGenAlgorithm.PLAIN64, null,
                key);
        BlockSectorCipher reference = new BlockSectorCipher(CipherAlgorithm.AES_256, CipherMode.XTS,
                IvGenAlgorithm.PLAIN64, null, key);
        int sectors = 300; // more than one 64 KiB chunk
        byte[] plain = new byte[sectors * 512];
        Arrays.fill(plain, (byte) 0x5a);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(plain.length);
            MemorySegment.copy(plain, 0, seg, ValueLayout.JAVA_BYTE, 0, plain.length);
            cipher.encrypt(1000, seg);
            byte[] got = seg.toArray(ValueLayout.JAVA_BYTE);
            for (int s = 0; s < sectors; s++) {
                byte[] one = Arrays.copyOfRange(plain, s * 512, (s + 1) * 512);
                reference.processBytes(true, 1000 + s, one, 0, 512);
                assertArrayEquals(one, Arrays.copyOfRange(got, s * 512, (s + 1) * 512), "sector " + (1000 + s));
            }
            assertFalse(Arrays.equals(Arrays.copyOfRange(got, 0, 512), Arrays.copyOfRange(got, 512, 1024)),
                    "two sectors of equal plain text have different cipher text");
            cipher.decrypt(1000, seg);
            assertArrayEquals(plain, seg.toArray(ValueLayout.JAVA_BYTE));
            assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(0, seg.asSlice(0, 100)));
        }
    }

    @Test
    void everyImplementedSpecRoundTrips() throws Exception {
        for (CipherAlgorithm alg : new CipherAlgorithm[] {CipherAlgorithm.AES_128, CipherAlgorithm.AES_192,
                CipherAlgorithm.AES_256}) {
            for (CipherMode mode : CipherMode.values()) {
                for (IvGenAlgorithm ivgen : IvGenAlgorithm.values()) {
                    byte[] key = new byte[mode == CipherMode.XTS ? 2 * alg.keyLength() : alg.keyLength()];
                    new Random(alg.ordinal() * 31 + mode.ordinal()).nextBytes(key);
                    SectorCipher c = SectorCiphers.of(alg, mode, ivgen, HashAlgorithm.SHA256, key);
                    byte[] plain = new byte[2048];
                    new Random(3).nextBytes(plain);
                    MemorySegment seg = MemorySegment.ofArray(plain.clone());
                    c.encrypt(5, seg);
                    assertFalse(Arrays.equals(plain, seg.toArray(ValueLayout.JAVA_BYTE)), alg + "-" + mode + "-" + ivgen);
                    c.decrypt(5, seg);
                    assertArrayEquals(plain, seg.toArray(ValueLayout.JAVA_BYTE), alg + "-" + mode + "-" + ivgen);
                }
            }
        }
    }

    @Test
    void unimplementedCipherIsRefusedByName() {
        CryptoException e = assertThrows(CryptoException.class, () -> SectorCiphers.of(CipherAlgorithm.SERPENT_256,
                CipherMode.XTS, IvGenAlgorithm.PLAIN64, null, new byte[64]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("serpent-256"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(CryptoException.Kind.UNSUPPORTED, e.kind());
    }
}
