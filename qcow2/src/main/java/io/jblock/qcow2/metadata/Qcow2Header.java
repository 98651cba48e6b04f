package io.jblock.qcow2.metadata;

import io.jblock.qcow2.Qcow2CorruptImageException;
import io.jblock.qcow2.Qcow2UnsupportedException;
import io.jblock.qcow2.types.ClusterGeometry;
import io.jblock.qcow2.types.Features;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The qcow2 header and its extensions (docs/interop/qcow2.txt). {@link #parse} checks every
 * field against QEMU's limits before anything is sized from it; {@link #encode} writes the
 * header back with every extension, unknown ones included, as it was read.
 *
 * <p>Not thread-safe: the driver changes it only under its metadata lock.
 */
public final class Qcow2Header {
    /** {@code QFI\xfb}: the first four bytes of every qcow2 image. */
    public static final int MAGIC = 0x514649fb;
    /** QEMU's QCOW_MAX_L1_SIZE: 32 MiB of L1 table. */
    public static final long MAX_L1_BYTES = 32L << 20;
    /** QEMU's QCOW_MAX_REFTABLE_SIZE: 8 MiB of refcount table. */
    public static final long MAX_REFTABLE_BYTES = 8L << 20;
    /** QEMU's QCOW_MAX_SNAPSHOTS. */
    public static final int MAX_SNAPSHOTS = 65536;
    /** Bytes of a version 2 header. */
    public static final int V2_LENGTH = 72;
    /** Bytes of a version 3 header without optional fields. */
    public static final int V3_LENGTH = 112;

    /** 2 or 3. */
    public int version;
    /** Where the backing file name is, or 0. */
    public long backingFileOffset;
    /** Bytes of the backing file name. */
    public int backingFileSize;
    /** log2 of the cluster size (9 to 21). */
    public int clusterBits;
    /** Virtual disk size in bytes. */
    public long size;
    /** {@link #CRYPT_NONE}, {@link #CRYPT_AES} or {@link #CRYPT_LUKS}; anything else is refused. */
    public int cryptMethod;
    /** {@code crypt_method} of an image without encryption. */
    public static final int CRYPT_NONE = 0;
    /** {@code crypt_method} of legacy AES-CBC encryption (the IV counts guest sectors). */
    public static final int CRYPT_AES = 1;
    /** {@code crypt_method} of LUKS encryption (header in the full disk encryption extension). */
    public static final int CRYPT_LUKS = 2;
    /** Entries of the active L1 table. */
    public int l1Size;
    /** Where the active L1 table is. */
    public long l1TableOffset;
    /** Where the refcount table is. */
    public long refcountTableOffset;
    /** Clusters of the refcount table. */
    public int refcountTableClusters;
    /** Internal snapshots in the snapshot table. */
    public int nbSnapshots;
    /** Where the snapshot table is. */
    public long snapshotsOffset;
    /** Incompatible feature bits (v3). */
    public long incompatibleFeatures;
    /** Compatible feature bits (v3). */
    public long compatibleFeatures;
    /** Autoclear feature bits (v3). */
    public long autoclearFeatures;
    /** log2 of the refcount width in bits (4: 16 bits). */
    public int refcountOrder = 4;
    /** Bytes of the header proper, before the extensions. */
    public int headerLength = V2_LENGTH;
    /** 0 deflate, 1 zstd. */
    public int compressionType;

    /** Backing file name from the header, or null. */
    public String backingFile;
    /** Backing format from its extension, or null. */
    public String backingFormat;
    /** External data file name from its extension, or null. */
    public String dataFile;
    /** The feature name table extension (empty when the image has none). */
    public FeatureNameTable featureTable = new FeatureNameTable();
    /** Extensions other than backing format, data file and feature table, in file order. */
    public final List<HeaderExtension> otherExtensions = new ArrayList<>();

    /** A header with every field zero: the parser and the creator fill it in. */
    public Qcow2Header() {
    }

    /**
     * Parses and validates a header.
     *
     * @param cluster  the first bytes of the image: at least the first cluster, or the whole
     *                 file when it is shorter
     * @param fileSize size of the image file, to check that tables lie inside it
     * @param node the node, for messages
     * @param file the file, for messages
     * @return the header
     * @throws IOException {@link io.jblock.qcow2.Qcow2CorruptImageException} or {@link io.jblock.qcow2.Qcow2UnsupportedException} naming the field
     */
    public static Qcow2Header parse(byte[] cluster, long fileSize, String node, String file) throws IOException {
        if (cluster.length < V2_LENGTH) {
            throw new Qcow2CorruptImageException("file too short for a qcow2 header (" + cluster.length
                    + " bytes)", node, file, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(cluster).order(ByteOrder.BIG_ENDIAN);
        Qcow2Header h = new Qcow2Header();
        if (b.getInt(0) != MAGIC) {
            throw new Qcow2CorruptImageException("bad magic (not a qcow2 image)", node, file, 0);
        }
        h.version = b.getInt(4);
        if (h.version != 2 && h.version != 3) {
            throw new Qcow2UnsupportedException("unsupported qcow2 version " + h.version, node, file, 4);
        }
        h.backingFileOffset = b.getLong(8);
        h.backingFileSize = b.getInt(16);
        h.clusterBits = b.getInt(20);
        if (h.clusterBits < 9 || h.clusterBits > 21) {
            throw new Qcow2CorruptImageException("cluster_bits " + h.clusterBits + " outside 9..21", node, file, 20);
        }
        int cs = 1 << h.clusterBits;
        h.size = b.getLong(24);
        h.cryptMethod = b.getInt(32);
        h.l1Size = b.getInt(36);
        h.l1TableOffset = b.getLong(40);
        h.refcountTableOffset = b.getLong(48);
        h.refcountTableClusters = b.getInt(56);
        h.nbSnapshots = b.getInt(60);
        h.snapshotsOffset = b.getLong(64);
        if (h.version == 3) {
            if (cluster.length < 104) {
                throw new Qcow2CorruptImageException("file too short for a v3 header", node, file, 0);
            }
            h.incompatibleFeatures = b.getLong(72);
            h.compatibleFeatures = b.getLong(80);
            h.autoclearFeatures = b.getLong(88);
            h.refcountOrder = b.getInt(96);
            h.headerLength = b.getInt(100);
            long headerLength = Integer.toUnsignedLong(h.headerLength); // QEMU's uint32_t
            if (headerLength < 104) {
                throw new Qcow2CorruptImageException("qcow2 header too short (header_length " + headerLength + ")",
                        node, file, 100);
            }
            if (headerLength > cs) {
                throw new Qcow2CorruptImageException("qcow2 header exceeds cluster size (header_length "
                        + headerLength + ")", node, file, 100);
            }
            if (h.headerLength > cluster.length) {
                throw new Qcow2CorruptImageException("header_length " + h.headerLength + " invalid", node, file, 100);
            }
            if (h.headerLength > 104) {
                h.compressionType = cluster[104] & 0xff;
            }
        }
        if (h.refcountOrder < 0 || h.refcountOrder > 6) {
            throw new Qcow2CorruptImageException("refcount_order " + h.refcountOrder + " outside 0..6", node, file, 96);
        }
        if (h.cryptMethod < CRYPT_NONE || h.cryptMethod > CRYPT_LUKS) {
            // QEMU's words (qcow2_update_options_prepare)
            throw new Qcow2UnsupportedException("Unsupported encryption method " + h.cryptMethod, node, file, 32);
        }
        // QEMU's order (qcow2_do_open): the backing file name's offset, then the extensions, which
        // end where the name starts (or with the header cluster)
        if (Long.compareUnsigned(h.backingFileOffset, cs) > 0) {
            throw new Qcow2CorruptImageException("Invalid backing file offset (" + Long.toUnsignedString(h.backingFileOffset)
                    + ", past the header cluster)", node, file, 8);
        }
        // Extensions, needed for the feature table before judging incompatible bits.
        int extStart = h.version == 3 ? h.headerLength : V2_LENGTH;
        long extEnd = h.backingFileOffset != 0 ? h.backingFileOffset : cs;
        int p = extStart;
        while (p < extEnd) {
            if (p + 8 > cluster.length) {
                break; // the file ends inside the header cluster: the rest reads as zeroes, the end marker
            }
            int type = b.getInt(p);
            long len = Integer.toUnsignedLong(b.getInt(p + 4));
            // as qcow2_read_extensions: the 8-byte header and the data must both end by extEnd
            if (p + 8 > extEnd || len > extEnd - p - 8 || len > cluster.length - p - 8) {
                throw new Qcow2CorruptImageException("header extension 0x" + Integer.toHexString(type)
                        + " of " + len + " bytes runs past the header cluster (extensions end at " + extEnd + ")",
                        node, file, p);
            }
            if (type == HeaderExtension.END) {
                break;
            }
            byte[] data = new byte[(int) len];
            System.arraycopy(cluster, p + 8, data, 0, (int) len);
            switch (type) {
                case HeaderExtension.BACKING_FORMAT -> h.backingFormat = cstring(data);
                case HeaderExtension.DATA_FILE -> h.dataFile = cstring(data);
                case HeaderExtension.FEATURE_TABLE -> h.featureTable = FeatureNameTable.parse(data);
                default -> h.otherExtensions.add(new HeaderExtension(type, data));
            }
            p += 8 + (int) ((len + 7) & ~7L);
        }
        long unknown = h.incompatibleFeatures & ~Features.INCOMPAT_KNOWN;
        if (unknown != 0) {
            throw new Qcow2UnsupportedException("unsupported qcow2 feature(s): "
                    + h.featureTable.describeIncompatible(unknown), node, file, 72);
        }
        // QEMU's validate_compression_type, in its words; a header without the field is zlib
        int compressionType = h.headerLength > 104 ? h.compressionType : 0;
        boolean compressionBit = (h.incompatibleFeatures & Features.INCOMPAT_COMPRESSION) != 0;
        if (compressionType > 1) {
            throw new Qcow2UnsupportedException("qcow2: unknown compression type: " + compressionType, node, file, 104);
        }
        if (compressionType == 0 && compressionBit) {
            throw new Qcow2CorruptImageException("qcow2: Compression type incompatible feature bit must not be set",
                    node, file, 72);
        }
        if (compressionType != 0 && !compressionBit) {
            throw new Qcow2CorruptImageException("qcow2: Compression type incompatible feature bit must be set",
                    node, file, 104);
        }
        if (h.backingFileOffset != 0) {
            if (h.backingFileSize < 0 || h.backingFileSize > 1023 || h.backingFileOffset < 0
                    || h.backingFileOffset > cs || h.backingFileOffset + h.backingFileSize > Math.min(cs, cluster.length)) {
                throw new Qcow2CorruptImageException("backing file name (offset " + h.backingFileOffset + ", "
                        + h.backingFileSize + " bytes) not inside the header cluster or longer than 1023", node, file, 8);
            }
            h.backingFile = new String(cluster, (int) h.backingFileOffset, h.backingFileSize, StandardCharsets.UTF_8);
        }
        ClusterGeometry g = h.geometry();
        // QEMU's checks and words (qcow2_do_open): the L1 table's size, then the L1 entries the
        // virtual size needs (at most INT_MAX), then whether the table has that many
        if (Integer.toUnsignedLong(h.l1Size) * 8 > MAX_L1_BYTES || h.l1Size < 0) {
            throw new Qcow2CorruptImageException("Active L1 table too large (" + Integer.toUnsignedLong(h.l1Size)
                    + " entries, larger than 32 MiB)", node, file, 36);
        }
        long needed = h.size < 0 ? Long.MAX_VALUE : g.l1EntriesFor(h.size);
        if (needed > Integer.MAX_VALUE) {
            throw new Qcow2UnsupportedException("Image is too big (virtual size " + Long.toUnsignedString(h.size)
                    + " bytes needs " + (h.size < 0 ? "more than 2^31" : needed) + " L1 entries)", node, file, 24);
        }
        if (h.l1Size < needed) {
            throw new Qcow2CorruptImageException("L1 table is too small (" + h.l1Size + " entries; virtual size "
                    + h.size + " needs " + needed + ")", node, file, 36);
        }
        if (h.l1Size > 0 || h.l1TableOffset != 0) {
            checkTable("L1 table", h.l1TableOffset, (long) h.l1Size * 8, cs, fileSize, node, file, 40);
        }
        if (h.refcountTableClusters <= 0 || (long) h.refcountTableClusters * cs > MAX_REFTABLE_BYTES) {
            throw new Qcow2CorruptImageException("refcount table of " + Integer.toUnsignedLong(h.refcountTableClusters)
                    + " clusters is empty or larger than 8 MiB", node, file, 56);
        }
        checkTable("refcount table", h.refcountTableOffset, (long) h.refcountTableClusters * cs, cs, fileSize,
                node, file, 48);
        if (Integer.toUnsignedLong(h.nbSnapshots) > MAX_SNAPSHOTS) {
            throw new Qcow2CorruptImageException("too many snapshots (" + Integer.toUnsignedLong(h.nbSnapshots) + ")",
                    node, file, 60);
        }
        if (h.nbSnapshots > 0) {
            checkTable("snapshot table", h.snapshotsOffset, 1, cs, fileSize, node, file, 64);
        } else if ((h.snapshotsOffset & (cs - 1)) != 0) {
            // QEMU's qcow2_validate_table checks the offset also when the table is empty
            throw new Qcow2CorruptImageException("snapshot table offset " + h.snapshotsOffset
                    + " is not a multiple of the cluster size", node, file, 64);
        }
        if ((h.incompatibleFeatures & Features.INCOMPAT_EXTL2) != 0 && h.version < 3) {
            throw new Qcow2CorruptImageException("extended L2 in a v2 image", node, file, 72);
        }
        return h;
    }

    private static void checkTable(String what, long offset, long length, int cs, long fileSize,
                                   String node, String file, long field) throws IOException {
        if (offset <= 0 || (offset & (cs - 1)) != 0) {
            throw new Qcow2CorruptImageException(what + " offset " + offset + " is not a positive multiple of the cluster size",
                    node, file, field);
        }
        if (length > Long.MAX_VALUE - offset) {
            throw new Qcow2CorruptImageException(what + " offset " + offset + " with " + length
                    + " bytes ends past 2^63", node, file, field);
        }
        if (length < 0 || offset > fileSize || length > fileSize - offset) {
            throw new Qcow2CorruptImageException(what + " at " + offset + " (" + length + " bytes) lies outside the file ("
                    + fileSize + " bytes)", node, file, field);
        }
    }

    private static String cstring(byte[] data) {
        int n = 0;
        while (n < data.length && data[n] != 0) {
            n++;
        }
        return new String(data, 0, n, StandardCharsets.UTF_8);
    }

    /** {@return the sizes derived from the cluster size and the L2 entry width} */
    public ClusterGeometry geometry() {
        return new ClusterGeometry(clusterBits, (incompatibleFeatures & Features.INCOMPAT_EXTL2) != 0);
    }

    /** {@return the refcount width in bits} */
    public int refcountBits() {
        return 1 << refcountOrder;
    }

    /**
     * {@return whether an incompatible feature bit is set}
     *
     * @param incompatibleBit a {@code Features.INCOMPAT_*} mask
     */
    public boolean has(long incompatibleBit) {
        return (incompatibleFeatures & incompatibleBit) != 0;
    }

    /** {@return whether the lazy refcounts bit is set} */
    public boolean lazyRefcounts() {
        return (compatibleFeatures & Features.COMPAT_LAZY_REFCOUNTS) != 0;
    }

    /**
     * Encodes header, extensions and backing file name into one cluster, as QEMU's
     * qcow2_update_header lays them out.
     *
     * @return one cluster of bytes
     * @throws IOException when the header, extensions and backing name do not fit in one cluster
     */
    public byte[] encode() throws IOException {
        int cs = 1 << clusterBits;
        ByteBuffer b = ByteBuffer.allocate(cs).order(ByteOrder.BIG_ENDIAN);
        int hlen = version == 3 ? Math.max(headerLength, V3_LENGTH) : V2_LENGTH;
        headerLength = version == 3 ? hlen : V2_LENGTH;
        b.putInt(0, MAGIC).putInt(4, version).putInt(20, clusterBits).putLong(24, size).putInt(32, cryptMethod)
                .putInt(36, l1Size).putLong(40, l1TableOffset).putLong(48, refcountTableOffset)
                .putInt(56, refcountTableClusters).putInt(60, nbSnapshots).putLong(64, snapshotsOffset);
        if (version == 3) {
            b.putLong(72, incompatibleFeatures).putLong(80, compatibleFeatures).putLong(88, autoclearFeatures)
                    .putInt(96, refcountOrder).putInt(100, hlen);
            b.put(104, (byte) compressionType);
        }
        int p = hlen;
        List<HeaderExtension> exts = new ArrayList<>();
        if (backingFormat != null) {
            exts.add(new HeaderExtension(HeaderExtension.BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8)));
        }
        if (dataFile != null) {
            exts.add(new HeaderExtension(HeaderExtension.DATA_FILE, dataFile.getBytes(StandardCharsets.UTF_8)));
        }
        // QEMU's qcow2_update_header order: the full disk encryption header before the feature table
        otherExtensions.stream().filter(e -> e.type() == HeaderExtension.ENCRYPTION).forEach(exts::add);
        if (version == 3) {
            exts.add(new HeaderExtension(HeaderExtension.FEATURE_TABLE, FeatureNameTable.qemuDefault()));
        }
        otherExtensions.stream().filter(e -> e.type() != HeaderExtension.ENCRYPTION).forEach(exts::add);
        for (HeaderExtension e : exts) {
            byte[] d = e.data();
            if (p + e.storedLength() + 8 > cs) {
                throw new IOException("qcow2 header extensions do not fit in one cluster");
            }
            b.putInt(p, e.type()).putInt(p + 4, d.length);
            b.put(p + 8, d);
            p += e.storedLength();
        }
        b.putInt(p, HeaderExtension.END).putInt(p + 4, 0);
        p += 8;
        if (backingFile != null) {
            byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
            if (p + name.length > cs || name.length > 1023) {
                throw new IOException("backing file name does not fit in the header cluster");
            }
            b.put(p, name);
            b.putLong(8, p).putInt(16, name.length);
            backingFileOffset = p;
            backingFileSize = name.length;
            p += name.length;
        } else {
            backingFileOffset = 0;
            backingFileSize = 0;
        }
        byte[] out = new byte[p];
        b.get(0, out);
        return out;
    }
}
