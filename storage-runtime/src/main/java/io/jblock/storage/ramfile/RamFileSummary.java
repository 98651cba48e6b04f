package io.jblock.storage.ramfile;

import java.util.List;

/**
 * What a RAM file holds, as saved, checked or restored: its blocks with their layout and how
 * many pages of each are present (stored; the others were zero pages and are holes).
 *
 * @param file     the RAM file
 * @param fileSize the file's size in bytes
 * @param blocks   the blocks in file order
 */
public record RamFileSummary(String file, long fileSize, List<Block> blocks) {

    /** Copies the block list. */
    public RamFileSummary {
        blocks = List.copyOf(blocks);
    }

    /**
     * One block of the file.
     *
     * @param layout       where the block is in the file
     * @param pagesPresent pages whose bit is set in the bitmap
     */
    public record Block(BlockLayout layout, long pagesPresent) {
    }

    /** {@return pages of all blocks, present or not} */
    public long pageCount() {
        return blocks.stream().mapToLong(b -> b.layout().pageCount()).sum();
    }

    /** {@return pages of all blocks that are stored in the file} */
    public long pagesPresent() {
        return blocks.stream().mapToLong(Block::pagesPresent).sum();
    }

    /** {@return bytes of RAM in all blocks (the sum of used lengths)} */
    public long ramBytes() {
        return blocks.stream().mapToLong(b -> b.layout().usedLength()).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RAM file ").append(file).append(", ").append(fileSize)
                .append(" bytes, ").append(blocks.size()).append(" block(s)");
        for (Block b : blocks) {
            BlockLayout l = b.layout();
            sb.append(String.format("%n  '%s': used %d bytes, page size %d, %d of %d pages present,"
                            + " header at %d, bitmap at %d, pages at %d",
                    l.id(), l.usedLength(), l.pageSize(), b.pagesPresent(), l.pageCount(), l.headerOffset(),
                    l.bitmapOffset(), l.pagesOffset()));
        }
        return sb.toString();
    }
}
