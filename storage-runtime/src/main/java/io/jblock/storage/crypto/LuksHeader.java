package io.jblock.storage.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 592-byte LUKS1 partition header (cryptsetup's on-disk format 1.2.1, QEMU's
 * {@code QCryptoBlockLUKSHeader}), big-endian on disk: magic, version, cipher name and mode, hash
 * spec, payload offset, key length, master key digest, salt and iterations, UUID and eight key
 * slots. Parsing checks it as QEMU's qcrypto_block_luks_check_header does (with QEMU's messages),
 * which also bounds every size a reader allocates from it: key material is at most 64 bytes times
 * 4000 stripes. Mutable (create fills it in); confined to the volume that owns it.
 */
final class LuksHeader {

    static final int LENGTH = 592;
    static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE};
    static final int VERSION = 1;
    static final int NAME_LEN = 32;
    static final int DIGEST_LEN = 20;
    static final int SALT_LEN = 32;
    static final int UUID_LEN = 40;
    static final int SLOTS = 8;
    static final int STRIPES = 4000;
    static final int SLOT_ENABLED = 0x00AC71F3;
    static final int SLOT_DISABLED = 0x0000DEAD;
    /** QCRYPTO_BLOCK_LUKS_KEY_SLOT_OFFSET: the header area before the first key material, bytes. */
    static final int KEY_SLOT_OFFSET = 4096;
    static final int SECTOR = 512;
    /** The largest master key any supported cipher has (AES-256 in XTS mode: 2 x 32 bytes). */
    static final int MAX_KEY_BYTES = 64;

    private static final int SLOTS_AT = 208;
    private static final int SLOT_LEN = 48;

    String cipherName = "";
    String cipherMode = "";
    String hashSpec = "";
    long payloadOffsetSector;
    int keyBytes;
    byte[] masterKeyDigest = new byte[DIGEST_LEN];
    byte[] masterKeySalt = new byte[SALT_LEN];
    long masterKeyIterations;
    String uuid = "";
    final KeySlot[] slots = new KeySlot[SLOTS];

    /** One of the eight key slots (QCryptoBlockLUKSKeySlot, 48 bytes). */
    static final class KeySlot {
        int active = SLOT_DISABLED;
        long iterations;
        byte[] salt = new byte[SALT_LEN];
        long keyOffsetSector;
        long stripes;

        boolean enabled() {
            return active == SLOT_ENABLED;
        }
    }

    LuksHeader() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new KeySlot();
        }
    }

    /** {@return whether {@code first} begins with LUKS's magic and version 1 (QEMU's has_format)} */
    static boolean hasFormat(ByteBuffer first) {
        if (first.remaining() < 8) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (first.get(first.position() + i) != MAGIC[i]) {
                return false;
            }
        }
        return first.order(ByteOrder.BIG_ENDIAN).getShort(first.position() + 6) == VERSION;
    }

    /**
     * Parses and checks a header.
     *
     * @param raw the 592 bytes
     * @return the header
     * @throws CryptoException with QEMU's wording when it is not a valid LUKS1 header
     */
    static LuksHeader parse(byte[] raw) throws CryptoException {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        if (!Arrays.equals(raw, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw corrupt("Volume is not in LUKS format");
        }
        int version = Short.toUnsignedInt(b.getShort(6));
        if (version != VERSION) {
            throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "LUKS version " + version
                    + " is not supported");
        }
        LuksHeader h = new LuksHeader();
        h.cipherName = cString(raw, 8, NAME_LEN, "LUKS header cipher name is not NUL terminated");
        h.cipherMode = cString(raw, 40, NAME_LEN, "LUKS header cipher mode is not NUL terminated");
        h.hashSpec = cString(raw, 72, NAME_LEN, "LUKS header hash spec is not NUL terminated");
        h.payloadOffsetSector = Integer.toUnsignedLong(b.getInt(104));
        h.keyBytes = b.getInt(108);
        System.arraycopy(raw, 112, h.masterKeyDigest, 0, DIGEST_LEN);
        System.arraycopy(raw, 132, h.masterKeySalt, 0, SALT_LEN);
        h.masterKeyIterations = Integer.toUnsignedLong(b.getInt(164));
        int uuidEnd = 168;
        while (uuidEnd < 168 + UUID_LEN && raw[uuidEnd] != 0) {
            uuidEnd++;
        }
        h.uuid = new String(raw, 168, uuidEnd - 168, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < SLOTS; i++) {
            int at = SLOTS_AT + i * SLOT_LEN;
            KeySlot s = h.slots[i];
            s.active = b.getInt(at);
            s.iterations = Integer.toUnsignedLong(b.getInt(at + 4));
            System.arraycopy(raw, at + 8, s.salt, 0, SALT_LEN);
            s.keyOffsetSector = Integer.toUnsignedLong(b.getInt(at + 40));
            s.stripes = Integer.toUnsignedLong(b.getInt(at + 44));
        }
        h.check();
        return h;
    }

    /** QEMU's qcrypto_block_luks_check_header, plus a bound on the key length (read before it is used). */
    private void check() throws CryptoException {
        long headerSectors = KEY_SLOT_OFFSET / SECTOR;
        if (keyBytes <= 0 || keyBytes > MAX_KEY_BYTES) {
            throw corrupt("LUKS key length " + Integer.toUnsignedString(keyBytes) + " is out of range (1 to "
                    + MAX_KEY_BYTES + " bytes)");
        }
        if (payloadOffsetSector < headerSectors) {
            throw corrupt("LUKS payload is overlapping with the header");
        }
        if (masterKeyIterations == 0) {
            throw corrupt("LUKS key iteration count is zero");
        }
        for (int i = 0; i < SLOTS; i++) {
            KeySlot s1 = slots[i];
            if (s1.stripes != STRIPES) {
                throw corrupt("Keyslot " + i + " is corrupted (stripes " + (int) s1.stripes + " != " + STRIPES + ")");
            }
            if (s1.active != SLOT_DISABLED && s1.active != SLOT_ENABLED) {
                throw corrupt("Keyslot " + i + " state (active/disable) is corrupted");
            }
            if (s1.enabled() && s1.iterations == 0) {
                throw corrupt("Keyslot " + i + " iteration count is zero");
            }
            if (s1.keyOffsetSector < headerSectors) {
                throw corrupt("Keyslot " + i + " is overlapping with the LUKS header");
            }
            long len1 = splitKeySectors(keyBytes, STRIPES);
            if (s1.keyOffsetSector + len1 > payloadOffsetSector) {
                throw corrupt("Keyslot " + i + " is overlapping with the encrypted payload");
            }
            for (int j = i + 1; j < SLOTS; j++) {
                KeySlot s2 = slots[j];
                long len2 = splitKeySectors(keyBytes, STRIPES);
                if (s1.keyOffsetSector + len1 > s2.keyOffsetSector && s2.keyOffsetSector + len2 > s1.keyOffsetSector) {
                    throw corrupt("Keyslots " + i + " and " + j + " are overlapping in the header");
                }
            }
        }
    }

    /**
     * Sectors one key slot's material takes: the split key rounded up to sectors, then to the
     * header's sectors (cryptsetup's layout, which QEMU follows rather than the spec).
     */
    static long splitKeySectors(int keyBytes, long stripes) {
        long headerSectors = KEY_SLOT_OFFSET / SECTOR;
        long sectors = (keyBytes * stripes + SECTOR - 1) / SECTOR;
        return (sectors + headerSectors - 1) / headerSectors * headerSectors;
    }

    /** {@return the 592 bytes, big-endian} */
    byte[] serialize() {
        byte[] raw = new byte[LENGTH];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        System.arraycopy(MAGIC, 0, raw, 0, MAGIC.length);
        b.putShort(6, (short) VERSION);
        putString(raw, 8, cipherName);
        putString(raw, 40, cipherMode);
        putString(raw, 72, hashSpec);
        b.putInt(104, (int) payloadOffsetSector);
        b.putInt(108, keyBytes);
        System.arraycopy(masterKeyDigest, 0, raw, 112, DIGEST_LEN);
        System.arraycopy(masterKeySalt, 0, raw, 132, SALT_LEN);
        b.putInt(164, (int) masterKeyIterations);
        putString(raw, 168, uuid);
        for (int i = 0; i < SLOTS; i++) {
            int at = SLOTS_AT + i * SLOT_LEN;
            KeySlot s = slots[i];
            b.putInt(at, s.active);
            b.putInt(at + 4, (int) s.iterations);
            System.arraycopy(s.salt, 0, raw, at + 8, SALT_LEN);
            b.putInt(at + 40, (int) s.keyOffsetSector);
            b.putInt(at + 44, (int) s.stripes);
        }
        return raw;
    }

    private static void putString(byte[] raw, int at, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, raw, at, bytes.length);
    }

    private static String cString(byte[] raw, int at, int len, String notTerminated) throws CryptoException {
        for (int i = 0; i < len; i++) {
            if (raw[at + i] == 0) {
                return new String(raw, at, i, StandardCharsets.ISO_8859_1);
            }
        }
        throw corrupt(notTerminated);
    }

    private static CryptoException corrupt(String message) {
        return new CryptoException(CryptoException.Kind.CORRUPT, message);
    }
}
