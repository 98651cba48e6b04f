package io.jblock.storage.ramfile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures save and restore of one large RAM block with direct-io on and off, 1 and 4 channels,
 * and the page cache left behind by each save. Run by {@code scripts/bench-ramfile.sh}, which
 * also runs fio on the same disk and passes its figures in so the ratios are printed together.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.jblock.storage.ramfile.RamFileBench \
 *     DIR [SIZE_MIB [ZERO_PERCENT [FIO_WRITE_MBPS FIO_READ_MBPS]]]
 * </pre>
 *
 * MB/s are 10^6 bytes per second. "RAM MB/s" is the RAM size over the time; "disk MB/s" counts
 * only the bytes of the pages written or read (zero pages are skipped), which is what compares
 * with fio. A save includes its fdatasync; a restore starts with the file dropped from the page
 * cache (the bytes still cached are printed), so both measure the disk. Every restore is verified
 * byte for byte against the source. Each run is repeated {@code REPEAT} times (environment,
 * default 3) and the median is printed with the range, since shared machines are noisy.
 */
public final class RamFileBench {
    private RamFileBench() {
    }

    /**
     * Runs the benchmark; arguments as the class comment says.
     *
     * @param args the command line
     * @throws IOException when a file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RamFileBench DIR [SIZE_MIB [ZERO_PERCENT [FIO_WRITE_MBPS FIO_READ_MBPS]]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 2048) << 20;
        int zeroPercent = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        double fioWrite = args.length > 4 ? Double.parseDouble(args[3]) : Double.NaN;
        double fioRead = args.length > 4 ? Double.parseDouble(args[4]) : Double.NaN;
        int repeat = Integer.parseInt(System.getenv().getOrDefault("REPEAT", "3"));
        Files.createDirectories(dir);
        Path file = dir.resolve("ram-bench.img");

        try (Arena arena = Arena.ofShared()) {
            MemorySegment ram = arena.allocate(size, 4096);
            long zeroPages = fillPattern(ram, 4096, zeroPercent);
            MemorySegment target = arena.allocate(size, 4096);
            List<RamBlock> source = List.of(new RamBlock("pc.ram", ram));
            List<RamBlock> targets = List.of(new RamBlock("pc.ram", target));
            System.out.printf(Locale.ROOT, "RAM %d MiB, %.1f%% zero pages, file %s%n", size >> 20,
                    100.0 * zeroPages / (size / 4096), file);
            warmUp(file, ram, target);
            System.out.printf(Locale.ROOT, "%d repetition(s) each; median shown, disk MB/s range over them%n", repeat);
            System.out.printf(Locale.ROOT, "%-34s %9s %10s %10s %11s %8s %18s%n", "run", "seconds", "RAM MB/s",
                    "disk MB/s", "range", "vs fio", "pages region cached");
            for (boolean directIo : new boolean[] {false, true}) {
                for (int channels : new int[] {1, 4}) {
                    RamFileParameters params = new RamFileParameters(directIo, channels, 4096);
                    String name = "direct-io=" + (directIo ? "on " : "off") + " channels=" + channels;
                    double[] saveSeconds = new double[repeat];
                    double[] restoreSeconds = new double[repeat];
                    long cachedAfterSave = 0;
                    long cachedBeforeRestore = 0;
                    long dataBytes = 0;
                    long pagesRegion = 1;
                    for (int r = 0; r < repeat; r++) {
                        Files.deleteIfExists(file);
                        long t0 = System.nanoTime();
                        RamFileSummary saved;
                        try (RamFileWriter w = RamFileWriter.open(file, params)) {
                            saved = w.save(source);
                        }
                        saveSeconds[r] = (System.nanoTime() - t0) / 1e9;
                        BlockLayout l = saved.blocks().getFirst().layout();
                        pagesRegion = l.pagesEnd() - l.pagesOffset();
                        cachedAfterSave = Math.max(cachedAfterSave, PagesRegionCache.residentBytes(saved));
                        dataBytes = saved.pagesPresent() * 4096;

                        PagesRegionCache.drop(file);
                        cachedBeforeRestore = Math.max(cachedBeforeRestore,
                                PagesRegionCache.residentBytes(saved));
                        target.fill((byte) 0xA5);
                        t0 = System.nanoTime();
                        try (RamFileReader reader = RamFileReader.open(file, params)) {
                            reader.restore(targets);
                        }
                        restoreSeconds[r] = (System.nanoTime() - t0) / 1e9;
                        long differs = ram.mismatch(target);
                        if (differs != -1) {
                            throw new IllegalStateException("restore differs from the source at " + differs);
                        }
                        Files.deleteIfExists(file);
                    }
                    print("save    " + name, saveSeconds, size, dataBytes, fioWrite,
                            String.format(Locale.ROOT, "%d MiB (%.1f%%)", cachedAfterSave >> 20,
                                    100.0 * cachedAfterSave / pagesRegion));
                    print("restore " + name, restoreSeconds, size, dataBytes, fioRead,
                            String.format(Locale.ROOT, "%d MiB before", cachedBeforeRestore >> 20));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs every path once on a small slice so that the timed runs do not include JIT compilation. */
    private static void warmUp(Path file, MemorySegment ram, MemorySegment target) throws IOException {
        long size = Math.min(ram.byteSize(), 64L << 20);
        for (boolean directIo : new boolean[] {false, true}) {
            RamFileParameters params = new RamFileParameters(directIo, 4, 4096);
            try (RamFileWriter w = RamFileWriter.open(file, params)) {
                w.save(List.of(new RamBlock("warm-up", ram.asSlice(0, size))));
            }
            try (RamFileReader r = RamFileReader.open(file, params)) {
                r.restore(List.of(new RamBlock("warm-up", target.asSlice(0, size))));
            }
            Files.delete(file);
        }
    }

    /** One line: the median of the repetitions, and the range of disk MB/s over them. */
    private static void print(String name, double[] seconds, long ramBytes, long dataBytes, double fioMbps,
                              String extra) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double disk = dataBytes / median / 1e6;
        String range = String.format(Locale.ROOT, "%.0f-%.0f", dataBytes / sorted[sorted.length - 1] / 1e6,
                dataBytes / sorted[0] / 1e6);
        System.out.printf(Locale.ROOT, "%-34s %9.2f %10.0f %10.0f %11s %8s %18s%n", name, median,
                ramBytes / median / 1e6, disk, range,
                Double.isNaN(fioMbps) ? "-" : String.format(Locale.ROOT, "%.2f", disk / fioMbps), extra);
    }

    /**
     * Fills RAM page by page: about {@code zeroPercent}% zero pages, placed at random, the others
     * a cheap non-zero pattern. Returns the number of zero pages.
     */
    static long fillPattern(MemorySegment ram, int pageSize, int zeroPercent) {
        long pages = ram.byteSize() / pageSize;
        long zero = 0;
        for (long p = 0; p < pages; p++) {
            long h = mixPage(p);
            if (Math.floorMod(h, 100) < zeroPercent) {
                zero++;   // fresh memory is already zero
                continue;
            }
            long base = p * pageSize;
            for (long i = 0; i < pageSize; i += 8) {
                ram.set(ValueLayout.JAVA_LONG_UNALIGNED, base + i, (h + i) | 1);
            }
        }
        return zero;
    }

    private static long mixPage(long p) {
        long z = p * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
