package io.jblock.storage.node;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.spi.BlockDriverFactory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * QEMU's protection of images whose format was probed and guessed raw: a guest that writes a
 * qcow2 header into block 0 of such an image would otherwise make the next probe open it as
 * qcow2, with a backing file of the guest's choosing. Writes that touch the first
 * {@value #PROBE_BYTES} bytes are refused with EPERM when the sector they would leave behind is
 * claimed by another format's probe. Only nodes that were probed carry a guard; naming
 * {@code driver=raw} removes it.
 *
 * <p>The check reads the current sector and overlays the write; two concurrent partial writes
 * to block 0 are each checked alone (QEMU closes that gap by forcing 512-byte alignment).
 */
public final class ProbedRawGuard {

    /** Bytes a probe sees: QEMU reads this much of an image to probe its format (the graph opener too). */
    public static final int PROBE_BYTES = 512;

    private final List<BlockDriverFactory> formats;

    /** A guard for one probed raw node. */
    /**
     * A guard for one probed raw node.
     *
     * @param formats the format drivers whose probes must not claim the image
     */
    public ProbedRawGuard(List<BlockDriverFactory> formats) {
        this.formats = List.copyOf(formats);
    }

    /** Refuses the write if it would make block 0 look like another format. */
    void check(RequestPadding padding, long size, long offset, MemorySegment src, NodeErrors errors)
            throws IOException {
        if (offset >= PROBE_BYTES || formats.isEmpty()) {
            return;
        }
        // rare (writes to block 0 of a probed image), so a confined arena rather than the pool
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sector = arena.allocate(PROBE_BYTES);
            long have = Math.min(PROBE_BYTES, size);
            padding.read(0, sector.asSlice(0, have));
            long n = Math.min(PROBE_BYTES - offset, src.byteSize());
            MemorySegment.copy(src, 0, sector, offset, n);
            for (BlockDriverFactory f : formats) {
                if (f.probe(sector, errors.filename())) {
                    throw new BlockIOException("write refused: the image's format was not specified and probing"
                            + " guessed raw; this write would make block 0 look like a " + f.name()
                            + " image (specify driver=raw to allow it)", errors.nodeName(), errors.filename(),
                            offset, Errno.EPERM, null);
                }
            }
        }
    }
}
