package io.jblock.storage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testdriver.DriverEvents;
import io.jblock.storage.testdriver.MemoryImages;
import io.jblock.storage.testdriver.MemoryProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FUA reaches drivers that declare it, is emulated by a flush for those that do not, and no-flush drops it. */
class WriteFlagsTest {

    @BeforeEach
    void image() {
        MemoryImages.create("fua", 1 << 20);
        DriverEvents.clear();
    }

    @AfterEach
    void free() {
        MemoryImages.delete("fua");
        assertEquals(List.of(), DriverEvents.violations(), "a driver got FUA without declaring it");
    }

    private static MemoryProtocol.Driver driverOf(BlockNode n) {
        return (MemoryProtocol.Driver) ((DriverNode) n).driver();
    }

    @Test
    void fuaIsPassedToADriverThatDeclaresIt() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=fua,request-alignment=512")) {
            MemoryProtocol.Driver d = driverOf(n);
            n.write(100, MemorySegment.ofArray(new byte[1000]), RequestFlags.FUA);
            assertEquals(1, d.fuaWrites.get()); // one padded write of [0, 1536)
            assertEquals(0, d.flushes.get());
        }
    }

    @Test
    void fuaIsEmulatedWithAFlushOtherwise() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=fua,fua=off")) {
            MemoryProtocol.Driver d = driverOf(n);
            n.write(0, MemorySegment.ofArray(new byte[1000]), RequestFlags.FUA);
            assertEquals(0, d.fuaWrites.get());
            assertEquals(1, d.flushes.get());
            n.write(0, MemorySegment.ofArray(new byte[1000]), RequestFlags.NONE);
            assertEquals(1, d.flushes.get());
        }
        // a format without FUA over a protocol with it: the flush reaches the protocol
        try (BlockNode top = BlockGraph.open("driver=testpass,fua=off,file.driver=testmem,file.filename=fua")) {
            MemoryProtocol.Driver d = driverOf(top.child("file"));
            top.write(0, MemorySegment.ofArray(new byte[10]), RequestFlags.FUA);
            assertEquals(0, d.fuaWrites.get());
            assertEquals(1, d.flushes.get());
        }
    }

    @Test
    void noFlushDropsFuaAndFlushes() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=fua,cache=unsafe")) {
            MemoryProtocol.Driver d = driverOf(n);
            n.write(0, MemorySegment.ofArray(new byte[4096]), RequestFlags.FUA);
            n.flush();
            n.flushAsync().join();
            assertEquals(0, d.fuaWrites.get());
            assertEquals(0, d.flushes.get());
        }
    }

    @Test
    void writeZeroesWithFuaFlushes() throws IOException {
        try (BlockNode n = BlockGraph.open("driver=testmem,filename=fua")) {
            MemoryProtocol.Driver d = driverOf(n);
            n.writeZeroes(0, 8192, RequestFlags.FUA | RequestFlags.MAY_UNMAP);
            assertEquals(1, d.flushes.get());
        }
    }
}
