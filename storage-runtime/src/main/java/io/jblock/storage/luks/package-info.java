/**
 * The {@code luks} format driver (QEMU's block/crypto.c): a LUKS1 volume over a {@code file}
 * child, its header at the file's start and the encrypted payload after it. The on-disk format,
 * key slots and ciphers are {@link io.jblock.storage.crypto.LuksVolume}'s.
 */
package io.jblock.storage.luks;
