package io.jblock.storage.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code qemu-img info} shows about a LUKS volume (QEMU's {@code QCryptoBlockInfoLUKS},
 * filled by qcrypto_block_luks_get_info). Immutable.
 *
 * @param cipherAlg      the block cipher
 * @param cipherMode     the mode
 * @param ivgenAlg       the IV generator
 * @param ivgenHashAlg   the ESSIV hash, or null for other generators (QEMU shows it only for ESSIV)
 * @param hashAlg        the PBKDF2 hash
 * @param payloadOffset  where the encrypted data starts, in bytes from the header's start
 * @param masterKeyIters the master key digest's PBKDF2 iterations
 * @param uuid           the volume's UUID as the header stores it
 * @param slots          the eight key slots
 */
public record LuksInfo(CipherAlgorithm cipherAlg, CipherMode cipherMode, IvGenAlgorithm ivgenAlg,
                       HashAlgorithm ivgenHashAlg, HashAlgorithm hashAlg, long payloadOffset, long masterKeyIters,
                       String uuid, List<Slot> slots) {

    /**
     * One key slot (QEMU's {@code QCryptoBlockInfoLUKSSlot}).
     *
     * @param active    whether it holds a key
     * @param iters     its PBKDF2 iterations (meaningful when active)
     * @param stripes   its anti-forensic stripes (meaningful when active)
     * @param keyOffset where its key material starts, bytes from the header's start
     */
    public record Slot(boolean active, long iters, long stripes, long keyOffset) {
    }

    /**
     * Copies the slot list.
     *
     * @param cipherAlg      the block cipher
     * @param cipherMode     the mode
     * @param ivgenAlg       the IV generator
     * @param ivgenHashAlg   the ESSIV hash, or null
     * @param hashAlg        the PBKDF2 hash
     * @param payloadOffset  the payload offset in bytes
     * @param masterKeyIters the master key iterations
     * @param uuid           the UUID
     * @param slots          the key slots
     */
    public LuksInfo {
        slots = List.copyOf(slots);
    }

    /**
     * The info as QEMU's QAPI members, in QAPI order, for {@code info --output=json} and the human
     * printer (which orders them as QEMU's QDict does): {@code cipher-alg}, {@code cipher-mode},
     * {@code ivgen-alg}, {@code ivgen-hash-alg} (ESSIV only), {@code hash-alg},
     * {@code payload-offset}, {@code master-key-iters}, {@code uuid}, {@code slots} (each with
     * {@code active}, {@code iters} and {@code stripes} when active, {@code key-offset}). qcow2's
     * {@code encrypt} member adds {@code "format": "luks"} in front.
     *
     * @return a new mutable map
     */
    public Map<String, Object> toQemuMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cipher-alg", cipherAlg.qemuName());
        m.put("cipher-mode", cipherMode.qemuName());
        m.put("ivgen-alg", ivgenAlg.qemuName());
        if (ivgenHashAlg != null) {
            m.put("ivgen-hash-alg", ivgenHashAlg.qemuName());
        }
        m.put("hash-alg", hashAlg.qemuName());
        m.put("payload-offset", payloadOffset);
        m.put("master-key-iters", masterKeyIters);
        m.put("uuid", uuid);
        List<Object> list = new ArrayList<>();
        for (Slot s : slots) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("active", s.active());
            if (s.active()) {
                sm.put("iters", s.iters());
                sm.put("stripes", s.stripes());
            }
            sm.put("key-offset", s.keyOffset());
            list.add(sm);
        }
        m.put("slots", list);
        return m;
    }
}
