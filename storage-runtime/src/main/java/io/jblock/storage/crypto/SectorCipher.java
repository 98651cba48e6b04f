package io.jblock.storage.crypto;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A sector-wise disk cipher with an initialisation vector derived from the sector number, as
 * QEMU's {@code QCryptoBlock} encrypts: legacy qcow2 AES ({@code aes-128-cbc}, {@code plain64}) and
 * LUKS ({@code aes-xts-plain64} and the other LUKS cipher specs).
 *
 * <p>Both methods work in place on {@code data}, whose length must be a multiple of
 * {@link #sectorSize()}; the first sector of {@code data} is sector {@code firstSector} (QEMU:
 * {@code offset / sector_size}, the offset being the guest offset for legacy qcow2 AES and the host
 * offset for LUKS inside qcow2). Implementations are thread-safe: several requests may encrypt and
 * decrypt at once.
 */
public interface SectorCipher {

    /**
     * The unit the initialisation vector counts in.
     *
     * @return the sector size in bytes (512 for every format QEMU writes)
     */
    int sectorSize();

    /**
     * Encrypts {@code data} in place.
     *
     * @param firstSector the number of the first sector of {@code data}
     * @param data the plain text, a whole number of sectors; replaced by the cipher text
     * @throws IOException if the cipher fails (the message names the cipher)
     */
    void encrypt(long firstSector, MemorySegment data) throws IOException;

    /**
     * Decrypts {@code data} in place.
     *
     * @param firstSector the number of the first sector of {@code data}
     * @param data the cipher text, a whole number of sectors; replaced by the plain text
     * @throws IOException if the cipher fails (the message names the cipher)
     */
    void decrypt(long firstSector, MemorySegment data) throws IOException;
}
