package io.jblock.qcow2;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only protocol driver {@code eventlog} over a FileChannel that records, in one list per
 * file name, the debug events announced to it ({@link BlockDriver#debugEvent}) interleaved with
 * the writes and flushes it receives.
 */
public final class EventLogProtocol implements BlockDriverFactory {
    private static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();

    /** The log of the node opened on {@code filename} (created empty on first use). */
    static List<String> log(String filename) {
        return LOGS.computeIfAbsent(filename, f -> java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public String name() {
        return "eventlog";
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
        List<String> log = log(filename);
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
            @Override public void write(long offset, MemorySegment src, int flags) throws IOException {
                log.add("write " + offset + "+" + src.byteSize());
                n.write(offset, src, flags);
            }
            @Override public void flush() throws IOException {
                log.add("flush");
                n.flush();
            }
            @Override public void discard(long offset, long length) { log.add("discard " + offset + "+" + length); }
            @Override public void writeZeroes(long offset, long length, int flags) throws IOException {
                log.add("zeroes " + offset + "+" + length);
                n.writeZeroes(offset, length, flags);
            }
            @Override public void truncate(long newSize, Preallocation prealloc) throws IOException {
                log.add("truncate " + newSize);
                n.truncate(newSize, prealloc);
            }
            @Override public BlockStatus blockStatus(long offset, long length) { return BlockStatus.data(offset, length, offset, null); }
            @Override public void debugEvent(DebugEvent event) { log.add(event.qemuName()); }
            @Override public List<BlockChild> children() { return List.of(); }
            @Override public void close() throws IOException { n.close(); }
        };
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        throw new IOException("eventlog opens existing files only");
    }
}
