package io.jblock.storage.ramfile;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A named block of RAM, QEMU's RAMBlock as far as a snapshot file is concerned: an id string
 * and the memory, whose size is the block's used length. The memory may be any segment: native
 * or heap, aligned or not, of any size (a last partial page is stored as a full page whose tail
 * is zero). The segment is only read by a save and only written by a restore; the caller keeps
 * it alive and unchanged by others for the duration of the call. A segment of a shared, global
 * or automatic arena (or the heap) is worked on by all channels; one confined to the calling
 * thread is worked on by channel 0 alone, which runs on that thread.
 *
 * @param id     the block's name, 1 to {@value RamFileFormat#MAX_ID_BYTES} bytes of UTF-8
 * @param memory the block's RAM
 */
public record RamBlock(String id, MemorySegment memory) {

    /** Checks the id. */
    public RamBlock {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(memory, "memory");
        int idBytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (idBytes == 0 || idBytes > RamFileFormat.MAX_ID_BYTES) {
            throw new IllegalArgumentException("RAM block id '" + id + "' must be 1 to "
                    + RamFileFormat.MAX_ID_BYTES + " bytes of UTF-8, is " + idBytes);
        }
    }

    /** {@return the block's used length: the size of its memory} */
    public long usedLength() {
        return memory.byteSize();
    }
}
