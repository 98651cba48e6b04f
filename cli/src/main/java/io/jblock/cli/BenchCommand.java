package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jblock bench}: qemu-img bench, plus random offsets and a JSON summary with latencies. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Sends COUNT read (or, with -w, write) requests of SIZE bytes, DEPTH in parallel "
                + "through the asynchronous API, at offsets from OFFSET advancing by STEP (wrapping before "
                + "the end), and reports the time taken, as qemu-img bench. At depth 1 each request is "
                + "the synchronous form on the bench's own thread (no hand-off).",
            "--random uses random offsets aligned to the request size; --output=json prints requests, "
                + "ops/s, MB/s, latency percentiles and the process's CPU time during the run."})
public final class BenchCommand extends JblockSubcommand {

    @Option(names = "-c", paramLabel = "COUNT", defaultValue = "75000", description = "Requests (default 75000).")
    long count;

    @Option(names = "-d", paramLabel = "DEPTH", defaultValue = "64", description = "Requests in flight (default 64).")
    int depth;

    @Mixin
    ImageOptions image;

    @Option(names = "-i", paramLabel = "AIO", description = "I/O backend of the file node: threads (default), "
            + "io_uring, or native (served by io_uring; jblock has no Linux AIO engine), passed as file.aio. "
            + "Where the kernel refuses io_uring the node falls back to threads and logs it.")
    String aio;

    @Option(names = "-n", description = "Native I/O: bypass the host page cache (cache.direct=on, O_DIRECT) "
            + "unless -t says otherwise.")
    boolean nativeIo;

    @Option(names = "-o", paramLabel = "OFFSET", defaultValue = "0", description = "First offset (default 0).")
    String offset;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "4096", description = "Request size (default 4096).")
    String size;

    @Option(names = "-S", paramLabel = "STEP", description = "Distance between offsets (default: SIZE).")
    String step;

    @Option(names = "-t", paramLabel = "CACHE", description = "Cache mode (default writeback).")
    String cache;

    @Mixin
    ForceShareOption share;

    @Option(names = "-w", description = "Write instead of read.")
    boolean write;

    @Option(names = "--pattern", paramLabel = "N", defaultValue = "0", description = "Byte written (default 0).")
    String pattern;

    @Option(names = "--flush-interval", paramLabel = "N", defaultValue = "0",
            description = "Flush after every N requests (writes only).")
    long flushInterval;

    @Option(names = "--no-drain", description = "Flush without waiting for the requests in flight.")
    boolean noDrain;

    @Option(names = "--random", description = "Random offsets aligned to the request size.")
    boolean random;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of --random (default 1).")
    long seed;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Requests sent before the measured run and not counted (default 0), so that the "
                    + "measured run sees compiled code, as a comparison with a native tool needs.")
    long warmup;

    @Option(names = "--output", paramLabel = "human|json", defaultValue = "human")
    OutputFormat output;

    @Option(names = "-q", description = "Quiet: print only the result.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        long bytes = ByteSizes.parse(size);
        if (bytes > Integer.MAX_VALUE) {
            throw new CommandFailure("Invalid buffer size specified: " + size, 1);
        }
        if (flushInterval > 0 && !write) {
            throw new CommandFailure("--flush-interval is only available in write tests", 1);
        }
        CacheMode mode = cache != null ? CacheMode.parse(cache) : (nativeIo ? CacheMode.NONE : CacheMode.WRITEBACK);
        int patternByte = IoSession.parsePattern(pattern);
        BenchRun.Config cfg = new BenchRun.Config(count, depth, (int) bytes, ByteSizes.parse(offset),
                step != null ? ByteSizes.parse(step) : bytes, write, patternByte, flushInterval, !noDrain,
                random, seed);
        ImageRef ref = image.ref();
        if (aio != null) {
            if (!aio.equals("threads") && !aio.equals("io_uring") && !aio.equals("native")) {
                throw new CommandFailure("Invalid aio option: " + aio + " (expected threads, native or io_uring)", 1);
            }
            ref = new ImageRef(ref.optionString() + ",file.aio=" + aio, null, true);
        }
        ref = share.apply(ref, !write);
        try (BlockNode node = ref.open(!write, false, mode)) {
            BenchResultPrinter printer = new BenchResultPrinter(cfg, output, quiet);
            printer.header(out());
            if (warmup > 0) {
                BenchRun.Config w = new BenchRun.Config(warmup, depth, (int) bytes, cfg.offset(), cfg.step(), write,
                        patternByte, 0, true, random, seed + 1);
                new BenchRun(node, w).run(null);
            }
            BenchRun run = new BenchRun(node, cfg);
            BenchRun.Result r = run.run(new ProgressBar(false, terminal(), count));
            printer.result(out(), r, mode, node.driverName(), aio == null ? "threads" : aio);
        }
        return 0;
    }

    /** Prints qemu-img bench's lines, or the JSON summary. */
    record BenchResultPrinter(BenchRun.Config cfg, OutputFormat output, boolean quiet) {
        void header(java.io.PrintWriter out) {
            if (output == OutputFormat.json || quiet) {
                return;
            }
            out.printf("Sending %d %s requests, %d bytes each, %d in parallel (%s)%n", cfg.count(),
                    cfg.write() ? "write" : "read", cfg.size(), cfg.depth(),
                    cfg.random() ? "random offsets from " + cfg.offset() + ", aligned"
                            : "starting at offset " + cfg.offset() + ", step size " + cfg.step());
            if (cfg.flushInterval() > 0) {
                out.printf("Sending flush every %d requests%n", cfg.flushInterval());
            }
            out.flush();
        }

        void result(java.io.PrintWriter out, BenchRun.Result r, CacheMode mode, String driver, String aio) {
            if (output == OutputFormat.json) {
                Map<String, Object> m = json(r, mode, driver);
                m.put("aio", aio);
                out.println(QemuJson.pretty(m));
                return;
            }
            out.printf(Locale.ROOT, "Run completed in %.3f seconds.%n", r.seconds());
        }

        Map<String, Object> json(BenchRun.Result r, CacheMode mode, String driver) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("operation", cfg.write() ? "write" : "read");
            m.put("format", driver);
            m.put("cache", mode.qemuName());
            m.put("request-size", (long) cfg.size());
            m.put("depth", (long) cfg.depth());
            m.put("offsets", cfg.random() ? "random" : "sequential");
            m.put("requests", r.requests());
            m.put("flushes", r.flushes());
            m.put("bytes", r.bytes());
            m.put("seconds", round(r.seconds(), 6));
            m.put("ops-per-second", round(r.opsPerSecond(), 1));
            m.put("mb-per-second", round(r.megabytesPerSecond(), 3));
            Map<String, Object> lat = new LinkedHashMap<>();
            LatencyHistogram h = r.latencies();
            lat.put("min", round(h.min() / 1e3, 1));
            lat.put("mean", round(h.mean() / 1e3, 1));
            lat.put("p50", round(h.percentile(50) / 1e3, 1));
            lat.put("p90", round(h.percentile(90) / 1e3, 1));
            lat.put("p99", round(h.percentile(99) / 1e3, 1));
            lat.put("p99.9", round(h.percentile(99.9) / 1e3, 1));
            lat.put("max", round(h.max() / 1e3, 1));
            m.put("latency-us", lat);
            if (r.cpu() != null) {
                m.put("user-cpu-seconds", round(r.cpu().user() / 1e9, 3));
                m.put("system-cpu-seconds", round(r.cpu().system() / 1e9, 3));
                // the same without the JVM's JIT compiler, GC and VM threads (ThreadCpu)
                m.put("io-threads-user-cpu-seconds", round(r.cpu().ioUser() / 1e9, 3));
                m.put("io-threads-system-cpu-seconds", round(r.cpu().ioSystem() / 1e9, 3));
            }
            return m;
        }

        private static double round(double v, int digits) {
            double f = Math.pow(10, digits);
            return Math.round(v * f) / f;
        }
    }
}
