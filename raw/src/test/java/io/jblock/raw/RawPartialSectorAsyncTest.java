package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw file whose size is not a multiple of 512 is a disk of whole sectors (QEMU's): the tail of
 * the last sector reads as zeroes and a write there grows the file, through the asynchronous
 * forms as through the synchronous ones.
 */
class RawPartialSectorAsyncTest {
    @TempDir
    Path dir;

    @Test
    void theLastPartialSectorReadsAsZeroesAndGrowsOnWriteAsynchronously() throws Exception {
        Path f = dir.resolve("r320.raw");
        byte[] data = new byte[320];
        Arrays.fill(data, (byte) 0x5a);
        Files.write(f, data);
        try (BlockNode n = BlockGraph.open("driver=raw,file.driver=file,file.filename=" + f);
             Arena a = Arena.ofShared()) {
            assertEquals(512, n.size());
            MemorySegment buf = a.allocate(512, 4096).fill((byte) 0x77);
            n.readAsync(0, buf).get(1, TimeUnit.MINUTES);
            byte[] got = buf.toArray(ValueLayout.JAVA_BYTE);
            byte[] want = new byte[512];
            System.arraycopy(data, 0, want, 0, 320);
            // negative control against a vacuous pass: the buffer held 0x77 before, so the zeroes were filled in
            assertEquals(Arrays.toString(want), Arrays.toString(got));
            MemorySegment src = a.allocate(512, 4096).fill((byte) 0x11);
            n.writeAsync(0, src, RequestFlags.NONE).get(1, TimeUnit.MINUTES);
            n.flush();
        }
        byte[] after = Files.readAllBytes(f);
        assertEquals(512, after.length, "the write of the last sector grew the file");
        byte[] ones = new byte[512];
        Arrays.fill(ones, (byte) 0x11);
        assertEquals(Arrays.toString(ones), Arrays.toString(after));
    }
}
