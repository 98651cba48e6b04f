package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import io.jblock.storage.testdriver.PassthroughFormat;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A probed raw image may not be turned into another format by writing block 0 (QEMU's rule). */
class ProbedRawGuardTest {

    private static final int EPERM = 1;

    @BeforeEach
    void image() {
        DriverEvents.clear();
        MemoryImages.create("guarded", 1 << 20);
    }

    @AfterEach
    void free() {
        MemoryImages.delete("guarded");
        assertEquals(List.of(), DriverEvents.violations());
    }

    private static MemorySegment ascii(String s) {
        return MemorySegment.ofArray(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesThatWouldChangeTheProbedFormatAreRefused() throws IOException {
        try (BlockNode n = BlockGraph.open("testmem:guarded")) {
            assertEquals("raw", n.driverName());
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.write(0, ascii(PassthroughFormat.MAGIC)));
            assertEquals(EPERM, e.errno());
            assertTrue(e.getMessage().contains("testpass"), e.getMessage());
            // a partial write that completes the magic with what is already there is refused too
            n.write(0, ascii("TEST"));
            assertThrows(BlockIOException.class, () -> n.write(4, ascii("PASS")));
            // other writes to block 0 and everything elsewhere go through
            n.write(4, ascii("pass"));
            n.write(4096, ascii(PassthroughFormat.MAGIC));
        }
        assertEquals("raw", reopenedDriver());
    }

    @Test
    void namingRawExplicitlyLiftsTheRestriction() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=raw,file.driver=testmem,file.filename=guarded")) {
            n.write(0, ascii(PassthroughFormat.MAGIC));
        }
        assertEquals("testpass", reopenedDriver());
    }

    private static String reopenedDriver() throws IOException {
        try (BlockNode n = BlockGraph.open("testmem:guarded", io.jblock.storage.OpenOptions.READ_ONLY)) {
            return n.driverName();
        }
    }
}
