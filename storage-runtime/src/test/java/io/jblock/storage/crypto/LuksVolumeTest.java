package io.jblock.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create and open of LUKS1 volumes in memory: layout, unlocking, wrong secrets, hostile headers. */
class LuksVolumeTest {

    private static final byte[] SECRET = "123456".getBytes(StandardCharsets.UTF_8);
    private static final LuksCreateOptions FAST = LuksCreateOptions.defaults().withIterTime(10);
    /** One volume made once: PBKDF2 benchmarks are the slow part. */
    private static byte[] image;

    @BeforeAll
    static void createOnce() throws Exception {
        MemoryHeaderStore store = new MemoryHeaderStore((int) LuksVolume.headerLength(FAST));
        LuksVolume.create(store, FAST, SECRET);
        image = store.bytes;
    }

    @Test
    void layoutIsQemus() throws Exception {
        assertEquals(2068480, LuksVolume.headerLength(LuksCreateOptions.defaults()));
        LuksVolume v = LuksVolume.open(new MemoryHeaderStore(image.clone()), null);
        assertFalse(v.unlocked());
        assertEquals(2068480, v.payloadOffset());
        assertEquals("aes-xts-plain64", v.cipherSpec());
        LuksInfo info = v.info();
        assertEquals(8, info.slots().size());
        for (int i = 0; i < 8; i++) {
            // 4096 bytes of header, then 504 sectors (258048 bytes) per slot
            assertEquals(4096 + i * 258048L, info.slots().get(i).keyOffset(), "slot " + i);
            assertEquals(i == 0, info.slots().get(i).active(), "slot " + i);
        }
        assertTrue(info.slots().get(0).iters() >= 1000);
        assertTrue(info.masterKeyIters() >= 1000);
        assertEquals(36, info.uuid().length());
        assertNull(info.ivgenHashAlg());
        assertEquals("aes-256", info.toQemuMap().get("cipher-alg"));
        assertThrows(IllegalStateException.class, v::cipher);
        // aes-128-cbc: 16-byte keys, 125 sectors rounded to 128 per slot
        LuksCreateOptions cbc = new LuksCreateOptions(CipherAlgorithm.AES_128, CipherMode.CBC, IvGenAlgorithm.ESSIV,
                null, HashAlgorithm.SHA256, 10);
        assertEquals((8 + 8 * 128) * 512L, LuksVolume.headerLength(cbc));
    }

    @Test
    void theSecretUnlocksAndTheCipherRoundTrips() throws Exception {
        LuksVolume created = LuksVolume.open(new MemoryHeaderStore(image.clone()), SECRET);
        assertTrue(created.unlocked());
        byte[] plain = new byte[4096];
        Arrays.fill(plain, (byte) 0x5a);
        MemorySegment seg = MemorySegment.ofArray(plain.clone());
        created.cipher().encrypt(8, seg);
        LuksVolume again = LuksVolume.open(new MemoryHeaderStore(image.clone()), SECRET);
        again.cipher().decrypt(8, seg);
        assertArrayEquals(plain, seg.toArray(ValueLayout.JAVA_BYTE));
        // QEMU reads a secret as a C string: bytes after a NUL do not count
        byte[] withTail = Arrays.copyOf(SECRET, SECRET.length + 3);
        withTail[SECRET.length + 1] = 'x';
        assertTrue(LuksVolume.open(new MemoryHeaderStore(image.clone()), withTail).unlocked());
    }

    @Test
    void wrongSecretIsRefusedWithQemusWords() {
        CryptoException e = assertThrows(CryptoException.class,
                () -> LuksVolume.open(new MemoryHeaderStore(image.clone()), "1234567".getBytes()));
        assertEquals("Invalid password, cannot unlock any keyslot", e.getMessage());
        assertEquals(CryptoException.Kind.BAD_SECRET, e.kind());
    }

    /** Patches the 592-byte header of a copy of the good image and expects the open to fail with {@code message}. */
    private static void refused(String message, Consumer<ByteBuffer> patch) {
        byte[] copy = image.clone();
        patch.accept(ByteBuffer.wrap(copy).order(ByteOrder.BIG_ENDIAN));
        MemoryHeaderStore store = new MemoryHeaderStore(copy);
        CryptoException e = assertThrows(CryptoException.class, () -> LuksVolume.open(store, SECRET));
        assertEquals(message, e.getMessage());
        assertEquals(1, store.reads, "only the 592-byte header was read: " + message);
    }

    private static final int SLOT0 = 208;

    @Test
    void hostileHeadersAreRefusedBeforeAnyKeyMaterialIsRead() {
        refused("Volume is not in LUKS format", b -> b.put(0, (byte) 'X'));
        refused("LUKS version 2 is not supported", b -> b.putShort(6, (short) 2));
        refused("LUKS key length 0 is out of range (1 to 64 bytes)", b -> b.putInt(108, 0));
        refused("LUKS key length 65 is out of range (1 to 64 bytes)", b -> b.putInt(108, 65));
        refused("LUKS key length 4294967295 is out of range (1 to 64 bytes)", b -> b.putInt(108, -1));
        refused("LUKS key iteration count is zero", b -> b.putInt(164, 0));
        refused("LUKS payload is overlapping with the header", b -> b.putInt(104, 7));
        refused("Keyslot 0 is corrupted (stripes 0 != 4000)", b -> b.putInt(SLOT0 + 44, 0));
        refused("Keyslot 0 is corrupted (stripes -1 != 4000)", b -> b.putInt(SLOT0 + 44, -1));
        refused("Keyslot 0 iteration count is zero", b -> b.putInt(SLOT0 + 4, 0));
        refused("Keyslot 2 state (active/disable) is corrupted", b -> b.putInt(SLOT0 + 2 * 48, 7));
        refused("Keyslot 7 is overlapping with the encrypted payload", b -> b.putInt(SLOT0 + 7 * 48 + 40, -8));
        refused("Keyslot 0 is overlapping with the LUKS header", b -> b.putInt(SLOT0 + 40, 1));
        refused("Keyslots 0 and 1 are overlapping in the header", b -> b.putInt(SLOT0 + 48 + 40, 16));
        refused("LUKS header cipher name is not NUL terminated", b -> {
            for (int i = 8; i < 40; i++) {
                b.put(i, (byte) 'a');
            }
        });
        refused("Algorithm 'aes' with key size 20 bytes not supported", b -> b.putInt(108, 40));
        refused("Hash algorithm 'sha236' not supported", b -> b.put(72 + 4, (byte) '3'));
        refused("Unexpected cipher mode string format 'xtsplain64'", b -> {
            byte[] spec = "xtsplain64\0".getBytes(StandardCharsets.US_ASCII);
            b.put(40, spec);
        });
    }

    /** Key material past the end of the header area (a truncated file): the store's error, no unlock. */
    @Test
    void keyMaterialBeyondTheAreaIsAnIoError() {
        byte[] truncated = Arrays.copyOf(image, 100_000);
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> LuksVolume.open(new MemoryHeaderStore(truncated), SECRET));
        assertTrue(e.getMessage().contains("past the header area's end"), e.getMessage());
    }

    /** Negative control for the hostile cases: the unpatched copy opens. */
    @Test
    void unpatchedCopyOpens() throws Exception {
        assertTrue(LuksVolume.open(new MemoryHeaderStore(image.clone()), SECRET).unlocked());
        assertTrue(LuksVolume.probe(ByteBuffer.wrap(image, 0, 512)));
        assertFalse(LuksVolume.probe(ByteBuffer.wrap(new byte[512])));
    }

    @Test
    void createOptionsParseWithQemusDefaultsAndWords() throws Exception {
        LuksCreateOptions o = LuksCreateOptions.parse("", k -> null);
        assertEquals(LuksCreateOptions.defaults(), o);
        CryptoException e = assertThrows(CryptoException.class,
                () -> LuksCreateOptions.parse("encrypt.", k -> k.equals("cipher-alg") ? "aes-257" : null));
        assertEquals("Parameter 'encrypt.cipher-alg' does not accept value 'aes-257'", e.getMessage());
        o = LuksCreateOptions.parse("", k -> switch (k) {
            case "cipher-mode" -> "cbc";
            case "ivgen-alg" -> "essiv";
            case "iter-time" -> "10";
            default -> null;
        });
        assertEquals(CipherMode.CBC, o.cipherMode());
        assertEquals(HashAlgorithm.SHA256, o.effectiveIvgenHash());
        assertEquals(10, o.iterTimeMs());
    }
}
