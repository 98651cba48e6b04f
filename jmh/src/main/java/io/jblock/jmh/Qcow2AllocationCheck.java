package io.jblock.jmh;

import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Bytes allocated per 4 KiB request on a qcow2 node over a file node by every thread of the JVM
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} around a steady-state
 * run after a warm-up of the same length): reads of allocated, unallocated (hole) and
 * compressed clusters, in-place writes, and allocating writes (each a 4 KiB write into a new
 * cluster of a fresh image, sequentially, so the image grows by a cluster per request).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar io.jblock.jmh.Qcow2AllocationCheck [requests] [cache]
 * </pre>
 */
public final class Qcow2AllocationCheck {

    private Qcow2AllocationCheck() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String cache = args.length > 1 ? args[1] : "writeback";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-12s %-16s %12s%n", "image", "request", "B/request");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(4096, 4096).fill((byte) 0x5a);
            for (String kind : new String[] {"allocated", "hole", "compressed"}) {
                try (BlockNode node = Qcow2PathImages.open(Qcow2PathImages.image(kind), cache, "")) {
                    RandomBlocks offsets = new RandomBlocks(Qcow2PathImages.size(kind), 4096, 11);
                    String[] forms = kind.equals("allocated") ? new String[] {"read", "write"} : new String[] {"read"};
                    for (String form : forms) {
                        run(node, buf, offsets, form, requests); // warm-up
                        long before = threads.getTotalThreadAllocatedBytes();
                        run(node, buf, offsets, form, requests);
                        long after = threads.getTotalThreadAllocatedBytes();
                        System.out.printf(Locale.ROOT, "%-12s %-16s %12.1f%n", kind, form,
                                (after - before) / (double) requests);
                    }
                }
            }
            // allocating writes: 64 KiB clusters, one new cluster per request, sequential (at most
            // 20,000 per round, so the image stays small: 4 KiB of data per 64 KiB cluster)
            int allocating = Math.min(requests, 20_000);
            long size = 2L * allocating * 65536;
            Path img = Qcow2PathImages.fresh("jblock-bench-alloc.qcow2", size, 65536);
            try (BlockNode node = Qcow2PathImages.open(img, cache, "")) {
                long off = 0;
                for (int round = 0; round < 2; round++) {
                    long before = threads.getTotalThreadAllocatedBytes();
                    for (int i = 0; i < allocating; i++) {
                        node.write(off, buf, RequestFlags.NONE);
                        off += 65536;
                    }
                    long after = threads.getTotalThreadAllocatedBytes();
                    if (round == 1) {
                        System.out.printf(Locale.ROOT, "%-12s %-16s %12.1f%n", "fresh", "allocating-write",
                                (after - before) / (double) allocating);
                    }
                }
            } finally {
                Files.deleteIfExists(img);
            }
        }
    }

    private static void run(BlockNode node, MemorySegment buf, RandomBlocks offsets, String form, int n)
            throws IOException {
        for (int i = 0; i < n; i++) {
            long off = offsets.next();
            if (form.equals("write")) {
                node.write(off, buf, RequestFlags.NONE);
            } else {
                node.read(off, buf);
            }
        }
    }
}
