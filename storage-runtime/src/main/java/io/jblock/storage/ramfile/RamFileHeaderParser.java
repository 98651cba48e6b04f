package io.jblock.storage.ramfile;

import io.jblock.ffm.PosixIO;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and validates the headers and bitmaps of a RAM file through the main (buffered)
 * descriptor. Every field is checked before it is used: magic, versions, CRC of the file header,
 * block count and id lengths within limits, page sizes, offsets aligned, ordered and inside the
 * file, and no bitmap bit beyond a block's last page. Reads are bounded by those limits, never by
 * a size taken from the file unchecked.
 */
final class RamFileHeaderParser {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(RamFileFormat.ORDER);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(RamFileFormat.ORDER);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(RamFileFormat.ORDER);

    /** A validated file: its layout and one bitmap per block. */
    record Parsed(RamFileLayout layout, List<PageBitmap> bitmaps) {
        RamFileSummary summary(String path) {
            List<RamFileSummary.Block> blocks = new ArrayList<>();
            for (int i = 0; i < bitmaps.size(); i++) {
                blocks.add(new RamFileSummary.Block(layout.blocks().get(i), bitmaps.get(i).cardinality()));
            }
            return new RamFileSummary(path, layout.fileSize(), blocks);
        }
    }

    private final int fd;
    private final String path;
    private final long fileSize;

    private RamFileHeaderParser(int fd, String path, long fileSize) {
        this.fd = fd;
        this.path = path;
        this.fileSize = fileSize;
    }

    static Parsed parse(int fd, String path) throws IOException {
        long size = PosixIO.fstatFd(fd, path).size();
        try (Arena arena = Arena.ofConfined()) {
            return new RamFileHeaderParser(fd, path, size).parse(arena);
        }
    }

    private Parsed parse(Arena arena) throws IOException {
        int fixed = RamFileFormat.FILE_HEADER_FIXED;
        MemorySegment head = readExactly(arena, 0, fixed, "the file header");
        byte[] magic = head.asSlice(0, RamFileFormat.MAGIC.length).toArray(ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(magic, RamFileFormat.MAGIC)) {
            throw fail(0, "bad magic " + hex(magic) + ", expected " + hex(RamFileFormat.MAGIC)
                    + ": not a RAM file, or its save did not finish");
        }
        int version = head.get(U32, 8);
        if (version != RamFileFormat.VERSION) {
            throw fail(8, "unsupported format version " + Integer.toUnsignedString(version)
                    + ", this reader supports " + RamFileFormat.VERSION);
        }
        int count = head.get(U32, 12);
        if (count < 1 || count > RamFileFormat.MAX_BLOCKS) {
            throw fail(12, "block count " + Integer.toUnsignedString(count) + " is not 1 to " + RamFileFormat.MAX_BLOCKS);
        }

        // The block list: read what the longest valid list could need, bounded by the file.
        long listMax = Math.min(fileSize, RamFileFormat.maxFileHeaderLength());
        MemorySegment header = readExactly(arena, 0, Math.max(listMax, fixed), "the file header");
        long pos = fixed;
        List<String> ids = new ArrayList<>(count);
        List<Long> used = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Identity id = identity(header, 0, pos, "block list entry " + i);
            ids.add(id.id);
            used.add(id.usedLength);
            pos = id.end;
        }
        requireInside(header, 0, pos, RamFileFormat.CRC_LENGTH, "the file header's CRC");
        CRC32C crc = new CRC32C();
        crc.update(header.asSlice(0, pos).asByteBuffer());
        int stored = header.get(U32, pos);
        if (stored != (int) crc.getValue()) {
            throw fail(pos, String.format("file header CRC-32C is 0x%08x, the header's bytes give 0x%08x",
                    stored, (int) crc.getValue()));
        }
        long blockHeader = pos + RamFileFormat.CRC_LENGTH;

        List<BlockLayout> blocks = new ArrayList<>(count);
        List<PageBitmap> bitmaps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BlockLayout block = blockHeader(arena, blockHeader, ids.get(i), used.get(i));
            blocks.add(block);
            bitmaps.add(bitmap(arena, block));
            blockHeader = block.pagesEnd();
        }
        return new Parsed(new RamFileLayout(blocks, blockHeader), bitmaps);
    }

    private record Identity(String id, long usedLength, long end) {
    }

    /** Parses an id and used length at {@code pos} of {@code seg}, which was read from file offset {@code base}. */
    private Identity identity(MemorySegment seg, long base, long pos, String what) throws RamFileFormatException {
        requireInside(seg, base, pos, 2, what);
        int idLength = Short.toUnsignedInt(seg.get(U16, pos));
        if (idLength == 0 || idLength > RamFileFormat.MAX_ID_BYTES) {
            throw fail(base + pos, what + ": id length " + idLength + " is not 1 to " + RamFileFormat.MAX_ID_BYTES);
        }
        requireInside(seg, base, pos + 2, idLength + 8L, what);
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(seg.asSlice(pos + 2, idLength).asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw fail(base + pos + 2, what + ": id is not valid UTF-8");
        }
        long usedLength = seg.get(U64, pos + 2 + idLength);
        if (usedLength < 0 || usedLength > Long.MAX_VALUE / 4) {
            throw fail(base + pos + 2 + idLength, what + ": used length " + Long.toUnsignedString(usedLength)
                    + " is out of range");
        }
        return new Identity(id, usedLength, pos + 2 + idLength + 8);
    }

    private BlockLayout blockHeader(Arena arena, long at, String id, long usedLength) throws IOException {
        String what = "header of block '" + id + "'";
        long length = RamFileFormat.blockHeaderLength(id);
        if (at > fileSize) {
            throw fail(at, "the " + what + " starts past the end of the file (size " + fileSize + "): truncated file");
        }
        // Read as much as the longest valid header, so a header that differs from the list is
        // reported as a mismatch rather than as a short read.
        MemorySegment seg = readExactly(arena, at, Math.min(fileSize - at, RamFileFormat.MAX_BLOCK_HEADER_LENGTH),
                "the " + what);
        Identity identity = identity(seg, at, 0, what);
        if (!identity.id.equals(id) || identity.usedLength != usedLength) {
            throw fail(at, what + " names block '" + identity.id + "' of " + identity.usedLength
                    + " bytes, but the file header lists '" + id + "' of " + usedLength + " bytes");
        }
        long mr = identity.end;
        requireInside(seg, at, mr, RamFileFormat.MAPPED_RAM_HEADER_LENGTH, "the mapped-ram header of block '" + id + "'");
        int version = seg.get(U32, mr);
        if (version != RamFileFormat.MAPPED_RAM_HEADER_VERSION) {
            throw fail(at + mr, what + ": unsupported mapped-ram header version " + Integer.toUnsignedString(version)
                    + ", expected " + RamFileFormat.MAPPED_RAM_HEADER_VERSION);
        }
        long pageSize = seg.get(U64, mr + 4);
        if (pageSize < RamFileParameters.MIN_PAGE_SIZE || pageSize > RamFileParameters.MAX_PAGE_SIZE
                || Long.bitCount(pageSize) != 1) {
            throw fail(at + mr + 4, what + ": page size " + Long.toUnsignedString(pageSize)
                    + " is not a power of two from " + RamFileParameters.MIN_PAGE_SIZE + " to "
                    + RamFileParameters.MAX_PAGE_SIZE);
        }
        long bitmapOffset = seg.get(U64, mr + 12);
        long pagesOffset = seg.get(U64, mr + 20);
        BlockLayout block = new BlockLayout(id, usedLength, (int) pageSize, at, bitmapOffset, pagesOffset);
        if (bitmapOffset < at + length || bitmapOffset > fileSize) {
            throw fail(at + mr + 12, what + ": bitmap offset " + Long.toUnsignedString(bitmapOffset)
                    + " is not between the end of the header (" + (at + length) + ") and the end of the file ("
                    + fileSize + ")");
        }
        if (pagesOffset < 0 || pagesOffset % RamFileFormat.FILE_OFFSET_ALIGNMENT != 0) {
            throw fail(at + mr + 20, what + ": pages offset " + Long.toUnsignedString(pagesOffset)
                    + " is not a multiple of " + RamFileFormat.FILE_OFFSET_ALIGNMENT);
        }
        if (bitmapOffset + block.bitmapBytes() > pagesOffset) {
            throw fail(at + mr + 20, what + ": pages offset " + pagesOffset + " overlaps the bitmap ("
                    + block.bitmapBytes() + " bytes at " + bitmapOffset + ")");
        }
        long pagesLength = block.pageCount() * pageSize;   // usedLength is bounded, cannot overflow
        if (pagesOffset > fileSize || pagesLength > fileSize - pagesOffset) {
            throw fail(at + mr + 20, what + ": pages region [" + pagesOffset + ", " + (pagesOffset + pagesLength)
                    + ") ends past the end of the file (size " + fileSize + "): truncated file or corrupt offset");
        }
        return block;
    }

    private PageBitmap bitmap(Arena arena, BlockLayout block) throws IOException {
        PageBitmap bitmap = new PageBitmap(block.pageCount());
        if (block.bitmapBytes() == 0) {
            return bitmap;
        }
        MemorySegment seg = readExactly(arena, block.bitmapOffset(), block.bitmapBytes(),
                "the bitmap of block '" + block.id() + "'");
        long stray = PageBitmap.readFrom(seg, bitmap);
        if (stray >= 0) {
            throw fail(block.bitmapOffset() + stray / 8, "bitmap of block '" + block.id() + "' marks page " + stray
                    + " present, but the block has only " + block.pageCount() + " pages");
        }
        return bitmap;
    }

    private MemorySegment readExactly(Arena arena, long offset, long length, String what) throws IOException {
        if (offset > fileSize || length > fileSize - offset) {
            throw fail(offset, what + " (" + length + " bytes) ends past the end of the file (size " + fileSize
                    + "): truncated file");
        }
        MemorySegment seg = arena.allocate(length);
        long n = PosixIO.preadFd(fd, seg, offset, path);
        if (n < length) {
            throw fail(offset + n, what + ": file ended after " + n + " of " + length + " bytes: truncated file");
        }
        return seg;
    }

    private void requireInside(MemorySegment seg, long base, long pos, long length, String what)
            throws RamFileFormatException {
        if (pos + length > seg.byteSize()) {
            throw fail(base + pos, what + " runs past the end of the file (size " + fileSize + ") or of the largest "
                    + "valid file header: truncated or corrupt");
        }
    }

    private RamFileFormatException fail(long offset, String what) {
        return new RamFileFormatException(what, path, offset);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
