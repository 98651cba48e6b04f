package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.types.Features;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code qemu-img create -f qcow2} (QEMU's qcow2_co_create): validates the options as QEMU does,
 * writes a minimal image (header, one-cluster refcount table, first refcount block), then opens it
 * with the driver and grows it to the requested size with the requested preallocation, so L1,
 * L2 and refcount structures come from the same allocator that later writes use.
 */
final class ImageCreator {
    private ImageCreator() {
    }

    static void create(CreateContext ctx) throws IOException {
        NodeOptions o = ctx.options();
        // QEMU converts the options to its QAPI type first, member by member (enums refuse
        // unknown values there), then qcow2_co_create checks them in this order, with these words
        boolean dataFileRaw = o.bool("data_file_raw", false);
        boolean extL2 = o.bool("extended_l2", false);
        String compat = o.string("compat").orElse(null);
        int version = compat == null ? 3 : switch (compat) {
            case "0.10", "v2" -> 2;
            case "1.1", "v3" -> 3;
            default -> throw new IllegalArgumentException("Parameter 'version' does not accept value '" + compat + "'");
        };
        String backingFile = o.string("backing_file").orElse(null);
        String backingFmt = o.string("backing_fmt").orElse(null);
        long clusterSize = o.size("cluster_size", 65536);
        String preallocName = o.string("preallocation", "off");
        Preallocation prealloc = switch (preallocName) {
            case "off", "metadata", "falloc", "full" -> Preallocation.parse(preallocName);
            default -> throw new IllegalArgumentException("Parameter 'preallocation' does not accept value '"
                    + preallocName + "'");
        };
        boolean lazy = o.bool("lazy_refcounts", false);
        long refcountBits = o.number("refcount_bits", 16);
        String compression = o.string("compression_type").orElse(null);
        int compressionType = compression == null ? 0 : switch (compression) {
            case "zlib" -> 0;
            case "zstd" -> 1;
            default -> throw new IllegalArgumentException("Parameter 'compression-type' does not accept value '"
                    + compression + "'");
        };
        String dataFile = o.string("data_file").orElse(null);
        EncryptionCreate encryption = EncryptionCreate.of(o);

        if (extL2 && version < 3) {
            throw new IllegalArgumentException("Extended L2 entries are only supported with compatibility level 1.1 "
                    + "and above (use version=v3 or greater)");
        }
        int bits = Long.numberOfTrailingZeros(clusterSize);
        if (bits < 9 || bits > 21 || (1L << bits) != clusterSize) {
            throw new IllegalArgumentException("Cluster size must be a power of two between 512 and 2048k");
        }
        if (extL2 && clusterSize < 512 * 32) {
            throw new IllegalArgumentException("Extended L2 entries are only supported with cluster sizes of at least "
                    + "16384 bytes");
        }
        if (backingFile != null && prealloc != Preallocation.OFF && !extL2) {
            throw new IllegalArgumentException("Backing file and preallocation can only be used at the same time if "
                    + "extended_l2 is on");
        }
        if (backingFmt != null && backingFile == null) {
            throw new IllegalArgumentException("Backing format cannot be used without backing file");
        }
        if (version < 3 && lazy) {
            throw new IllegalArgumentException("Lazy refcounts only supported with compatibility level 1.1 and above "
                    + "(use version=v3 or greater)");
        }
        if (refcountBits > 64 || Long.bitCount(refcountBits) != 1) {
            throw new IllegalArgumentException("Refcount width must be a power of two and may not exceed 64 bits");
        }
        if (version < 3 && refcountBits != 16) {
            throw new IllegalArgumentException("Different refcount widths than 16 bits require compatibility level 1.1 "
                    + "or above (use version=v3 or greater)");
        }
        if (dataFileRaw && dataFile == null) {
            throw new IllegalArgumentException("data-file-raw requires data-file");
        }
        if (dataFileRaw && backingFile != null) {
            throw new IllegalArgumentException("Backing file and data-file-raw cannot be used at the same time");
        }
        if (dataFile != null && version < 3) {
            throw new IllegalArgumentException("External data files are only supported with compatibility level 1.1 "
                    + "and above (use version=v3 or greater)");
        }
        if (compressionType != 0 && version < 3) {
            throw new IllegalArgumentException("Non-zlib compression type is only supported with compatibility level "
                    + "1.1 and above (use version=v3 or greater)");
        }
        long size = ctx.size();
        if (size == 0 && backingFile != null) {
            String ref = BackingReference.optionString(ctx.filename(), backingFile, backingFmt);
            try (BlockNode b = ctx.openImage(ref)) {
                size = b.size();
            }
        }
        size = (size + 511) & ~511L; // QEMU rounds the size up to whole sectors, silently
        if (new io.jblock.qcow2.types.ClusterGeometry(bits, extL2).l1EntriesFor(size) * 8 > Qcow2Header.MAX_L1_BYTES) {
            // QEMU's -EFBIG from growing the L1 table, as bdrv_img_create words it
            throw new IllegalArgumentException("The image size is too large for file format 'qcow2' "
                    + "(try using a larger cluster size)");
        }

        int cs = (int) clusterSize;
        int clusterBits = Integer.numberOfTrailingZeros(cs);
        Qcow2Header h = new Qcow2Header();
        h.version = version;
        h.clusterBits = clusterBits;
        h.size = 0;
        h.refcountTableOffset = cs;
        h.refcountTableClusters = 1;
        h.refcountOrder = Integer.numberOfTrailingZeros((int) refcountBits);
        h.headerLength = version == 3 ? Qcow2Header.V3_LENGTH : Qcow2Header.V2_LENGTH;
        if (lazy) {
            h.compatibleFeatures |= Features.COMPAT_LAZY_REFCOUNTS;
        }
        if (extL2) {
            h.incompatibleFeatures |= Features.INCOMPAT_EXTL2;
        }
        if (compressionType != 0) {
            h.incompatibleFeatures |= Features.INCOMPAT_COMPRESSION;
            h.compressionType = compressionType;
        }
        if (dataFile != null) {
            h.incompatibleFeatures |= Features.INCOMPAT_DATA_FILE;
            h.dataFile = dataFile;
            if (dataFileRaw) {
                h.autoclearFeatures |= Features.AUTOCLEAR_DATA_FILE_RAW;
            }
        }
        h.backingFile = backingFile;
        h.backingFormat = backingFile != null ? backingFmt : null;

        byte[] secret = encryption.secret(ctx);
        // LUKS: the header extension comes with the LUKS header, after the first truncate (QEMU's order)
        h.cryptMethod = encryption.cryptMethod() == Qcow2Header.CRYPT_AES ? Qcow2Header.CRYPT_AES
                : Qcow2Header.CRYPT_NONE;
        try {
            createFiles(ctx, h, cs, dataFile, size, dataFileRaw, prealloc, encryption, secret);
        } finally {
            EncryptionCreate.wipe(secret);
        }
    }

    private static void createFiles(CreateContext ctx, Qcow2Header h, int cs, String dataFile, long size,
                                    boolean dataFileRaw, Preallocation prealloc, EncryptionCreate encryption,
                                    byte[] secret) throws IOException {

        ctx.createFile(ctx.filename(), 0, Preallocation.OFF);
        BlockNode dataNode = null;
        if (dataFile != null) {
            String path = dataFile;
            ctx.createFile(path, 0, Preallocation.OFF);
            dataNode = ctx.openFile(path);
        }
        try (BlockNode file = ctx.openFile(ctx.filename())) {
            writeSkeleton(file, h, cs);
            Qcow2Driver d = new Qcow2Driver(new DirectOpenContext("create", file, dataNode, false));
            boolean ok = false;
            try {
                d.truncate(size, dataFileRaw && prealloc == Preallocation.OFF ? Preallocation.METADATA : prealloc);
                encryption.setUp(d, secret);
                ok = true;
            } finally {
                if (ok) {
                    d.close();
                } else {
                    try {
                        d.close();
                    } catch (IOException suppressed) {
                        // the first failure is the one to report
                    }
                }
            }
            file.flush();
        } finally {
            if (dataNode != null) {
                dataNode.close();
            }
        }
    }

    private static void writeSkeleton(BlockNode file, Qcow2Header h, int cs) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(3L * cs, 4096);
            byte[] hdr = h.encode();
            MemorySegment.copy(hdr, 0, buf, ValueLayout.JAVA_BYTE, 0, hdr.length);
            buf.set(Qcow2Image.BE_LONG, cs, 2L * cs);
            // Refcount block 0: clusters 0 (header), 1 (refcount table), 2 (this block) have refcount 1.
            MemorySegment block = buf.asSlice(2L * cs, cs);
            int bits = h.refcountBits();
            for (int i = 0; i < 3; i++) {
                long bitPos = (long) i * bits;
                if (bits < 8) {
                    long byteIdx = bitPos >>> 3;
                    byte v = block.get(ValueLayout.JAVA_BYTE, byteIdx);
                    block.set(ValueLayout.JAVA_BYTE, byteIdx, (byte) (v | (1 << (bitPos & 7))));
                } else {
                    long byteIdx = bitPos / 8 + bits / 8 - 1; // big-endian: the last byte holds the 1
                    block.set(ValueLayout.JAVA_BYTE, byteIdx, (byte) 1);
                }
            }
            file.truncate(3L * cs, Preallocation.OFF); // protocol nodes refuse writes past their end
            file.write(0, buf);
            file.flush();
        }
    }
}
