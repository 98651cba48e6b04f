package io.jblock.storage.ramfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of a whole RAM file: its blocks in file order and the file's size. A writer plans
 * it from the RAM; a reader parses it from the file ({@link RamFileHeaderParser}).
 *
 * @param blocks the blocks in file order
 * @param fileSize the file's size in bytes
 */
public record RamFileLayout(List<BlockLayout> blocks, long fileSize) {

    /** Copies the block list. */
    public RamFileLayout {
        blocks = List.copyOf(blocks);
    }

    /** Lays out {@code ram} with pages of {@code pageSize} bytes, QEMU's mapped_ram_setup_ramblock way. */
    static RamFileLayout plan(List<RamBlock> ram, int pageSize) {
        if (ram.isEmpty() || ram.size() > RamFileFormat.MAX_BLOCKS) {
            throw new IllegalArgumentException("a RAM file holds 1 to " + RamFileFormat.MAX_BLOCKS
                    + " blocks, asked for " + ram.size());
        }
        long offset = RamFileFormat.FILE_HEADER_FIXED + RamFileFormat.CRC_LENGTH;
        for (RamBlock b : ram) {
            offset += RamFileFormat.identityLength(b.id());
        }
        List<BlockLayout> blocks = new ArrayList<>(ram.size());
        Set<String> ids = new HashSet<>();
        for (RamBlock b : ram) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("RAM block id '" + b.id() + "' appears twice");
            }
            long header = offset;
            long bitmap = header + RamFileFormat.blockHeaderLength(b.id());
            long pageCount = BlockLayout.pageCount(b.usedLength(), pageSize);
            long bitmapBytes = ((pageCount + 63) / 64) * 8;
            long pages = RamFileFormat.alignUp(bitmap + bitmapBytes, RamFileFormat.FILE_OFFSET_ALIGNMENT);
            BlockLayout layout = new BlockLayout(b.id(), b.usedLength(), pageSize, header, bitmap, pages);
            blocks.add(layout);
            offset = layout.pagesEnd();
        }
        return new RamFileLayout(blocks, offset);
    }
}
