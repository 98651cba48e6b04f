package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImage;
import io.jblock.storage.testdriver.MemoryImages;
import io.jblock.storage.testdriver.PassthroughFormat;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawOptionsTest {

    private static final String FILE = "file.driver=testmem,file.filename=r1";

    @BeforeEach
    void image() {
        DriverEvents.clear();
        MemoryImages.create("r1", 1 << 20);
    }

    @AfterEach
    void free() {
        MemoryImages.delete("r1");
        assertEquals(List.of(), DriverEvents.violations());
    }

    @Test
    void offsetAndSizeAreCheckedAgainstTheFileWithQemusWords() {
        assertEquals("node 'r': Offset (2097152) cannot be greater than size of the containing file (1048576)",
                assertThrows(InvalidOptionException.class,
                        () -> BlockGraph.open("driver=raw,node-name=r,offset=2M," + FILE)).getMessage());
        assertEquals("node 'r': The sum of offset (4096) and size (1048576) has to be smaller or equal to the"
                + " actual size of the containing file (1048576)", assertThrows(InvalidOptionException.class,
                        () -> BlockGraph.open("driver=raw,node-name=r,offset=4k,size=1M," + FILE)).getMessage());
        assertEquals("node 'r': Specified size is not multiple of 512", assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=raw,node-name=r,size=1000," + FILE)).getMessage());
        assertThrows(InvalidOptionException.class, () -> BlockGraph.open("driver=raw,offset=-1," + FILE));
    }

    @Test
    void windowSizeAndLimits() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=raw,offset=1536,size=64k," + FILE + ",file.request-alignment=4096")) {
            assertEquals(65536, n.size());
            assertEquals(512, n.limits().requestAlignment(), "lowered to what divides the offset");
            assertEquals(4096, n.child("file").limits().requestAlignment());
        }
        try (BlockNode n = BlockGraph.open("driver=raw,offset=4k," + FILE)) {
            assertEquals((1 << 20) - 4096, n.size());
        }
    }

    @Test
    void writesLandAtTheOffsetInTheFile() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=raw,offset=1000,size=8k," + FILE + ",file.request-alignment=512")) {
            n.write(10, MemorySegment.ofArray("hello".getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] all = MemoryImages.get("r1").snapshot();
        assertEquals("hello", new String(all, 1010, 5, StandardCharsets.US_ASCII));
        assertEquals(0, all[1009]);
        assertEquals(0, all[1015]);
    }

    @Test
    void blockStatusGivesTheHostOffset() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=raw,offset=8k," + FILE)) {
            BlockStatus s = n.blockStatus(4096, 4096);
            assertEquals(4096, s.offset());
            assertEquals(8192 + 4096, s.hostOffset());
            assertSame(n.child("file"), s.hostFile());
            assertTrue(s.data() && s.allocated());
        }
    }

    @Test
    void fixedSizeDisksCannotBeResized() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=raw,size=64k," + FILE)) {
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.truncate(1 << 21, Preallocation.OFF));
            assertTrue(e.getMessage().contains("Cannot resize fixed-size raw disks"), e.getMessage());
        }
        try (BlockNode n = BlockGraph.open("driver=raw,offset=4k," + FILE)) {
            n.truncate(1 << 21, Preallocation.OFF);
            assertEquals((1 << 21), n.size());
            assertEquals((1 << 21) + 4096, MemoryImages.get("r1").size());
        }
    }

    @Test
    void rawIsTheProbingFallbackAndOtherFormatsWin() throws IOException {
        try (BlockNode n = BlockGraph.open("testmem:r1")) {
            assertEquals("raw", n.driverName());
            assertEquals("testmem", n.child("file").driverName());
        }
        MemoryImage img = MemoryImages.get("r1");
        img.write(0, MemorySegment.ofArray(PassthroughFormat.MAGIC.getBytes(StandardCharsets.US_ASCII)));
        try (BlockNode n = BlockGraph.open("testmem:r1")) {
            assertEquals("testpass", n.driverName());
        }
    }

    @Test
    void createMakesTheFileThroughTheProtocol() throws IOException {
        try {
            BlockGraph.create("raw", "testmem:made", 3 << 20, "preallocation=full");
            assertEquals(3 << 20, MemoryImages.get("made").size());
            try (BlockNode n = BlockGraph.open("driver=raw,file.driver=testmem,file.filename=made")) {
                MemorySegment buf = MemorySegment.ofArray(new byte[1 << 20]);
                n.read(2 << 20, buf);
                assertEquals(0, buf.toArray(ValueLayout.JAVA_BYTE)[12345]);
            }
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> BlockGraph.create("raw", "testmem:made", 1 << 20, "compat=1.1"));
            assertTrue(e.getMessage().startsWith("Invalid parameter 'compat'"), e.getMessage());
            assertThrows(InvalidOptionException.class,
                    () -> BlockGraph.create("raw", "testmem:made", 1 << 20, "preallocation=metadata"));
        } finally {
            MemoryImages.delete("made");
        }
    }
}
