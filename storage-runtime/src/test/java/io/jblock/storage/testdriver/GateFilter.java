package io.jblock.storage.testdriver;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockLimits;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Filter driver {@code testgate}: passes reads and writes to its {@code file} child once the
 * gate named by option {@code gate} is open ({@link #close(String)} / {@link #open(String)}),
 * so that a test can keep requests in flight for as long as it needs, without timing.
 * {@link #waiting(String)} counts the requests held at the gate now.
 */
public final class GateFilter implements BlockDriverFactory {

    private static final class Gate {
        boolean open = true;
        final AtomicInteger waiting = new AtomicInteger();
    }

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    /** Holds every later read and write of nodes with {@code gate=name}. */
    public static void close(String name) {
        Gate g = gate(name);
        synchronized (g) {
            g.open = false;
        }
    }

    /** Lets the held requests and every later one through. */
    public static void open(String name) {
        Gate g = gate(name);
        synchronized (g) {
            g.open = true;
            g.notifyAll();
        }
    }

    /** Requests held at the gate now. */
    public static int waiting(String name) {
        return gate(name).waiting.get();
    }

    private static void pass(String name) {
        Gate g = gate(name);
        synchronized (g) {
            g.waiting.incrementAndGet();
            try {
                while (!g.open) {
                    try {
                        g.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted at gate " + name, e);
                    }
                }
            } finally {
                g.waiting.decrementAndGet();
            }
        }
    }

    @Override
    public String name() {
        return "testgate";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("gate");
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String name = ctx.options().string("gate").orElseThrow(() -> new IOException("testgate needs gate=NAME"));
        BlockNode file = ctx.openChild("file", true);
        return new Driver(name, file);
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        throw new IOException("testgate cannot create images");
    }

    private static final class Driver implements BlockDriver {
        private final String gate;
        private final BlockNode file;
        private final List<BlockChild> children;

        Driver(String gate, BlockNode file) {
            this.gate = gate;
            this.file = file;
            this.children = List.of(new BlockChild("file", file));
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
            pass(gate);
            file.read(offset, dst);
        }

        @Override
        public void write(long offset, MemorySegment src, int flags) throws IOException {
            pass(gate);
            file.write(offset, src, flags);
        }

        @Override
        public void flush() {
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
            return file.blockStatus(offset, length);
        }

        @Override
        public List<BlockChild> children() {
            return children;
        }

        @Override
        public void close() {
        }
    }
}
