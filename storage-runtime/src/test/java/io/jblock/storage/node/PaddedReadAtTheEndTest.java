package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OutOfRangeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose size is not a multiple of its request alignment (a qcow2 file that ends with a
 * table's last entry, read through blkdebug with align=512, as iotest 033 does): reading its
 * last bytes pads the request past the end, and the padding reads as zeroes (QEMU's
 * bdrv_aligned_preadv) instead of failing below. A read past the end itself is still refused.
 */
class PaddedReadAtTheEndTest {
    @TempDir
    Path tmp;

    @Test
    void theLastBytesOfAnUnalignedNodeReadThroughAnAlignedFilter() throws IOException {
        Path f = tmp.resolve("f.img");
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + 1);
        }
        Files.write(f, content);
        try (BlockNode n = BlockGraph.open("driver=blkdebug,align=512,image.driver=file,image.filename=" + f);
             Arena a = Arena.ofConfined()) {
            MemorySegment tail = a.allocate(8);
            n.read(992, tail);
            assertArrayEquals(Arrays.copyOfRange(content, 992, 1000), tail.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment all = a.allocate(1000);
            n.read(0, all);
            assertArrayEquals(content, all.toArray(ValueLayout.JAVA_BYTE));
            assertThrows(OutOfRangeException.class, () -> n.read(996, a.allocate(8)));
        }
    }
}
