package io.jblock.jmh;

import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Interleaved cross-check of {@link CacheModeWriteBenchmark}: the five cache modes write 4 KiB
 * blocks at the same random offsets in alternating rounds within one JVM, each mode into its own
 * 64 MiB file (one file would mix O_DIRECT and page-cache writes on the same pages, and the
 * image lock would refuse a second writer). Prints microseconds per write and the ratio to
 * writeback.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar
 * io.jblock.jmh.CacheModeWriteComparison [rounds] [writesPerRound] [mode...]} (default: all five
 * modes; the first one named is the baseline of the ratios)
 */
public final class CacheModeWriteComparison {

    /** Operations per variant before measuring: enough for the JIT to compile the CPU-bound paths. */
    private static final int WARMUP_OPS = 20_000;

    private CacheModeWriteComparison() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String[] modes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : CacheModeWriteBenchmark.MODES;
        List<BlockNode> nodes = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = AlignedMemory.allocate(arena, CacheModeWriteBenchmark.BLOCK,
                    AlignedMemory.DEFAULT_ALIGNMENT);
            buffer.fill((byte) 0x5A);
            InterleavedRounds rounds4k = new InterleavedRounds();
            for (String mode : modes) {
                Path path = BenchFile.prepare("jblock-bench-64m-" + mode + ".img", CacheModeWriteBenchmark.FILE_SIZE);
                BlockNode node = CacheModeWriteBenchmark.openRaw(path, mode);
                nodes.add(node);
                // Same seed per mode: every mode visits the same offsets in the same order.
                RandomBlocks offsets = new RandomBlocks(CacheModeWriteBenchmark.FILE_SIZE, CacheModeWriteBenchmark.BLOCK, 0);
                rounds4k.add("cache=" + mode, i -> node.write(offsets.next(), buffer));
            }
            System.out.printf("4 KiB random writes, raw over file, 64 MiB file per mode, rounds=%d writesPerRound=%d%n",
                    rounds, perRound);
            InterleavedRounds.print(rounds4k.run(WARMUP_OPS, rounds, perRound), 0, "us", 1e3);
        } finally {
            for (BlockNode node : nodes) {
                node.close();
            }
        }
    }
}
