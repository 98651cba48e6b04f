package io.jblock.cli;

import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jblock demo}: the runtime at work in a few seconds, on a temporary directory that is
 * removed afterwards: create a qcow2 image, write with cache=directsync, hand the image to a
 * second process and back (inactivate / activate with cache invalidation, the live-migration
 * handoff), check it, and benchmark 4 KiB O_DIRECT requests.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Shows jblock at work in a few seconds on a temporary image: creates a qcow2 image, "
                + "writes with cache=directsync, hands the image to a second process and back with "
                + "invalidate_cache (the live-migration handoff), checks it, runs a short benchmark of "
                + "4 KiB O_DIRECT reads and writes, and prints a summary. Temporary files are removed.",
            "Exit status: 0 when every step worked, 1 otherwise."})
public final class DemoCommand extends JblockSubcommand {
    private static final long IMAGE_SIZE = 64L << 20;
    private static final int WRITE_CHUNK = 64 << 10;
    private static final long FIRST_DATA = 4L << 20;
    private static final long SECOND_DATA = 1L << 20;
    private static final String SOURCE_PATTERN = "0x5a";
    private static final String PEER_PATTERN = "0xa5";

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to make the temporary directory "
            + "(default: java.io.tmpdir; must support O_DIRECT).")
    Path dir;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "4000",
            description = "Requests per benchmark run (default 4000).")
    long requests;

    @Option(names = "--keep", description = "Keep the temporary directory.")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        Path work = dir == null ? Files.createTempDirectory("jblock-demo") : Files.createTempDirectory(dir, "jblock-demo");
        long t0 = System.nanoTime();
        try {
            out().println("jblock demo: QEMU-grade block I/O on the JVM through FFM (work directory " + work + ")");
            out().println();
            String image = work.resolve("demo.qcow2").toString();
            create(image);
            write(image);
            handoff(image);
            check(image);
            bench(image);
            out().println();
            out().printf(Locale.ROOT, "All steps passed in %.2f s.%s%n", (System.nanoTime() - t0) / 1e9,
                    keep ? " Kept " + work + "." : " Temporary files removed.");
            return 0;
        } finally {
            if (!keep) {
                deleteTree(work);
            }
            out().flush();
        }
    }

    private void create(String image) throws IOException {
        long t = System.nanoTime();
        step("create", () -> ImageGraph.create("qcow2", image, IMAGE_SIZE, ""));
        line("create", "qcow2 image demo.qcow2, %s virtual, in %s", ByteSizes.human(IMAGE_SIZE), ms(t));
    }

    private void write(String image) throws IOException {
        long t = System.nanoTime();
        try (BlockNode node = open(image, false, CacheMode.DIRECTSYNC);
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(WRITE_CHUNK, 4096);
            buf.fill((byte) IoSession.parsePattern(SOURCE_PATTERN));
            for (long off = 0; off < FIRST_DATA; off += WRITE_CHUNK) {
                node.write(off, buf);
            }
        } catch (IOException e) {
            throw fail("write", e);
        }
        double secs = (System.nanoTime() - t) / 1e9;
        line("write", "%s of pattern %s in %d KiB writes with cache=directsync (O_DIRECT, every write "
                        + "stable before it returns): %s, %.1f MiB/s", ByteSizes.human(FIRST_DATA), SOURCE_PATTERN,
                WRITE_CHUNK >> 10, ms(t), FIRST_DATA / secs / (1 << 20));
    }

    private void handoff(String image) throws IOException {
        long t = System.nanoTime();
        BlockNode source = open(image, false, CacheMode.NONE);
        try {
            source.inactivate();
            line("handoff", "this process inactivated the image: flushed, metadata written back, write lock released");
            List<String> peer = runPeer(image);
            for (String l : peer) {
                out().println("             peer | " + l);
            }
            source.activate();
            String verify = new IoSessionProbe(source).readPattern(FIRST_DATA, SECOND_DATA, PEER_PATTERN);
            if (verify != null) {
                throw new CommandFailure("demo: handoff: after re-activation this process did not see the "
                        + "peer's write: " + verify, 1);
            }
            line("handoff", "this process re-activated the image (caches invalidated) and read the peer's "
                    + "%s at %s: handoff complete in %s", PEER_PATTERN, ByteSizes.human(FIRST_DATA), ms(t));
        } catch (IOException e) {
            throw fail("handoff", e);
        } finally {
            source.close();
        }
    }

    /** Runs {@code jblock io} in a second JVM: activate, verify our data, write its own, inactivate. */
    private List<String> runPeer(String image) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("io", "--inactive", "-f", "qcow2", "-t", "none",
                "-c", "activate",
                "-c", "read -P " + SOURCE_PATTERN + " 0 " + FIRST_DATA,
                "-c", "write -P " + PEER_PATTERN + " " + FIRST_DATA + " " + SECOND_DATA,
                "-c", "inactivate",
                image));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String l : all.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
        }
        int status;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandFailure("demo: handoff: the peer process did not finish in 60 s", 1);
            }
            status = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new java.io.InterruptedIOException("demo interrupted");
        }
        if (status != 0) {
            throw new CommandFailure("demo: handoff: the peer process (pid " + p.pid() + ") failed with status "
                    + status + ": " + String.join(" / ", lines), 1);
        }
        lines.add(0, "a second JVM (pid " + p.pid() + ") opened the image --inactive, activated it, verified "
                + ByteSizes.human(FIRST_DATA) + " of " + SOURCE_PATTERN + " (read -P), wrote "
                + ByteSizes.human(SECOND_DATA) + " of " + PEER_PATTERN + " and inactivated it:");
        return lines;
    }

    private void check(String image) throws IOException {
        try (BlockNode node = open(image, true, CacheMode.WRITEBACK)) {
            ImageChecker qcow2 = node.driverFeature(ImageChecker.class)
                    .orElseThrow(() -> new CommandFailure("demo: check: the image did not open as qcow2", 1));
            CheckReport report = CheckReport.of(qcow2.check(false, false));
            if (report.exitCode() != 0) {
                throw new CommandFailure("demo: check: " + report.human().strip().replace('\n', ' '), 1);
            }
            line("check", "%s (%d/%d clusters allocated, image end offset %d)",
                    report.human().lines().findFirst().orElse("").strip(), report.allocatedClusters(),
                    report.totalClusters(), report.imageEndOffset());
        } catch (IOException e) {
            throw fail("check", e);
        }
    }

    private void bench(String image) throws IOException {
        // writes first: they allocate clusters all over the image, so the reads that follow
        // mostly read data from the disk rather than unallocated (zero) clusters
        for (boolean write : new boolean[] {true, false}) {
            try (BlockNode node = open(image, false, CacheMode.NONE)) {
                BenchRun.Config cfg = new BenchRun.Config(requests, 16, 4096, 0, 4096, write, 0x3c, 0, true,
                        true, 7);
                BenchRun.Result r = new BenchRun(node, cfg).run(null);
                LatencyHistogram h = r.latencies();
                line("bench", "%d random 4 KiB %s, cache=none (O_DIRECT), 16 in flight: %.0f ops/s, %.1f MB/s, "
                                + "latency p50 %.0f us, p99 %.0f us", r.requests(), write ? "writes" : "reads",
                        r.opsPerSecond(), r.megabytesPerSecond(), h.percentile(50) / 1e3, h.percentile(99) / 1e3);
            } catch (IOException e) {
                throw fail("bench", e);
            }
        }
    }

    private BlockNode open(String image, boolean readOnly, CacheMode mode) {
        return ImageRef.of(image, "qcow2").open(readOnly, false, mode);
    }

    private interface Step {
        void run() throws IOException;
    }

    private void step(String name, Step s) {
        try {
            s.run();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CommandFailure f) {
                throw f;
            }
            throw fail(name, e);
        }
    }

    private static CommandFailure fail(String step, Exception e) {
        if (e instanceof CommandFailure f) {
            return f;
        }
        return new CommandFailure("demo: " + step + ": " + Main.oneLine(e), 1, e);
    }

    private void line(String step, String fmt, Object... args) {
        out().printf(Locale.ROOT, "  %-9s  " + fmt + "%n", prepend(step, args));
        out().flush();
    }

    private static Object[] prepend(String first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String ms(long startNanos) {
        return String.format(Locale.ROOT, "%.0f ms", (System.nanoTime() - startNanos) / 1e6);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reads a range of a node and says whether it holds one byte value. */
    private record IoSessionProbe(BlockNode node) {
        /** Null when {@code [offset, offset+length)} is filled with the pattern, else what differs. */
        String readPattern(long offset, long length, String pattern) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(length, 4096);
                node.read(offset, buf);
                byte b = (byte) IoSession.parsePattern(pattern);
                return IoSession.filledWith(buf, b) ? null
                        : "bytes at offset " + offset + " are not all " + pattern;
            }
        }
    }
}
