package io.jblock.storage.nullblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QEMU's null-co (block/null.c): a sized device that stores nothing. */
class NullDriverTest {

    @TempDir
    Path dir;

    private static MemorySegment filled(Arena arena, int n) {
        MemorySegment s = arena.allocate(n, 4096);
        s.fill((byte) 0x5a);
        return s;
    }

    private static boolean all(MemorySegment s, byte b) {
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != b) {
                return false;
            }
        }
        return true;
    }

    @Test
    void readZeroesOnReadsZeroesAndDropsWrites() throws IOException {
        try (BlockNode n = BlockGraph.open("json:{'driver':'null-co','size':1048576,'read-zeroes':true}");
             Arena arena = Arena.ofConfined()) {
            assertEquals(1048576, n.size());
            n.write(0, filled(arena, 4096));
            MemorySegment buf = filled(arena, 4096);
            n.read(0, buf);
            assertTrue(all(buf, (byte) 0), "read-zeroes=on: zeroes, whatever was written");
            BlockStatus st = n.blockStatus(0, 1048576);
            assertTrue(st.zero(), st.toString());
            assertEquals(1048576, st.length());
            n.flush();
            n.discard(0, 65536);
        }
    }

    @Test
    void readZeroesOffLeavesTheBufferAsQemuDoes() throws IOException {
        // the negative control of the test above: without read-zeroes the buffer is not touched
        try (BlockNode n = BlockGraph.open("driver=null-co,filename=null-co://");
             Arena arena = Arena.ofConfined()) {
            assertEquals(NullDriverFactory.DEFAULT_SIZE, n.size());
            MemorySegment buf = filled(arena, 4096);
            n.read(4096, buf);
            assertTrue(all(buf, (byte) 0x5a));
            assertTrue(n.blockStatus(0, 4096).data());
        }
    }

    @Test
    void theProtocolPrefixOpensIt() throws IOException {
        // as a format's file: file.filename=null-co:// chooses the protocol by its prefix
        try (BlockNode n = BlockGraph.open("driver=blkdebug,image.filename=null-co://,image.size=8192")) {
            assertEquals("null-co", n.children().get(0).node().driverName());
            assertEquals(8192, n.size());
        }
    }

    @Test
    void badOptionsAndUnsupportedOperationsAreClearErrors() throws IOException {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=null-co,filename=/tmp/x").close());
        assertTrue(e.getMessage().contains("The only allowed filename for this driver is 'null-co://'"),
                e.getMessage());
        assertThrows(InvalidOptionException.class, () -> BlockGraph.open("driver=null-co,size=-1").close());
        assertThrows(InvalidOptionException.class, () -> BlockGraph.open("driver=null-co,bogus=1").close());
        try (BlockNode n = BlockGraph.open("driver=null-co,size=65536")) {
            BlockIOException t = assertThrows(BlockIOException.class, () -> n.truncate(131072, Preallocation.OFF));
            assertTrue(t.getMessage().contains("does not support resize"), t.getMessage());
        }
        IOException c = assertThrows(IOException.class,
                () -> BlockGraph.create("null-co", dir.resolve("x").toString(), 65536, ""));
        assertTrue(c.getMessage().contains("does not support image creation"), c.getMessage());
    }
}
