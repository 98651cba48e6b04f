package io.jblock.jmh;

import com.sun.nio.file.ExtendedOpenOption;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A/B check for machines too busy for JMH's back-to-back runs to be comparable: alternates
 * rounds of FFM {@code preadFd} and {@code FileChannel} DIRECT reads (same offsets, 4 KiB,
 * O_DIRECT, one thread) so load drift hits both equally, and reports wall time and this
 * thread's CPU time per read for each. Not a JMH benchmark; a cross-check of one.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * io.jblock.jmh.InterleavedReadComparison [data|hole] [rounds] [readsPerRound]}
 */
public final class InterleavedReadComparison {

    private InterleavedReadComparison() {
    }

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "data";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        long size = DirectReadBenchmark.FILE_SIZE;
        Path path = "hole".equals(kind)
                ? BenchFile.prepareSparse("jblock-bench-1g-sparse.img", size)
                : BenchFile.prepare("jblock-bench-1g.img", size);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] wall = new long[2];
        long[] cpuNs = new long[2];
        int fd = PosixIO.openFd(path.toString(), Libc.O_RDONLY() | Libc.O_DIRECT(), 0);
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            MemorySegment seg = AlignedMemory.allocate(arena, 4096, 4096);
            ByteBuffer buf = ByteBuffer.allocateDirect(8192).alignedSlice(4096).limit(4096).slice();
            for (int r = -3; r < rounds; r++) { // 3 warm-up rounds, not counted
                long seed = 0x2545F4914F6CDD1DL + r; // the same offsets for both methods in a round
                for (int which = 0; which < 2; which++) {
                    int method = (r & 1) == 0 ? which : 1 - which; // alternate who goes first
                    RandomBlocks offsets = new RandomBlocks(size, 4096, seed);
                    long w0 = System.nanoTime();
                    long c0 = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        long off = offsets.next();
                        if (method == 0) {
                            PosixIO.preadFd(fd, seg, off, null);
                        } else {
                            ch.read(buf.clear(), off);
                        }
                    }
                    if (r >= 0) {
                        cpuNs[method] += cpu.getCurrentThreadCpuTime() - c0;
                        wall[method] += System.nanoTime() - w0;
                    }
                }
            }
        } finally {
            PosixIO.closeFd(fd, path.toString());
        }
        double n = (double) rounds * perRound;
        System.out.printf("file=%s rounds=%d readsPerRound=%d%n", kind, rounds, perRound);
        System.out.printf("ffm preadFd O_DIRECT      : wall %.2f us/read, thread CPU %.2f us/read%n",
                wall[0] / n / 1e3, cpuNs[0] / n / 1e3);
        System.out.printf("FileChannel DIRECT        : wall %.2f us/read, thread CPU %.2f us/read%n",
                wall[1] / n / 1e3, cpuNs[1] / n / 1e3);
        System.out.printf("ratio ffm/FileChannel     : wall %.3f, thread CPU %.3f%n",
                (double) wall[0] / wall[1], (double) cpuNs[0] / cpuNs[1]);
    }
}
