package io.jblock.qcow2;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Test-only protocol driver {@code testfile} over a FileChannel, so qcow2 can be tested through
 * the real generic layer (BlockGraph) before the file driver is available to this module.
 */
public final class TestFileProtocol implements BlockDriverFactory {
    @Override
    public String name() {
        return "testfile";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.PROTOCOL;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("filename");
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String filename = ctx.options().string("filename").orElseThrow(() -> new IOException("filename needed"));
        ChannelNode n = new ChannelNode(Path.of(filename), ctx.readOnly());
        return new BlockDriver() {
            @Override public BlockLimits limits() { return BlockLimits.UNRESTRICTED; }
            @Override public long size() throws IOException { return n.size(); }
            @Override public void read(long offset, MemorySegment dst) throws IOException {
                long avail = Math.max(0, Math.min(dst.byteSize(), n.size() - offset));
                if (avail > 0) {
                    n.read(offset, dst.asSlice(0, avail));
                }
                dst.asSlice(avail).fill((byte) 0);
            }
            @Override public void write(long offset, MemorySegment src, int flags) throws IOException { n.write(offset, src, flags); }
            @Override public void flush() throws IOException { n.flush(); }
            @Override public void discard(long offset, long length) { }
            @Override public void writeZeroes(long offset, long length, int flags) throws IOException { n.writeZeroes(offset, length, flags); }
            @Override public void truncate(long newSize, Preallocation prealloc) throws IOException { n.truncate(newSize, prealloc); }
            @Override public BlockStatus blockStatus(long offset, long length) { return BlockStatus.data(offset, length, offset, null); }
            @Override public List<BlockChild> children() { return List.of(); }
            @Override public void close() throws IOException { n.close(); }
        };
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        Files.deleteIfExists(Path.of(ctx.filename()));
        Files.createFile(Path.of(ctx.filename()));
    }
}
