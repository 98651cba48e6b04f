package io.jblock.storage.crypto;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The legacy qcow and qcow2 encryption ({@code crypt_method} 1, QEMU's crypto/block-qcow.c):
 * AES-128-CBC per 512-byte sector, the initialisation vector being the sector number as a
 * 64-bit little-endian value padded with zeroes ({@code plain64}), the key the secret's first 16
 * bytes (shorter secrets padded with zero bytes). Weak by design (no key derivation, no
 * integrity); kept for reading and writing old images as QEMU still does in its tools.
 *
 * <p>Thread-safe: every thread gets its own {@link Cipher} objects.
 */
public final class QcowAesCipher implements SectorCipher {
    /** The sector the initialisation vector counts. */
    public static final int SECTOR_SIZE = 512;
    private static final int KEY_LENGTH = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> encryptors;
    private final ThreadLocal<Cipher> decryptors;

    private QcowAesCipher(SecretKeySpec key) {
        this.key = key;
        this.encryptors = ThreadLocal.withInitial(QcowAesCipher::newCipher);
        this.decryptors = ThreadLocal.withInitial(QcowAesCipher::newCipher);
    }

    /**
     * The cipher of a password, as QEMU derives the key: the password's bytes (QEMU takes the
     * secret as a C string, so it ends at the first zero byte), truncated or zero-padded to 16.
     *
     * @param secret the secret's bytes
     * @return the cipher
     */
    public static QcowAesCipher fromSecret(byte[] secret) {
        int len = 0;
        while (len < secret.length && secret[len] != 0) {
            len++;
        }
        byte[] k = Arrays.copyOf(secret, KEY_LENGTH);
        if (len < KEY_LENGTH) {
            Arrays.fill(k, len, KEY_LENGTH, (byte) 0);
        }
        QcowAesCipher c = new QcowAesCipher(new SecretKeySpec(k, "AES"));
        Arrays.fill(k, (byte) 0);
        return c;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES/CBC/NoPadding", e);
        }
    }

    @Override
    public int sectorSize() {
        return SECTOR_SIZE;
    }

    @Override
    public void encrypt(long firstSector, MemorySegment data) throws IOException {
        apply(encryptors.get(), Cipher.ENCRYPT_MODE, firstSector, data);
    }

    @Override
    public void decrypt(long firstSector, MemorySegment data) throws IOException {
        apply(decryptors.get(), Cipher.DECRYPT_MODE, firstSector, data);
    }

    private void apply(Cipher cipher, int mode, long firstSector, MemorySegment data) throws IOException {
        long n = data.byteSize();
        if (n % SECTOR_SIZE != 0) {
            throw new IOException("aes-128-cbc-plain64: " + n + " bytes is not a whole number of "
                    + SECTOR_SIZE + "-byte sectors");
        }
        byte[] iv = new byte[16];
        ByteBuffer ivView = ByteBuffer.wrap(iv).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (long at = 0; at < n; at += SECTOR_SIZE) {
                ivView.putLong(0, firstSector + at / SECTOR_SIZE);
                cipher.init(mode, key, new IvParameterSpec(iv));
                ByteBuffer in = data.asSlice(at, SECTOR_SIZE).asByteBuffer();
                // copy-safe: the JDK's ciphers may write the output over the input
                cipher.doFinal(in, in.duplicate());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("aes-128-cbc-plain64 failed at sector " + firstSector + ": " + e.getMessage(), e);
        }
    }
}
