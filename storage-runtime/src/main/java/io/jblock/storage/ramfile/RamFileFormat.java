package io.jblock.storage.ramfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a RAM snapshot file: QEMU's mapped-ram layout
 * ({@code docs/devel/migration/mapped-ram.rst}) with our own file header. Every integer is
 * little-endian, written explicitly so that a file is portable between hosts (QEMU's stream
 * writes its header fields big-endian and its bitmap in host order; we are a separate format
 * and pick one order for everything).
 *
 * <pre>
 * offset 0, the file header:
 *   8  magic "JBLKRAM\n"
 *   4  format version (1)
 *   4  block count n (1..1024)
 *   n times: 2 id length, id (UTF-8), 8 used length          (QEMU's block list)
 *   4  CRC-32C of all the bytes above
 * then for every block, in the order of the list, at offset h (the first right after the file
 * header, each next one right after the previous block's pages):
 *   2 id length, id, 8 used length                           (QEMU's ramblock header)
 *   4 version (1), 8 page size, 8 bitmap offset, 8 pages offset   (QEMU's MappedRamHeader, packed)
 *   the bitmap at bitmap offset: ceil(pages / 64) 64-bit little-endian words; page n is bit
 *     (n mod 64) of word (n / 64), least significant bit first. On x86-64 and aarch64 this is
 *     byte for byte what QEMU writes (host-order unsigned longs).
 *   zero padding up to the pages offset, a multiple of 1 MiB (MAPPED_RAM_FILE_OFFSET_ALIGNMENT)
 *   the pages region: page n at pages offset + n * page size, pages = ceil(used length / page size).
 *     A page whose bit is clear was all zero and is not written: it is a hole that reads as
 *     zeros. A last partial page is stored as a full page with a zero tail.
 * </pre>
 *
 * The file's size is the end of the last block's pages region. The magic is written last, after
 * everything else is durable, so a file whose save did not finish is rejected as not a RAM file.
 */
public final class RamFileFormat {
    private RamFileFormat() {
    }

    static final byte[] MAGIC = {'J', 'B', 'L', 'K', 'R', 'A', 'M', '\n'};
    /** The header version this code writes and reads. */
    public static final int VERSION = 1;
    /** QEMU's MAPPED_RAM_HDR_VERSION. */
    public static final int MAPPED_RAM_HEADER_VERSION = 1;
    /** QEMU's MAPPED_RAM_FILE_OFFSET_ALIGNMENT: where each block's pages region starts. */
    public static final long FILE_OFFSET_ALIGNMENT = 1 << 20;
    /** Most RAM blocks in one file. */
    public static final int MAX_BLOCKS = 1024;
    /** Longest block id in bytes of UTF-8 (QEMU's limit). */
    public static final int MAX_ID_BYTES = 255;

    static final int FILE_HEADER_FIXED = 16;   // magic, version, count
    static final int CRC_LENGTH = 4;
    static final int MAPPED_RAM_HEADER_LENGTH = 4 + 8 + 8 + 8;
    static final int MAX_BLOCK_HEADER_LENGTH = 2 + MAX_ID_BYTES + 8 + MAPPED_RAM_HEADER_LENGTH;
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Length of a block-list entry or of the identity part of a block header. */
    static int identityLength(String id) {
        return 2 + id.getBytes(StandardCharsets.UTF_8).length + 8;
    }

    static int blockHeaderLength(String id) {
        return identityLength(id) + MAPPED_RAM_HEADER_LENGTH;
    }

    /** The longest file header a valid file can have; bounds what a reader reads. */
    static int maxFileHeaderLength() {
        return FILE_HEADER_FIXED + MAX_BLOCKS * (2 + MAX_ID_BYTES + 8) + CRC_LENGTH;
    }

    static byte[] encodeFileHeader(List<BlockLayout> blocks) {
        int length = FILE_HEADER_FIXED + CRC_LENGTH;
        for (BlockLayout b : blocks) {
            length += identityLength(b.id());
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(ORDER);
        buf.put(MAGIC).putInt(VERSION).putInt(blocks.size());
        for (BlockLayout b : blocks) {
            putIdentity(buf, b.id(), b.usedLength());
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    static byte[] encodeBlockHeader(BlockLayout b) {
        ByteBuffer buf = ByteBuffer.allocate(blockHeaderLength(b.id())).order(ORDER);
        putIdentity(buf, b.id(), b.usedLength());
        buf.putInt(MAPPED_RAM_HEADER_VERSION).putLong(b.pageSize()).putLong(b.bitmapOffset()).putLong(b.pagesOffset());
        return buf.array();
    }

    private static void putIdentity(ByteBuffer buf, String id, long usedLength) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        buf.putShort((short) idBytes.length).put(idBytes).putLong(usedLength);
    }

    static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }
}
