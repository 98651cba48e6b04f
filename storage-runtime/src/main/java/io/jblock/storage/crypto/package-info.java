/**
 * Disk encryption as QEMU's crypto block layer does it: {@link io.jblock.storage.crypto.SectorCipher}
 * (sector-wise ciphers with sector-number IVs), legacy qcow2 AES and LUKS1 volumes. Exported only to
 * jblock's own format drivers and tools.
 */
package io.jblock.storage.crypto;
