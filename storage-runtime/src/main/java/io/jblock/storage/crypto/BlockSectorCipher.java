package io.jblock.storage.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in ECB, CBC, CTR or XTS mode with a plain, plain64 or ESSIV IV per 512-byte sector, as
 * QEMU's {@code qcrypto_block_cipher_encrypt_helper} runs it: the IV of sector {@code s} is
 * generated from {@code s}, and the cipher restarts at every sector. XTS is built on the JDK's
 * AES/ECB (IEEE 1619 without ciphertext stealing: sectors are whole 16-byte blocks): the tweak
 * is AES under the second key half of the sector's IV, doubled in GF(2^128) per block.
 *
 * <p>Thread-safe: each request borrows a worker (JDK ciphers and scratch buffers) from a pool
 * that grows to the number of requests in flight.
 */
final class BlockSectorCipher implements SectorCipher {

    /** QEMU's QCRYPTO_BLOCK_LUKS_SECTOR_SIZE, also the legacy qcow2 AES sector. */
    static final int SECTOR = 512;
    private static final int BLOCK = 16;
    /** Bytes encrypted per copy out of a memory segment. */
    private static final int CHUNK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final CipherAlgorithm alg;
    private final CipherMode mode;
    private final IvGenAlgorithm ivgen;
    private final SecretKeySpec dataKey;
    /** XTS: the tweak key (second half of the key); else null. */
    private final SecretKeySpec tweakKey;
    /** ESSIV: the hash of the whole key, as the IV cipher's key; else null. */
    private final SecretKeySpec essivKey;
    private final String description;
    private final ConcurrentLinkedQueue<Worker> pool = new ConcurrentLinkedQueue<>();

    BlockSectorCipher(CipherAlgorithm alg, CipherMode mode, IvGenAlgorithm ivgen, HashAlgorithm ivgenHash, byte[] key)
            throws CryptoException {
        this.alg = alg;
        this.mode = mode;
        this.ivgen = ivgen;
        String spec = alg.qemuName() + "-" + mode.qemuName() + "-" + ivgen.qemuName()
                + (ivgen == IvGenAlgorithm.ESSIV ? ":" + ivgenHash.qemuName() : "");
        this.description = spec;
        if (!alg.implemented()) {
            throw new CryptoException(CryptoException.Kind.UNSUPPORTED, "Cipher '" + alg.qemuName()
                    + "' is not supported by jblock (cipher spec " + spec + "; jblock implements aes-128, aes-192"
                    + " and aes-256)");
        }
        int expected = mode == CipherMode.XTS ? 2 * alg.keyLength() : alg.keyLength();
        if (key.length != expected) {
            throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "Cipher " + spec + " needs a key of "
                    + expected + " bytes, not " + key.length);
        }
        if (mode == CipherMode.XTS) {
            int half = alg.keyLength();
            this.dataKey = new SecretKeySpec(key, 0, half, "AES");
            this.tweakKey = new SecretKeySpec(key, half, half, "AES");
        } else {
            this.dataKey = new SecretKeySpec(key, "AES");
            this.tweakKey = null;
        }
        if (ivgen == IvGenAlgorithm.ESSIV) {
            byte[] salt = ivgenHash.newDigest().digest(key);
            CipherAlgorithm essivAlg = essivCipher(alg, ivgenHash);
            this.essivKey = new SecretKeySpec(salt, 0, Math.min(salt.length, essivAlg.keyLength()), "AES");
        } else {
            this.essivKey = null;
        }
        pool.offer(newWorker()); // fail now, not on the first request, when the provider lacks a mode
    }

    /**
     * The cipher ESSIV encrypts IVs with: the block cipher whose key length is the hash's digest
     * length (dm-crypt's quirk, QEMU's qcrypto_block_luks_essiv_cipher).
     */
    static CipherAlgorithm essivCipher(CipherAlgorithm alg, HashAlgorithm hash) throws CryptoException {
        int digest = hash.digestLength();
        if (digest == alg.keyLength()) {
            return alg;
        }
        for (CipherAlgorithm c : new CipherAlgorithm[] {CipherAlgorithm.AES_128, CipherAlgorithm.AES_192,
                CipherAlgorithm.AES_256}) {
            if (c.keyLength() == digest) {
                return c;
            }
        }
        throw new CryptoException(CryptoException.Kind.INVALID_OPTION, "No AES cipher with key size " + digest
                + " available");
    }

    @Override
    public int sectorSize() {
        return SECTOR;
    }

    @Override
    public void encrypt(long firstSector, MemorySegment data) throws CryptoException {
        processSegment(true, firstSector, data);
    }

    @Override
    public void decrypt(long firstSector, MemorySegment data) throws CryptoException {
        processSegment(false, firstSector, data);
    }

    @Override
    public String toString() {
        return description;
    }

    private void processSegment(boolean encrypt, long firstSector, MemorySegment data) throws CryptoException {
        long len = data.byteSize();
        if (len % SECTOR != 0) {
            throw new IllegalArgumentException(description + ": " + len + " bytes are not whole 512-byte sectors");
        }
        Worker w = borrow();
        try {
            byte[] buf = w.chunk;
            for (long done = 0; done < len; done += CHUNK) {
                int n = (int) Math.min(CHUNK, len - done);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, done, buf, 0, n);
                w.process(encrypt, firstSector + done / SECTOR, buf, 0, n);
                MemorySegment.copy(buf, 0, data, ValueLayout.JAVA_BYTE, done, n);
            }
        } catch (GeneralSecurityException e) {
            throw failure(e);
        } finally {
            pool.offer(w);
        }
    }

    /**
     * Encrypts or decrypts bytes of an array in place; the last sector may be short (a whole
     * number of 16-byte blocks), as LUKS key material is (QEMU encrypts it with the same helper).
     *
     * @param encrypt     true to encrypt
     * @param firstSector the sector number of {@code buf[off]}
     * @param buf         the data
     * @param off         where it starts
     * @param len         its length, a multiple of 16
     * @throws CryptoException when the provider fails
     */
    void processBytes(boolean encrypt, long firstSector, byte[] buf, int off, int len) throws CryptoException {
        if (len % BLOCK != 0) {
            throw new IllegalArgumentException(description + ": " + len + " bytes are not whole 16-byte blocks");
        }
        Worker w = borrow();
        try {
            for (int done = 0; done < len; done += CHUNK) {
                int n = Math.min(CHUNK, len - done);
                w.process(encrypt, firstSector + done / SECTOR, buf, off + done, n);
            }
        } catch (GeneralSecurityException e) {
            throw failure(e);
        } finally {
            pool.offer(w);
        }
    }

    private CryptoException failure(GeneralSecurityException e) {
        return new CryptoException(CryptoException.Kind.UNSUPPORTED, "Cipher " + description + " failed: "
                + e.getMessage(), e);
    }

    private Worker borrow() throws CryptoException {
        Worker w = pool.poll();
        return w != null ? w : newWorker();
    }

    private Worker newWorker() throws CryptoException {
        try {
            return new Worker();
        } catch (GeneralSecurityException e) {
            throw failure(e);
        }
    }

    /** One request's ciphers and scratch space. Confined to the thread that borrowed it. */
    private final class Worker {
        final byte[] chunk = new byte[CHUNK];
        final byte[] ivs = new byte[CHUNK / SECTOR * BLOCK];
        final byte[] tweaks;
        final Cipher ecbEncrypt;
        final Cipher ecbDecrypt;
        final Cipher tweakEncrypt;
        final Cipher essivEncrypt;
        final Cipher perSector;

        Worker() throws GeneralSecurityException {
            ecbEncrypt = Cipher.getInstance("AES/ECB/NoPadding");
            ecbEncrypt.init(Cipher.ENCRYPT_MODE, dataKey);
            ecbDecrypt = Cipher.getInstance("AES/ECB/NoPadding");
            ecbDecrypt.init(Cipher.DECRYPT_MODE, dataKey);
            if (tweakKey != null) {
                tweakEncrypt = Cipher.getInstance("AES/ECB/NoPadding");
                tweakEncrypt.init(Cipher.ENCRYPT_MODE, tweakKey);
                tweaks = new byte[CHUNK];
            } else {
                tweakEncrypt = null;
                tweaks = null;
            }
            if (essivKey != null) {
                essivEncrypt = Cipher.getInstance("AES/ECB/NoPadding");
                essivEncrypt.init(Cipher.ENCRYPT_MODE, essivKey);
            } else {
                essivEncrypt = null;
            }
            perSector = switch (mode) {
                case CBC -> Cipher.getInstance("AES/CBC/NoPadding");
                case CTR -> Cipher.getInstance("AES/CTR/NoPadding");
                default -> null;
            };
        }

        /** {@code len} at most CHUNK bytes, a multiple of 16, starting at sector {@code first}. */
        void process(boolean encrypt, long first, byte[] buf, int off, int len) throws GeneralSecurityException {
            switch (mode) {
                case ECB -> (encrypt ? ecbEncrypt : ecbDecrypt).doFinal(buf, off, len, buf, off);
                case XTS -> xts(encrypt, first, buf, off, len);
                case CBC, CTR -> {
                    int sectors = (len + SECTOR - 1) / SECTOR;
                    generateIvs(first, sectors);
                    int opmode = encrypt || mode == CipherMode.CTR ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
                    for (int s = 0; s < sectors; s++) {
                        int at = off + s * SECTOR;
                        int n = Math.min(SECTOR, off + len - at);
                        perSector.init(opmode, dataKey, new IvParameterSpec(ivs, s * BLOCK, BLOCK));
                        perSector.doFinal(buf, at, n, buf, at);
                    }
                }
                default -> throw new IllegalStateException(mode.qemuName());
            }
        }

        /** The IVs of {@code sectors} sectors from {@code first} into {@link #ivs}, 16 bytes each. */
        void generateIvs(long first, int sectors) throws GeneralSecurityException {
            for (int s = 0; s < sectors; s++) {
                long sector = first + s;
                int at = s * BLOCK;
                LONGS.set(ivs, at, ivgen == IvGenAlgorithm.PLAIN ? sector & 0xffff_ffffL : sector);
                LONGS.set(ivs, at + 8, 0L);
            }
            if (ivgen == IvGenAlgorithm.ESSIV) {
                essivEncrypt.doFinal(ivs, 0, sectors * BLOCK, ivs, 0);
            }
        }

        void xts(boolean encrypt, long first, byte[] buf, int off, int len) throws GeneralSecurityException {
            int sectors = (len + SECTOR - 1) / SECTOR;
            generateIvs(first, sectors);
            tweakEncrypt.doFinal(ivs, 0, sectors * BLOCK, ivs, 0);
            for (int s = 0; s < sectors; s++) {
                long lo = (long) LONGS.get(ivs, s * BLOCK);
                long hi = (long) LONGS.get(ivs, s * BLOCK + 8);
                int end = Math.min(len, (s + 1) * SECTOR);
                for (int at = s * SECTOR; at < end; at += BLOCK) {
                    LONGS.set(tweaks, at, lo);
                    LONGS.set(tweaks, at + 8, hi);
                    // multiply by x in GF(2^128), little-endian (IEEE 1619): carry into 0x87
                    long carry = hi >> 63;
                    hi = (hi << 1) | (lo >>> 63);
                    lo = (lo << 1) ^ (carry & 0x87);
                }
            }
            xorTweaks(buf, off, len);
            (encrypt ? ecbEncrypt : ecbDecrypt).doFinal(buf, off, len, buf, off);
            xorTweaks(buf, off, len);
        }

        private void xorTweaks(byte[] buf, int off, int len) {
            for (int i = 0; i < len; i += 8) {
                LONGS.set(buf, off + i, (long) LONGS.get(buf, off + i) ^ (long) LONGS.get(tweaks, i));
            }
        }
    }
}
