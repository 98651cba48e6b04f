package io.jblock.storage.ramfile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Test RAM with a known mix of content, decided per 4 KiB piece so it does not depend on the
 * file's page size: zero pieces (holes), pieces that are zero but for their last byte (must not
 * be taken for zero pages), random pieces, a long non-zero run (longer than one 1 MiB batch) and
 * a long zero run (covering whole 64 KiB pages).
 */
final class TestRam {
    private TestRam() {
    }

    static final int PIECE = 4096;

    static void fill(MemorySegment seg, long seed) {
        long pieces = (seg.byteSize() + PIECE - 1) / PIECE;
        for (long k = 0; k < pieces; k++) {
            long from = k * PIECE;
            long len = Math.min(PIECE, seg.byteSize() - from);
            MemorySegment piece = seg.asSlice(from, len);
            long r = mix(seed ^ (k * 0x9E3779B97F4A7C15L));
            boolean longRun = k >= 64 && k < 64 + 400;
            boolean zeroRun = k >= 600 && k < 700;
            int kind = longRun ? 9 : zeroRun ? 0 : (int) Math.floorMod(r, 10L);
            if (kind <= 2) {
                piece.fill((byte) 0);
            } else if (kind == 3) {
                piece.fill((byte) 0);
                piece.set(ValueLayout.JAVA_BYTE, len - 1, (byte) 1);
            } else {
                long x = r;
                for (long i = 0; i < len; i++) {
                    x = mix(x + i);
                    piece.set(ValueLayout.JAVA_BYTE, i, (byte) (x | 1));   // never a zero byte
                }
            }
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether page {@code n} of {@code seg} (pages of {@code pageSize}) holds a non-zero byte; a plain loop. */
    static boolean pageHasData(MemorySegment seg, long n, int pageSize) {
        long from = n * pageSize;
        long to = Math.min(seg.byteSize(), from + pageSize);
        for (long i = from; i < to; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return true;
            }
        }
        return false;
    }

    static long pagesWithData(MemorySegment seg, int pageSize) {
        long pages = (seg.byteSize() + pageSize - 1) / pageSize;
        long n = 0;
        for (long p = 0; p < pages; p++) {
            if (pageHasData(seg, p, pageSize)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Several blocks: 3 MiB of mixed content, 1 MiB + 12 KiB (not a multiple of 1 MiB or 64 KiB),
     * 5000 bytes (a partial page), and 256 KiB of zeros.
     */
    static List<RamBlock> blocks(Arena arena, long seed) {
        List<RamBlock> blocks = new ArrayList<>();
        blocks.add(block(arena, "pc.ram", 3L << 20, seed));
        blocks.add(block(arena, "vga.vram", (1L << 20) + 12 * 1024, seed + 1));
        blocks.add(block(arena, "tiny", 5000, seed + 2));
        blocks.add(new RamBlock("zeros", arena.allocate(256 * 1024, 4096)));
        return blocks;
    }

    static RamBlock block(Arena arena, String id, long size, long seed) {
        MemorySegment seg = arena.allocate(size, 4096);
        fill(seg, seed);
        return new RamBlock(id, seg);
    }

    /** Targets of the same ids and sizes, filled with garbage so that missed zero-filling shows. */
    static List<RamBlock> garbageTargets(Arena arena, List<RamBlock> like) {
        List<RamBlock> targets = new ArrayList<>();
        for (RamBlock b : like) {
            MemorySegment seg = arena.allocate(b.usedLength(), 4096);
            seg.fill((byte) 0xA5);
            targets.add(new RamBlock(b.id(), seg));
        }
        return targets;
    }
}
