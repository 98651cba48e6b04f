package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Interleaved cross-check of {@link Qcow2VsRawBenchmark}: for each cache mode, raw and qcow2
 * nodes over the same data, and the control (the raw driver over the qcow2 file's data extent),
 * do 4 KiB random reads, then writes, in rotating rounds within one JVM, on the same offsets.
 * All three write the same bytes at the same guest offsets, so afterwards the raw file and the
 * qcow2 image still hold the same data ({@code qemu-img compare} says so). Prints microseconds
 * per operation, the qcow2/raw ratio and the qcow2/control ratio.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * io.jblock.jmh.Qcow2VsRawComparison [rounds] [opsPerRound] [cache...]}
 */
public final class Qcow2VsRawComparison {

    /** Operations per variant before measuring: enough for the JIT to compile the CPU-bound paths. */
    private static final int WARMUP_OPS = 20_000;

    private Qcow2VsRawComparison() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String[] caches = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"writeback", "none"};
        Qcow2Images images = Qcow2Images.prepare();
        images.cacheBoth();
        for (String cache : caches) {
            try (Arena arena = Arena.ofConfined();
                 BlockNode raw = images.open("raw", cache);
                 BlockNode qcow2 = images.open("qcow2", cache);
                 BlockNode control = images.open("qcow2file", cache)) {
                MemorySegment rawBuf = AlignedMemory.allocate(arena, Qcow2VsRawBenchmark.BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
                MemorySegment qcowBuf = AlignedMemory.allocate(arena, Qcow2VsRawBenchmark.BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
                MemorySegment controlBuf = AlignedMemory.allocate(arena, Qcow2VsRawBenchmark.BLOCK, AlignedMemory.DEFAULT_ALIGNMENT);
                for (String op : new String[] {"read", "write"}) {
                    RandomBlocks rawOffsets = new RandomBlocks(Qcow2Images.SIZE, Qcow2VsRawBenchmark.BLOCK, 0);
                    RandomBlocks qcowOffsets = new RandomBlocks(Qcow2Images.SIZE, Qcow2VsRawBenchmark.BLOCK, 0);
                    RandomBlocks controlOffsets = new RandomBlocks(Qcow2Images.SIZE, Qcow2VsRawBenchmark.BLOCK, 0);
                    InterleavedRounds variants = new InterleavedRounds();
                    if (op.equals("read")) {
                        variants.add("raw read", i -> raw.read(rawOffsets.next(), rawBuf));
                        variants.add("qcow2 read", i -> qcow2.read(qcowOffsets.next(), qcowBuf));
                        variants.add("raw over qcow2 file read", i -> control.read(controlOffsets.next(), controlBuf));
                    } else {
                        variants.add("raw write", i -> raw.write(rawOffsets.next(), rawBuf));
                        variants.add("qcow2 write", i -> qcow2.write(qcowOffsets.next(), qcowBuf));
                        variants.add("raw over qcow2 file write", i -> control.write(controlOffsets.next(), controlBuf));
                    }
                    System.out.printf("cache=%s, 4 KiB random %ss over 256 MiB, rounds=%d opsPerRound=%d%n",
                            cache, op, rounds, perRound);
                    List<InterleavedRounds.Result> results = variants.run(WARMUP_OPS, rounds, perRound);
                    InterleavedRounds.print(results, 0, "us", 1e3);
                    System.out.printf("  ratio qcow2/raw: wall %.3f, thread CPU %.3f;"
                                    + " qcow2/(raw over qcow2 file): wall %.3f, thread CPU %.3f%n",
                            (double) results.get(1).wallNanos() / results.get(0).wallNanos(),
                            (double) results.get(1).cpuNanos() / results.get(0).cpuNanos(),
                            (double) results.get(1).wallNanos() / results.get(2).wallNanos(),
                            (double) results.get(1).cpuNanos() / results.get(2).cpuNanos());
                }
            }
        }
    }
}
