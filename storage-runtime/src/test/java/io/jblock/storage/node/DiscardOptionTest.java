package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImage;
import io.jblock.storage.testdriver.MemoryImages;
import io.jblock.storage.testdriver.MemoryProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QEMU's generic {@code discard} option: ignore at the opened node by default, unmap below it. */
class DiscardOptionTest {

    private MemoryImage image;

    @BeforeEach
    void image() {
        DriverEvents.clear();
        image = MemoryImages.create("disc", 1 << 20);
        fillWithOnes();
    }

    private void fillWithOnes() {
        byte[] ones = new byte[1 << 20];
        Arrays.fill(ones, (byte) 1);
        image.write(0, MemorySegment.ofArray(ones));
    }

    @AfterEach
    void free() {
        MemoryImages.delete("disc");
        assertEquals(List.of(), DriverEvents.violations());
    }

    private static MemoryProtocol.Driver memoryDriver(BlockNode n) {
        BlockNode proto = n.child("file") == null ? n : n.child("file");
        return (MemoryProtocol.Driver) ((DriverNode) proto).driver();
    }

    /** Discards 64 KiB at 64 KiB and says whether the image lost the data there. */
    private boolean discardReachesTheImage(String options) throws IOException {
        fillWithOnes();
        try (BlockNode n = BlockGraph.open(options)) {
            n.discard(65536, 65536);
            return image.snapshot()[65536 + 100] == 0;
        }
    }

    @Test
    void theOpenedNodeIgnoresDiscardUnlessToldToUnmap() throws IOException {
        assertEquals(false, discardReachesTheImage("driver=testmem,filename=disc"));
        assertEquals(false, discardReachesTheImage("driver=testmem,filename=disc,discard=ignore"));
        assertEquals(true, discardReachesTheImage("driver=testmem,filename=disc,discard=unmap"));
        assertEquals(true, discardReachesTheImage("driver=testmem,filename=disc,discard=on"));
    }

    @Test
    void childrenDefaultToUnmapAndMayBeToldOtherwise() throws IOException {
        String top = "driver=testpass,file.driver=testmem,file.filename=disc";
        assertEquals(false, discardReachesTheImage(top));
        assertEquals(true, discardReachesTheImage(top + ",discard=unmap"));
        assertEquals(false, discardReachesTheImage(top + ",discard=unmap,file.discard=ignore"));
    }

    @Test
    void mayUnmapIsDroppedWhereDiscardIsIgnored() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=disc")) {
            n.writeZeroes(0, 4096, RequestFlags.MAY_UNMAP);
            assertEquals(0, memoryDriver(n).unmappingZeroes.get());
            assertEquals(0, image.snapshot()[100], "the zeroes themselves are written");
        }
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=disc,discard=unmap")) {
            n.writeZeroes(0, 4096, RequestFlags.MAY_UNMAP);
            assertEquals(1, memoryDriver(n).unmappingZeroes.get());
        }
    }

    @Test
    void badValuesNameTheOption() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=testmem,node-name=d,filename=disc,discard=sometimes"));
        assertEquals("node 'd': Parameter 'discard' expects 'ignore' or 'unmap'", e.getMessage());
    }
}
