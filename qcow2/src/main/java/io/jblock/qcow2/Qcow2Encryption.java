package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.crypto.CryptoException;
import io.jblock.storage.crypto.LuksInfo;
import io.jblock.storage.crypto.LuksVolume;
import io.jblock.storage.crypto.QcowAesCipher;
import io.jblock.storage.crypto.SectorCipher;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encryption of one open qcow2 image (QEMU's {@code s->crypto} with
 * {@code crypt_physical_offset}): the cipher the header's {@code crypt_method} and the
 * {@code encrypt.*} open options give, and the two steps of the data path: guest data is encrypted
 * per 512-byte sector on its way to the host cluster and decrypted after it is read. The IV's
 * sector number counts guest sectors for legacy AES and host sectors for LUKS.
 *
 * <p>An encrypted image needs {@code encrypt.key-secret} to open, except for metadata only
 * ({@link OpenContext#noIo()}, as {@code qemu-img info} opens it; and the engine's own opens while
 * creating): then every guest data read or write fails with QEMU's words for the missing option. Thread-safe: the ciphers are.
 */
final class Qcow2Encryption {
    /** An image without encryption: data passes through. */
    static final Qcow2Encryption NONE = new Qcow2Encryption(Qcow2Header.CRYPT_NONE, null, false, null);

    private static final String KEY_SECRET = "encrypt.key-secret";

    private final int method;
    private final SectorCipher cipher;
    private final boolean physicalOffsets;
    /** LUKS: the header's facts for info; null otherwise. */
    private final LuksInfo luksInfo;

    private Qcow2Encryption(int method, SectorCipher cipher, boolean physicalOffsets, LuksInfo luksInfo) {
        this.method = method;
        this.luksInfo = luksInfo;
        this.cipher = cipher;
        this.physicalOffsets = physicalOffsets;
    }

    /**
     * Reads the {@code encrypt.*} open options against the header (QEMU's
     * qcow2_update_options_prepare and the qcow crypto open), in QEMU's words.
     */
    static Qcow2Encryption open(OpenContext ctx, Qcow2Image img) throws IOException {
        Qcow2Header h = img.header;
        String node = img.nodeName;
        String file = img.filename();
        NodeOptions o = ctx.options();
        String format = o.string("encrypt.format").orElse(null);
        String keySecret = o.string(KEY_SECRET).orElse(null);
        switch (h.cryptMethod) {
            case Qcow2Header.CRYPT_NONE -> {
                if (format != null) {
                    throw new InvalidOptionException("No encryption in image header, but options specified format '"
                            + format + "'", node, "encrypt.format");
                }
                return NONE; // QEMU drops the other encrypt.* options of an image without encryption
            }
            case Qcow2Header.CRYPT_AES -> {
                if (format != null && !format.equals("aes")) {
                    throw new InvalidOptionException("Header reported 'aes' encryption format but options specify '"
                            + format + "'", node, "encrypt.format");
                }
                if (keySecret == null || ctx.noIo()) { // QEMU's NO_IO open looks no secret up
                    if (keySecret == null && !ctx.noIo()) {
                        // QEMU's qcrypto_block_qcow_open, with the prefix qcow2 gives it
                        throw new InvalidOptionException("Parameter '" + KEY_SECRET + "' is required for cipher",
                                node, KEY_SECRET);
                    }
                    return new Qcow2Encryption(Qcow2Header.CRYPT_AES, null, false, null);
                }
                byte[] secret = ctx.secret(keySecret);
                try {
                    requireUtf8(secret, keySecret, node);
                    return new Qcow2Encryption(Qcow2Header.CRYPT_AES, QcowAesCipher.fromSecret(secret), false, null);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            case Qcow2Header.CRYPT_LUKS -> {
                if (format != null && !format.equals("luks")) {
                    throw new InvalidOptionException("Header reported 'luks' encryption format but options specify '"
                            + format + "'", node, "encrypt.format");
                }
                return openLuks(ctx, img, keySecret);
            }
            default -> throw new Qcow2UnsupportedException("Unsupported encryption method " + h.cryptMethod, node,
                    file, 32);
        }
    }

    private static Qcow2Encryption openLuks(OpenContext ctx, Qcow2Image img, String keySecret) throws IOException {
        String node = img.nodeName;
        long[] ext = LuksInQcow2.checkedExtension(img.header, img.clusterSize(), node, img.filename());
        if (ext == null) {
            if (!ctx.noIo()) {
                throw new Qcow2CorruptImageException("Missing CRYPTO header for crypt method 2", node, img.filename(),
                        32);
            }
            return new Qcow2Encryption(Qcow2Header.CRYPT_LUKS, null, true, null);
        }
        if (keySecret == null && !ctx.noIo()) {
            throw new InvalidOptionException("Parameter '" + KEY_SECRET + "' is required for cipher", node,
                    KEY_SECRET);
        }
        byte[] secret = keySecret == null || ctx.noIo() ? null : ctx.secret(keySecret); // NO_IO: no lookup
        try {
            LuksVolume v = LuksVolume.open(new LuksInQcow2.Store(img.file, ext[0], ext[1]), secret);
            return new Qcow2Encryption(Qcow2Header.CRYPT_LUKS, secret == null ? null : v.cipher(), true, v.info());
        } catch (CryptoException e) {
            if (e.kind() == CryptoException.Kind.CORRUPT) {
                throw new Qcow2CorruptImageException(e.getMessage(), node, img.filename(), ext[0]);
            }
            if (e.kind() == CryptoException.Kind.UNSUPPORTED) {
                throw new Qcow2UnsupportedException(e.getMessage(), node, img.filename(), ext[0]);
            }
            throw new InvalidOptionException(e.getMessage(), node, KEY_SECRET);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    /** The {@code encrypt} member of the format-specific info (QEMU's QCryptoBlockInfo). */
    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", formatName());
        if (luksInfo != null) {
            m.putAll(luksInfo.toQemuMap());
        }
        return m;
    }

    /** QEMU's qcrypto_secret_lookup_as_utf8: the qcow key is a password, text. */
    static void requireUtf8(byte[] secret, String id, String node) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(secret));
        } catch (CharacterCodingException e) {
            throw new InvalidOptionException("Data from secret " + id + " is not valid UTF-8", node, KEY_SECRET);
        }
    }

    /** {@return whether the image's data is encrypted} */
    boolean encrypted() {
        return method != Qcow2Header.CRYPT_NONE;
    }

    /** {@return the {@code format} of the {@code encrypt} member of the format-specific info, or null} */
    String formatName() {
        return switch (method) {
            case Qcow2Header.CRYPT_AES -> "aes";
            case Qcow2Header.CRYPT_LUKS -> "luks";
            default -> null;
        };
    }

    private SectorCipher requireCipher(Qcow2Image img, long guest) throws IOException {
        if (cipher == null) {
            throw new BlockIOException("Parameter '" + KEY_SECRET + "' is required for cipher", img.nodeName,
                    img.filename(), guest, io.jblock.ffm.Errno.EINVAL, null);
        }
        return cipher;
    }

    private long firstSector(long guest, long host) {
        return (physicalOffsets ? host : guest) / QcowAesCipher.SECTOR_SIZE;
    }

    /**
     * Writes guest bytes {@code plain} (guest offset {@code guest}) at {@code host} in the data
     * file: as they are without encryption, else encrypted through a bounce buffer ({@code plain}
     * is left as it was). Offsets and length are whole sectors (the node's request alignment).
     */
    void writeData(Qcow2Image img, long guest, long host, MemorySegment plain) throws IOException {
        // QEMU's pre-write overlap check: a hostile mapping must not make guest data overwrite metadata
        img.overlap.beforeDataWrite(host, plain.byteSize());
        if (method == Qcow2Header.CRYPT_NONE) {
            img.dataFile.write(host, plain);
            return;
        }
        SectorCipher c = requireCipher(img, guest);
        MemorySegment buf = img.buffers.acquire();
        try {
            long n = plain.byteSize();
            int chunk = img.clusterSize();
            for (long at = 0; at < n; at += chunk) {
                long len = Math.min(chunk, n - at);
                MemorySegment bounce = buf.asSlice(0, len);
                bounce.copyFrom(plain.asSlice(at, len));
                c.encrypt(firstSector(guest + at, host + at), bounce);
                img.dataFile.write(host + at, bounce);
            }
        } finally {
            img.buffers.release(buf);
        }
    }

    /**
     * Decrypts in place what was just read from {@code host} for guest offset {@code guest};
     * nothing to do without encryption.
     */
    void decryptRead(Qcow2Image img, long guest, long host, MemorySegment data) throws IOException {
        if (method == Qcow2Header.CRYPT_NONE) {
            return;
        }
        requireCipher(img, guest).decrypt(firstSector(guest, host), data);
    }

    /** Fails as a data read or write would when the key is missing (QEMU refuses such opens). */
    void requireKey(Qcow2Image img, long guest) throws IOException {
        if (method != Qcow2Header.CRYPT_NONE) {
            requireCipher(img, guest);
        }
    }
}
