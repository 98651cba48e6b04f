package io.jblock.jmh;

import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.uring.IoUring;
import io.jblock.ffm.uring.UringCompletion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Do registered buffers pay? Random 4 KiB O_DIRECT reads through one {@link IoUring} from
 * buffers registered with IORING_REGISTER_BUFFERS, as IORING_OP_READ_FIXED and as plain
 * IORING_OP_READ (the kernel then pins the pages of every request itself), alternating the two
 * over rounds on the same offsets, at queue depth 1 and 32. Prints ops/s per round and the
 * READ_FIXED/READ ratio (min, median, max).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar io.jblock.jmh.UringFixedBufferComparison [rounds [requests]]
 * </pre>
 */
public final class UringFixedBufferComparison {

    private UringFixedBufferComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        long size = 1L << 30;
        Path file = BenchFile.prepare(BenchFile.nameForSize(size), size);
        int fd = PosixIO.openFd(file.toString(), Libc.O_RDONLY() | Libc.O_DIRECT(), 0);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffers = arena.allocate(32 * 4096L, 4096);
            try (IoUring ring = IoUring.open("fixed-buffers", 64, new int[] {fd}, buffers)) {
                for (int depth : new int[] {1, 32}) {
                    List<Double> ratios = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        boolean fixedFirst = r % 2 == 0;
                        double a = run(ring, buffers, size, depth, requests, fixedFirst, r);
                        double b = run(ring, buffers, size, depth, requests, !fixedFirst, r);
                        double fixed = fixedFirst ? a : b;
                        double plain = fixedFirst ? b : a;
                        ratios.add(fixed / plain);
                        System.out.printf(Locale.ROOT, "QD%-3d round %d: READ_FIXED %.0f ops/s, READ %.0f ops/s%n",
                                depth, r + 1, fixed, plain);
                    }
                    Collections.sort(ratios);
                    System.out.printf(Locale.ROOT, "QD%-3d READ_FIXED/READ: min %.3f, median %.3f, max %.3f%n",
                            depth, ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
                }
            }
        } finally {
            PosixIO.closeFd(fd, file.toString());
        }
    }

    /** {@code requests} reads at depth {@code depth}; ops/s. */
    private static double run(IoUring ring, MemorySegment buffers, long size, int depth, int requests,
                              boolean fixed, long seed) {
        RandomBlocks offsets = new RandomBlocks(size, 4096, seed + 1);
        Thread me = Thread.currentThread();
        int[] state = new int[2]; // [0] completed, [1] failed; guarded by state
        UringCompletion done = (res, off, buf, tag, a, b) -> {
            synchronized (state) {
                state[0]++;
                if (res != 4096) {
                    state[1]++;
                }
            }
            LockSupport.unpark(me);
        };
        long t0 = System.nanoTime();
        int issued = 0;
        while (true) {
            int completed;
            synchronized (state) {
                completed = state[0];
            }
            if (completed == requests) {
                break;
            }
            if (issued < requests && issued - completed < depth) {
                int slot = issued % depth;
                MemorySegment dst = buffers.asSlice(slot * 4096L, 4096);
                if (fixed) {
                    ring.readFixed(0, dst, offsets.next(), 0, done, 0, null, null);
                } else {
                    ring.read(0, dst, offsets.next(), 0, done, 0, null, null);
                }
                issued++;
                continue;
            }
            LockSupport.park();
        }
        if (state[1] > 0) {
            throw new IllegalStateException(state[1] + " reads failed");
        }
        return requests / ((System.nanoTime() - t0) / 1e9);
    }
}
