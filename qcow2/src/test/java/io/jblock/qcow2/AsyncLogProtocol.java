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
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Test-only protocol driver {@code asynclog} over a FileChannel with an asynchronous form of its
 * own: it records, in one list per file name, every request that reaches it and in which form
 * ({@code read}/{@code write} for the synchronous ones, {@code readAsync}/{@code writeAsync}
 * for the asynchronous ones, with offset and length). An asynchronous request completes on a
 * thread of its own after taking a permit of the file's {@linkplain #gate gate} (unlimited
 * unless a test drains it), so a test can hold writes in flight.
 */
public final class AsyncLogProtocol implements BlockDriverFactory {
    private static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();
    private static final Map<String, Semaphore> GATES = new ConcurrentHashMap<>();

    /** The log of the node opened on {@code filename} (created empty on first use). */
    static List<String> log(String filename) {
        return LOGS.computeIfAbsent(filename, f -> java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    /** The permits asynchronous requests on {@code filename} take before they run. */
    static Semaphore gate(String filename) {
        return GATES.computeIfAbsent(filename, f -> new Semaphore(Integer.MAX_VALUE));
    }

    @Override
    public String name() {
        return "asynclog";
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
        Semaphore gate = gate(filename);
        return new BlockDriver() {
            @Override public BlockLimits limits() { return BlockLimits.UNRESTRICTED; }
            @Override public long size() throws IOException { return n.size(); }
            @Override public void read(long offset, MemorySegment dst) throws IOException {
                log.add("read " + offset + "+" + dst.byteSize());
                readClamped(offset, dst);
            }
            private void readClamped(long offset, MemorySegment dst) throws IOException {
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
            @Override
            public <A> boolean readAsync(long offset, MemorySegment dst, A attachment,
                                         CompletionHandler<Void, ? super A> handler) {
                log.add("readAsync " + offset + "+" + dst.byteSize());
                later(() -> readClamped(offset, dst), attachment, handler);
                return true;
            }
            @Override
            public <A> boolean writeAsync(long offset, MemorySegment src, int flags, A attachment,
                                          CompletionHandler<Void, ? super A> handler) {
                log.add("writeAsync " + offset + "+" + src.byteSize());
                later(() -> n.write(offset, src, flags), attachment, handler);
                return true;
            }
            private <A> void later(IoAction action, A attachment, CompletionHandler<Void, ? super A> handler) {
                Thread.ofPlatform().daemon().start(() -> {
                    gate.acquireUninterruptibly();
                    try {
                        action.run();
                    } catch (IOException | RuntimeException e) {
                        handler.failed(e, attachment);
                        return;
                    } finally {
                        gate.release();
                    }
                    handler.completed(null, attachment);
                });
            }
            @Override public void flush() throws IOException { n.flush(); }
            @Override public void discard(long offset, long length) { log.add("discard " + offset + "+" + length); }
            @Override public void writeZeroes(long offset, long length, int flags) throws IOException {
                log.add("zeroes " + offset + "+" + length);
                n.writeZeroes(offset, length, flags);
            }
            @Override public void truncate(long newSize, Preallocation prealloc) throws IOException { n.truncate(newSize, prealloc); }
            @Override public BlockStatus blockStatus(long offset, long length) { return BlockStatus.data(offset, length, offset, null); }
            @Override public List<BlockChild> children() { return List.of(); }
            @Override public void close() throws IOException { n.close(); }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        throw new IOException("asynclog opens existing files only");
    }
}
