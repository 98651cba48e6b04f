package io.jblock.jmh;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Bytes allocated per request by <em>every</em> thread of the JVM (the benchmark thread, the
 * file node's io_uring thread, engine workers), which JMH's {@code -prof gc} does not count:
 * {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} around a steady-state
 * run of each request form, after a warm-up that lets the JIT compile the path.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar io.jblock.jmh.AsyncAllocationCheck [requests]
 * </pre>
 */
public final class AsyncAllocationCheck {

    private AsyncAllocationCheck() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path file = BenchFile.prepare(BenchFile.nameForSize(AsyncPathBenchmark.FILE_SIZE), AsyncPathBenchmark.FILE_SIZE);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-8s %-8s %-13s %12s%n", "format", "aio", "form", "B/request");
        for (String format : new String[] {"file", "raw"}) {
            for (String aio : new String[] {"io_uring", "threads"}) {
                try (BlockNode node = BlockGraph.open(AsyncPathBenchmark.options(file, format, aio, "writeback"));
                     Arena arena = Arena.ofShared()) {
                    AsyncPathBenchmark.Caller c = new AsyncPathBenchmark.Caller();
                    c.allocate();
                    for (String form : new String[] {"sync-read", "sync-write", "handler-read", "handler-write", "future-read"}) {
                        run(node, c, form, requests); // warm-up
                        long before = threads.getTotalThreadAllocatedBytes();
                        run(node, c, form, requests);
                        long after = threads.getTotalThreadAllocatedBytes();
                        System.out.printf(Locale.ROOT, "%-8s %-8s %-13s %12.1f%n", format, aio, form,
                                (after - before) / (double) requests);
                    }
                    c.free();
                }
            }
        }
    }

    private static void run(BlockNode node, AsyncPathBenchmark.Caller c, String form, int n) throws IOException {
        MemorySegment buf = c.buffer;
        for (int i = 0; i < n; i++) {
            long off = c.offsets.next();
            switch (form) {
                case "sync-read" -> node.read(off, buf);
                case "sync-write" -> node.write(off, buf, RequestFlags.NONE);
                case "handler-read" -> {
                    c.done = false;
                    node.readAsync(off, buf, c, c);
                    c.await();
                }
                case "handler-write" -> {
                    c.done = false;
                    node.writeAsync(off, buf, RequestFlags.NONE, c, c);
                    c.await();
                }
                default -> node.readAsync(off, buf).join();
            }
        }
    }
}
