package io.jblock.storage.testdriver;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Format driver {@code testpass}: passes every request to its {@code file} child and records
 * lifecycle events; opens an optional {@code backing} child. Its probe recognises images that
 * start with {@link #MAGIC}. Option {@code fua} (default on) says whether it declares FUA.
 */
public final class PassthroughFormat implements BlockDriverFactory {

    /** What {@link #probe} looks for at offset 0. */
    public static final String MAGIC = "TESTPASS";

    @Override
    public String name() {
        return "testpass";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("fua", "extra-child");
    }

    @Override
    public boolean probe(MemorySegment firstSector, String filename) {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < magic.length; i++) {
            if (firstSector.get(ValueLayout.JAVA_BYTE, i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        boolean fua = ctx.options().bool("fua", true);
        BlockNode file = ctx.openChild("file", true);
        BlockNode backing = ctx.openChild("backing", false);
        // like a backing file named by an image header: opened from a string, read-only
        String extraSpec = ctx.options().string("extra-child").orElse(null);
        BlockNode extra = extraSpec == null ? null : ctx.openChild("extra", extraSpec, true);
        DriverEvents.record(ctx.nodeName(), "open");
        return new Driver(ctx.nodeName(), file, backing, extra, fua);
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        Preallocation p = Preallocation.parse(ctx.options().string("preallocation", "off"));
        ctx.createFile(ctx.filename(), ctx.size(), p);
        try (BlockNode file = ctx.openFile(ctx.filename())) {
            if (file.size() != ctx.size()) {
                throw new IOException("created file has size " + file.size());
            }
        }
    }

    static final class Driver implements BlockDriver, io.jblock.storage.feature.EchoFeature {
        private final String node;
        private final BlockNode file;
        private final BlockNode backing;
        private final BlockNode extra;
        private final boolean fua;

        Driver(String node, BlockNode file, BlockNode backing, BlockNode extra, boolean fua) {
            this.node = node;
            this.file = file;
            this.backing = backing;
            this.extra = extra;
            this.fua = fua;
        }

        @Override
        public BlockLimits limits() {
            return file.limits();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void read(long offset, MemorySegment dst) throws IOException {
            file.read(offset, dst);
        }

        @Override
        public void write(long offset, MemorySegment src, int flags) throws IOException {
            if (!fua && (flags & RequestFlags.FUA) != 0) {
                throw DriverEvents.violation(node + " got FUA without declaring it");
            }
            file.write(offset, src, flags);
        }

        @Override
        public int supportedWriteFlags() {
            return fua ? RequestFlags.FUA : RequestFlags.NONE;
        }

        @Override
        public void flush() {
            DriverEvents.record(node, "flush");
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
        public void invalidateCache() {
            DriverEvents.record(node, "invalidate");
        }

        @Override
        public void inactivate() {
            DriverEvents.record(node, "inactivate");
        }

        @Override
        public void setWritePermission(boolean write) {
            DriverEvents.record(node, "write-permission=" + write);
        }

        @Override
        public List<BlockChild> children() {
            List<BlockChild> out = new ArrayList<>();
            out.add(new BlockChild("file", file));
            if (backing != null) {
                out.add(new BlockChild("backing", backing));
            }
            if (extra != null) {
                out.add(new BlockChild("extra", extra));
            }
            return out;
        }

        @Override
        public void close() {
            DriverEvents.record(node, "close");
        }

        @Override
        public String echo(String text) throws IOException {
            if (text.equals("fail")) {
                throw new IOException("echo failed");
            }
            return text;
        }
    }
}
