package io.jblock.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A LUKS1 volume as QEMU's crypto/block-luks.c reads and writes it: the 592-byte header, eight
 * key slots of anti-forensically split master key material (4000 stripes each, encrypted with a
 * PBKDF2-derived slot key), and the payload that {@link #cipher()} encrypts in 512-byte sectors.
 * The layout is QEMU's (and cryptsetup's): key material from byte 4096, each slot's region rounded
 * up to 4096 bytes, the payload after the eighth slot, so header lengths, file sizes and
 * {@code qemu-img info} figures are QEMU's.
 *
 * <p>Used by the {@code luks} format (header at the file's start, payload after it) and by qcow2
 * (header in clusters of its own; the payload is qcow2's data clusters, whose sector numbers are
 * host offsets / 512).
 *
 * <p>Immutable once opened or created; thread-safe.
 */
public final class LuksVolume {

    /** QEMU's QCRYPTO_BLOCK_LUKS_MIN_SLOT_KEY_ITERS. */
    static final long MIN_SLOT_ITERS = 1000;
    /** QEMU's QCRYPTO_BLOCK_LUKS_MIN_MASTER_KEY_ITERS. */
    static final long MIN_MASTER_KEY_ITERS = 1000;
    private static final long UINT32_MAX = 0xffff_ffffL;

    private final LuksHeader header;
    private final CipherAlgorithm cipherAlg;
    private final CipherMode cipherMode;
    private final IvGenAlgorithm ivgenAlg;
    /** As the header names it (null when it names none). */
    private final HashAlgorithm ivgenHashAlg;
    private final HashAlgorithm hashAlg;
    /** Null when opened without a secret (header only). */
    private final SectorCipher cipher;

    private LuksVolume(LuksHeader header, Spec spec, SectorCipher cipher) {
        this.header = header;
        this.cipherAlg = spec.cipherAlg;
        this.cipherMode = spec.cipherMode;
        this.ivgenAlg = spec.ivgenAlg;
        this.ivgenHashAlg = spec.ivgenHashAlg;
        this.hashAlg = spec.hashAlg;
        this.cipher = cipher;
    }

    /** The algorithms a header names (QEMU's qcrypto_block_luks_parse_header). */
    private record Spec(CipherAlgorithm cipherAlg, CipherMode cipherMode, IvGenAlgorithm ivgenAlg,
                        HashAlgorithm ivgenHashAlg, HashAlgorithm hashAlg) {

        static Spec of(LuksHeader h) throws CryptoException {
            String spec = h.cipherMode;
            int dash = spec.indexOf('-');
            if (dash < 0) {
                throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Unexpected cipher mode string format '"
                        + spec + "'");
            }
            String mode = spec.substring(0, dash);
            String ivgen = spec.substring(dash + 1);
            HashAlgorithm ivgenHash = null;
            int colon = ivgen.indexOf(':');
            if (colon >= 0) {
                ivgenHash = HashAlgorithm.byName(ivgen.substring(colon + 1));
                ivgen = ivgen.substring(0, colon);
            }
            CipherMode cipherMode = CipherMode.byName(mode);
            int keyLength = cipherMode == CipherMode.XTS ? h.keyBytes / 2 : h.keyBytes;
            if (cipherMode == CipherMode.XTS && h.keyBytes % 2 != 0) {
                keyLength = -1; // no cipher has it
            }
            CipherAlgorithm alg = CipherAlgorithm.byLuksName(h.cipherName, keyLength);
            HashAlgorithm hash = HashAlgorithm.byName(h.hashSpec);
            IvGenAlgorithm ivgenAlg = IvGenAlgorithm.byName(ivgen);
            if (ivgenAlg == IvGenAlgorithm.ESSIV) {
                if (ivgenHash == null) {
                    throw new CryptoException(CryptoException.Kind.CORRUPT, "Missing IV generator hash specification");
                }
                BlockSectorCipher.essivCipher(alg, ivgenHash);
            }
            return new Spec(alg, cipherMode, ivgenAlg, ivgenHash, hash);
        }

        SectorCipher newCipher(byte[] key) throws CryptoException {
            return new BlockSectorCipher(cipherAlg, cipherMode, ivgenAlg, ivgenHashAlg, key);
        }
    }

    /**
     * {@return whether {@code first} starts with a LUKS1 header (magic and version 1; QEMU's probe)}
     *
     * @param first the first bytes of the image (at least 8 to say yes); position and limit unchanged
     */
    public static boolean probe(ByteBuffer first) {
        return LuksHeader.hasFormat(first.duplicate());
    }

    /**
     * Opens a volume: reads and checks the header, then (with a secret) unlocks the master key
     * from the first key slot the secret opens.
     *
     * @param store  where the header is
     * @param secret the passphrase bytes (QEMU reads a secret as UTF-8 and stops at its first NUL
     *               byte; so does this), or null to read the header only ({@code qemu-img info},
     *               QEMU's BDRV_O_NO_IO): {@link #cipher()} then refuses
     * @return the volume
     * @throws CryptoException with QEMU's wording for a bad header ({@code Volume is not in LUKS
     *                         format}, {@code Keyslot 3 is corrupted (stripes 0 != 4000)}, ...), an unsupported
     *                         spec, or {@code Invalid password, cannot unlock any keyslot}
     * @throws IOException     when the store fails
     */
    public static LuksVolume open(LuksHeaderStore store, byte[] secret) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(LuksHeader.LENGTH);
        store.read(0, raw);
        LuksHeader h = LuksHeader.parse(raw.array());
        Spec spec = Spec.of(h);
        if (secret == null) {
            return new LuksVolume(h, spec, null);
        }
        byte[] password = passwordBytes(secret);
        byte[] masterKey = null;
        try {
            for (LuksHeader.KeySlot slot : h.slots) {
                masterKey = tryKeySlot(store, h, spec, slot, password);
                if (masterKey != null) {
                    return new LuksVolume(h, spec, spec.newCipher(masterKey));
                }
            }
            throw new CryptoException(CryptoException.Kind.BAD_SECRET, "Invalid password, cannot unlock any keyslot");
        } finally {
            Arrays.fill(password, (byte) 0);
            if (masterKey != null) {
                Arrays.fill(masterKey, (byte) 0);
            }
        }
    }

    /** The master key if {@code password} opens {@code slot}, else null (QEMU's qcrypto_block_luks_load_key). */
    private static byte[] tryKeySlot(LuksHeaderStore store, LuksHeader h, Spec spec, LuksHeader.KeySlot slot,
                                     byte[] password) throws IOException {
        if (!slot.enabled()) {
            return null;
        }
        byte[] slotKey = Pbkdf2.derive(spec.hashAlg, password, slot.salt, slot.iterations, h.keyBytes);
        // bounded by the header check: at most 64 bytes x 4000 stripes
        int materialLength = h.keyBytes * (int) slot.stripes;
        ByteBuffer material = ByteBuffer.allocate(materialLength);
        store.read(slot.keyOffsetSector * LuksHeader.SECTOR, material);
        BlockSectorCipher slotCipher = (BlockSectorCipher) spec.newCipher(slotKey);
        slotCipher.processBytes(false, 0, material.array(), 0, materialLength);
        byte[] candidate = AfSplitter.merge(spec.hashAlg, material.array(), h.keyBytes, (int) slot.stripes);
        Arrays.fill(material.array(), (byte) 0);
        Arrays.fill(slotKey, (byte) 0);
        byte[] digest = Pbkdf2.derive(spec.hashAlg, candidate, h.masterKeySalt, h.masterKeyIterations,
                LuksHeader.DIGEST_LEN);
        if (MessageDigest.isEqual(digest, h.masterKeyDigest)) {
            return candidate;
        }
        Arrays.fill(candidate, (byte) 0);
        return null;
    }

    /**
     * The bytes a new volume's header takes before its payload (QEMU's payload offset, which
     * qcrypto_block_calculate_payload_offset reports to {@code measure}): 4096 bytes of header
     * and eight key material regions, each {@code keyBytes * 4000} rounded up to 4096 bytes. For
     * the default aes-256-xts it is 2068480 bytes.
     *
     * @param options the create options
     * @return the header length in bytes
     */
    public static long headerLength(LuksCreateOptions options) {
        long slotSectors = LuksHeader.splitKeySectors(options.masterKeyLength(), LuksHeader.STRIPES);
        return (LuksHeader.KEY_SLOT_OFFSET / LuksHeader.SECTOR + LuksHeader.SLOTS * slotSectors) * LuksHeader.SECTOR;
    }

    /**
     * Creates a volume with a random master key in key slot 0 (QEMU's qcrypto_block_luks_create):
     * benchmarks PBKDF2 to spend {@code iter-time} on the slot key (at least 1000 iterations) and
     * an eighth of it on the master key digest (at least 1000), writes the slot's key material
     * and then the header. The caller has made room for {@link #headerLength(LuksCreateOptions)}
     * bytes in the store first (QEMU's init function: the luks format grows its file, qcow2
     * allocates clusters).
     *
     * @param store   where the header goes
     * @param options the cipher spec and iteration time
     * @param secret  the passphrase bytes (up to the first NUL byte, as QEMU)
     * @return the volume, unlocked
     * @throws CryptoException for a spec jblock does not implement (naming it) or one LUKS cannot record
     * @throws IOException     when the store fails
     */
    public static LuksVolume create(LuksHeaderStore store, LuksCreateOptions options, byte[] secret)
            throws IOException {
        String luksName = options.cipherAlg().luksName();
        if (luksName == null) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Algorithm '"
                    + options.cipherAlg().qemuName() + "' not supported");
        }
        HashAlgorithm ivgenHash = options.effectiveIvgenHash();
        String modeSpec = options.cipherMode().qemuName() + "-" + options.ivgenAlg().qemuName()
                + (ivgenHash != null ? ":" + ivgenHash.qemuName() : "");
        if (options.ivgenAlg() == IvGenAlgorithm.ESSIV) {
            BlockSectorCipher.essivCipher(options.cipherAlg(), ivgenHash);
        }
        SecureRandom random = new SecureRandom();
        LuksHeader h = new LuksHeader();
        h.uuid = UUID.randomUUID().toString();
        h.cipherName = luksName;
        h.cipherMode = modeSpec;
        h.hashSpec = options.hashAlg().qemuName();
        h.keyBytes = options.masterKeyLength();
        random.nextBytes(h.masterKeySalt);
        Spec spec = new Spec(options.cipherAlg(), options.cipherMode(), options.ivgenAlg(), ivgenHash,
                options.hashAlg());
        byte[] masterKey = new byte[h.keyBytes];
        random.nextBytes(masterKey);
        byte[] password = passwordBytes(secret);
        try {
            SectorCipher payloadCipher = spec.newCipher(masterKey); // refuses unimplemented specs first
            long perSecond = Pbkdf2.iterationsPerSecond(options.hashAlg(), masterKey, h.masterKeySalt,
                    LuksHeader.DIGEST_LEN);
            long iters = scale(perSecond, options.iterTimeMs()) / 8;
            h.masterKeyIterations = checkIters(Math.max(iters, MIN_MASTER_KEY_ITERS));
            h.masterKeyDigest = Pbkdf2.derive(options.hashAlg(), masterKey, h.masterKeySalt, h.masterKeyIterations,
                    LuksHeader.DIGEST_LEN);
            long headerSectors = LuksHeader.KEY_SLOT_OFFSET / LuksHeader.SECTOR;
            long slotSectors = LuksHeader.splitKeySectors(h.keyBytes, LuksHeader.STRIPES);
            for (int i = 0; i < LuksHeader.SLOTS; i++) {
                LuksHeader.KeySlot s = h.slots[i];
                s.active = LuksHeader.SLOT_DISABLED;
                s.keyOffsetSector = headerSectors + i * slotSectors;
                s.stripes = LuksHeader.STRIPES;
            }
            h.payloadOffsetSector = headerSectors + LuksHeader.SLOTS * slotSectors;
            storeKey(store, h, spec, 0, password, masterKey, options.iterTimeMs(), random);
            return new LuksVolume(h, spec, payloadCipher);
        } finally {
            Arrays.fill(masterKey, (byte) 0);
            Arrays.fill(password, (byte) 0);
        }
    }

    /** QEMU's qcrypto_block_luks_store_key: fills slot {@code index}, writes its material and the header. */
    private static void storeKey(LuksHeaderStore store, LuksHeader h, Spec spec, int index, byte[] password,
                                 byte[] masterKey, long iterTimeMs, SecureRandom random) throws IOException {
        LuksHeader.KeySlot slot = h.slots[index];
        random.nextBytes(slot.salt);
        long perSecond = Pbkdf2.iterationsPerSecond(spec.hashAlg, password, slot.salt, h.keyBytes);
        slot.iterations = checkIters(Math.max(scale(perSecond, iterTimeMs), MIN_SLOT_ITERS));
        byte[] slotKey = Pbkdf2.derive(spec.hashAlg, password, slot.salt, slot.iterations, h.keyBytes);
        byte[] split = AfSplitter.split(spec.hashAlg, masterKey, (int) slot.stripes, random);
        try {
            ((BlockSectorCipher) spec.newCipher(slotKey)).processBytes(true, 0, split, 0, split.length);
            store.write(slot.keyOffsetSector * LuksHeader.SECTOR, ByteBuffer.wrap(split));
        } finally {
            Arrays.fill(slotKey, (byte) 0);
            Arrays.fill(split, (byte) 0);
        }
        slot.active = LuksHeader.SLOT_ENABLED;
        store.write(0, ByteBuffer.wrap(h.serialize()));
    }

    /** iterations per second scaled to {@code ms}, refusing overflow as QEMU does. */
    private static long scale(long perSecond, long ms) throws CryptoException {
        if (perSecond > Long.MAX_VALUE / ms) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "PBKDF iterations " + perSecond
                    + " too large to scale");
        }
        return perSecond * ms / 1000;
    }

    private static long checkIters(long iters) throws CryptoException {
        if (iters > UINT32_MAX) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "PBKDF iterations " + iters
                    + " larger than " + UINT32_MAX);
        }
        return iters;
    }

    /** The secret up to its first NUL byte, as QEMU's strlen(password). */
    private static byte[] passwordBytes(byte[] secret) {
        int n = 0;
        while (n < secret.length && secret[n] != 0) {
            n++;
        }
        return Arrays.copyOf(secret, n);
    }

    /** {@return whether the master key is unlocked (opened with a secret, or created)} */
    public boolean unlocked() {
        return cipher != null;
    }

    /**
     * The payload cipher: sector {@code n} is the payload's bytes {@code [n * 512, (n + 1) * 512)}
     * for the luks format, host offset / 512 for qcow2.
     *
     * @return the cipher under the master key
     * @throws IllegalStateException when the volume was opened without a secret
     */
    public SectorCipher cipher() {
        if (cipher == null) {
            throw new IllegalStateException("LUKS volume opened without a secret: no cipher");
        }
        return cipher;
    }

    /** {@return where the payload starts, in bytes from the header's start (QEMU's payload offset)} */
    public long payloadOffset() {
        return header.payloadOffsetSector * LuksHeader.SECTOR;
    }

    /**
     * The bytes the header and its key material take from the header's start: the payload
     * offset, which is what QEMU reserves for them (qcow2 allocates this many bytes of clusters).
     *
     * @return the header length in bytes
     */
    public long headerLength() {
        return payloadOffset();
    }

    /** {@return the master key length in bytes (the header's key bytes)} */
    public int masterKeyLength() {
        return header.keyBytes;
    }

    /** {@return the cipher spec as LUKS and dm-crypt write it, e.g. {@code aes-xts-plain64}} */
    public String cipherSpec() {
        return header.cipherName + "-" + header.cipherMode;
    }

    /** {@return what qemu-img info shows about this volume (QEMU's qcrypto_block_luks_get_info)} */
    public LuksInfo info() {
        List<LuksInfo.Slot> slots = new ArrayList<>();
        for (LuksHeader.KeySlot s : header.slots) {
            slots.add(new LuksInfo.Slot(s.enabled(), s.iterations, s.stripes, s.keyOffsetSector * LuksHeader.SECTOR));
        }
        return new LuksInfo(cipherAlg, cipherMode, ivgenAlg, ivgenAlg == IvGenAlgorithm.ESSIV ? ivgenHashAlg : null,
                hashAlg, payloadOffset(), header.masterKeyIterations, header.uuid, slots);
    }
}
