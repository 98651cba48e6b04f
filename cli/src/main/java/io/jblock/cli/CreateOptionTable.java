package io.jblock.cli;

import io.jblock.cli.QemuOpts.Desc;
import io.jblock.cli.QemuOpts.Type;
import java.util.List;

/**
 * The option lists of qemu-img 7.2's {@code create} and {@code amend} for the formats and the
 * protocol jblock creates (QEMU's qcow2_create_opts, qcow2_amend_opts, raw-format's and
 * file-posix's raw_create_opts), in QEMU's declaration order, which is the order the
 * {@code Formatting} line prints them in. Names, types, help texts and defaults are QEMU's, so
 * {@code -o help} lists what qemu-img lists.
 */
final class CreateOptionTable {
    private CreateOptionTable() {
    }

    private static final String ITER_TIME = "encrypt.iter-time";

    /** qcow2's options shared by create and amend (QCOW_COMMON_OPTIONS). */
    private static final List<Desc> QCOW2_COMMON = List.of(
            Desc.of("size", Type.SIZE, "Virtual disk size"),
            Desc.of("compat", Type.STRING, "Compatibility level (v2 [0.10] or v3 [1.1])"),
            Desc.of("backing_file", Type.STRING, "File name of a base image"),
            Desc.of("backing_fmt", Type.STRING, "Image format of the base image"),
            Desc.of("data_file", Type.STRING, "File name of an external data file"),
            Desc.of("data_file_raw", Type.BOOL, "The external data file must stay valid as a raw image"),
            new Desc("lazy_refcounts", Type.BOOL, "Postpone refcount updates", "off"),
            new Desc("refcount_bits", Type.NUMBER, "Width of a reference count entry in bits", "16"));

    static final List<Desc> QCOW2_CREATE = concat(List.of(
            Desc.of("encryption", Type.BOOL,
                    "Encrypt the image with format 'aes'. (Deprecated in favor of encrypt.format=aes)"),
            Desc.of("encrypt.format", Type.STRING, "Encrypt the image, format choices: 'aes', 'luks'"),
            Desc.of("encrypt.key-secret", Type.STRING, "ID of secret providing qcow AES key or LUKS passphrase"),
            Desc.of("encrypt.cipher-alg", Type.STRING, "Name of encryption cipher algorithm"),
            Desc.of("encrypt.cipher-mode", Type.STRING, "Name of encryption cipher mode"),
            Desc.of("encrypt.ivgen-alg", Type.STRING, "Name of IV generator algorithm"),
            Desc.of("encrypt.ivgen-hash-alg", Type.STRING, "Name of IV generator hash algorithm"),
            Desc.of("encrypt.hash-alg", Type.STRING, "Name of encryption hash algorithm"),
            Desc.of(ITER_TIME, Type.NUMBER, "Time to spend in PBKDF in milliseconds"),
            new Desc("cluster_size", Type.SIZE, "qcow2 cluster size", "65536"),
            new Desc("extended_l2", Type.BOOL, "Extended L2 tables", "off"),
            Desc.of("preallocation", Type.STRING, "Preallocation mode (allowed values: off, metadata, falloc, full)"),
            new Desc("compression_type", Type.STRING, "Compression method used for image cluster compression",
                    "zlib")), QCOW2_COMMON);

    static final List<Desc> QCOW2_AMEND = concat(List.of(
            Desc.of("encrypt.state", Type.STRING, "Select new state of affected keyslots (active/inactive)"),
            Desc.of("encrypt.keyslot", Type.NUMBER, "Select a single keyslot to modify explicitly"),
            Desc.of("encrypt.old-secret", Type.STRING, "Select all keyslots that match this password"),
            Desc.of("encrypt.new-secret", Type.STRING,
                    "New secret to set in the matching keyslots. Empty string to erase"),
            Desc.of(ITER_TIME, Type.NUMBER, "Time to spend in PBKDF in milliseconds")), QCOW2_COMMON);

    static final List<Desc> RAW_CREATE = List.of(Desc.of("size", Type.SIZE, "Virtual disk size"));

    /** block/crypto.c's block_crypto_create_opts_luks. */
    static final List<Desc> LUKS_CREATE = List.of(
            Desc.of("size", Type.SIZE, "Virtual disk size"),
            Desc.of("key-secret", Type.STRING, "ID of the secret that provides the keyslot passphrase"),
            Desc.of("cipher-alg", Type.STRING, "Name of encryption cipher algorithm"),
            Desc.of("cipher-mode", Type.STRING, "Name of encryption cipher mode"),
            Desc.of("ivgen-alg", Type.STRING, "Name of IV generator algorithm"),
            Desc.of("ivgen-hash-alg", Type.STRING, "Name of IV generator hash algorithm"),
            Desc.of("hash-alg", Type.STRING, "Name of encryption hash algorithm"),
            Desc.of("iter-time", Type.NUMBER, "Time to spend in PBKDF in milliseconds"));

    /** The file protocol's (file-posix raw_create_opts). */
    static final List<Desc> FILE_CREATE = List.of(
            Desc.of("size", Type.SIZE, "Virtual disk size"),
            Desc.of("nocow", Type.BOOL, "Turn off copy-on-write (valid only on btrfs)"),
            Desc.of("preallocation", Type.STRING, "Preallocation mode (allowed values: off, falloc, full)"),
            Desc.of("extent_size_hint", Type.SIZE, "Extent size hint for the image file, 0 to disable"));

    /** The format's create options, or null for a format jblock cannot create. */
    static List<Desc> create(String format) {
        return switch (format) {
            case "qcow2" -> QCOW2_CREATE;
            case "raw" -> RAW_CREATE;
            case "luks" -> LUKS_CREATE;
            case "file" -> FILE_CREATE;
            default -> null;
        };
    }

    /** The format's amend options, or null when the format cannot amend. */
    static List<Desc> amend(String format) {
        return "qcow2".equals(format) ? QCOW2_AMEND : null;
    }

    /** Options of the format followed by the protocol's (the file protocol's for a plain file name). */
    static List<Desc> createWithProtocol(String format) {
        List<Desc> f = create(format);
        return f == null ? null : QemuOpts.append(f, FILE_CREATE);
    }

    private static List<Desc> concat(List<Desc> a, List<Desc> b) {
        return QemuOpts.append(a, b);
    }
}
