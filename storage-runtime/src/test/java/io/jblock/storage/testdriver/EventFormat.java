package io.jblock.storage.testdriver;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;

/**
 * Format driver {@code testevents}: a tiny stand-in for a metadata format, for testing
 * event-triggered fault injection. Guest bytes map 1:1 onto the {@code file} child. Before a
 * read it announces {@code read_aio}; before a write {@code write_aio}; after the data of a
 * write, when {@code metadata-offset} is set, it announces {@code l2_update} and writes one
 * 512-byte "metadata" block there (the write's offset as text), like a format updating a table
 * after the data it points to. Its probe recognises images that start with {@link #MAGIC}. (flush_to_os and flush_to_disk come from the generic layer, as in
 * QEMU's block layer.)
 */
public final class EventFormat implements BlockDriverFactory {

    /** What {@link #probe} looks for at offset 0. */
    public static final String MAGIC = "TESTEVNT";

    @Override
    public boolean probe(MemorySegment firstSector, String filename) {
        byte[] magic = MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < magic.length; i++) {
            if (firstSector.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "testevents";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("metadata-offset");
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        long meta = ctx.options().number("metadata-offset", -1);
        return new Driver(ctx.openChild("file", true), meta);
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        ctx.createFile(ctx.filename(), ctx.size(), Preallocation.OFF);
    }

    static final class Driver implements BlockDriver {
        private final BlockNode file;
        private final long metadataOffset;

        Driver(BlockNode file, long metadataOffset) {
            this.file = file;
            this.metadataOffset = metadataOffset;
        }

        @Override
        public BlockLimits limits() {
            return BlockLimits.UNRESTRICTED;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void read(long offset, MemorySegment dst) throws IOException {
            DebugEvent.READ_AIO.announceTo(file);
            file.read(offset, dst);
        }

        @Override
        public void write(long offset, MemorySegment src, int flags) throws IOException {
            DebugEvent.WRITE_AIO.announceTo(file);
            file.write(offset, src, flags);
            if (metadataOffset >= 0) {
                DebugEvent.L2_UPDATE.announceTo(file);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment block = a.allocate(512);
                    block.copyFrom(MemorySegment.ofArray(Long.toString(offset).getBytes()));
                    file.write(metadataOffset, block);
                }
            }
        }

        @Override
        public void flush() {
            // as a format's flush in QEMU's block layer: the file hears both flush events
            DebugEvent.FLUSH_TO_OS.announceTo(file);
            DebugEvent.FLUSH_TO_DISK.announceTo(file);
        }

        @Override
        public void discard(long offset, long length) throws IOException {
            file.discard(offset, length);
        }

        @Override
        public void writeZeroes(long offset, long length, int flags) throws IOException {
            file.writeZeroes(offset, length, flags);
        }

        @Override
        public void truncate(long newSize, Preallocation prealloc) throws IOException {
            file.truncate(newSize, prealloc);
        }

        @Override
        public BlockStatus blockStatus(long offset, long length) throws IOException {
            BlockStatus s = file.blockStatus(offset, length);
            return new BlockStatus(offset, s.length(), s.data(), s.zero(), true, offset, file);
        }

        @Override
        public List<BlockChild> children() {
            return List.of(new BlockChild("file", file));
        }

        @Override
        public void close() {
        }
    }
}
