package io.jblock.qcow2.stress;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrent random requests against a shadow model ({@link StressRun}), qcow2 with and without
 * a backing file, with caches small enough to evict all the time, extended L2, lazy refcounts,
 * and raw, buffered and O_DIRECT. Short form in CI: {@code jblock.stress.ops} (default 2400)
 * requests per configuration. Long forms: {@code -Djblock.stress.ops=N} (scripts/stress-long.sh
 * spreads 10 million over the configurations) and the soak, {@code -Djblock.stress.seconds=600}
 * (scripts/stress-soak.sh), which cycles through the configurations until the time is up.
 */
class StressTest {

    static final int THREADS = Integer.getInteger("jblock.stress.threads", 6);

    static List<StressRun.Config> configs() {
        long m = 1 << 20;
        return List.of(
                new StressRun.Config("qcow2-64k", "qcow2", "", false, "", 16 * m),
                new StressRun.Config("qcow2-4k-small-caches", "qcow2", "cluster_size=4096", false,
                        ",l2-cache-size=1k,refcount-cache-size=1k", 16 * m),
                new StressRun.Config("qcow2-4k-backing-small-caches", "qcow2", "cluster_size=4096", true,
                        ",l2-cache-size=1k,refcount-cache-size=1k", 16 * m),
                new StressRun.Config("qcow2-32k-extended-l2", "qcow2", "cluster_size=32768,extended_l2=on", false,
                        ",l2-cache-size=64k", 16 * m),
                new StressRun.Config("qcow2-4k-lazy-refcounts-direct", "qcow2", "cluster_size=4096,lazy_refcounts=on",
                        false, ",cache=none,l2-cache-size=4k", 16 * m),
                new StressRun.Config("qcow2-4k-contended", "qcow2", "cluster_size=4096", false,
                        ",l2-cache-size=1k,refcount-cache-size=1k", 64 * 1024),
                new StressRun.Config("raw", "raw", "", false, "", 16 * m),
                new StressRun.Config("raw-direct", "raw", "", false, ",cache=none", 16 * m),
                new StressRun.Config("raw-direct-contended", "raw", "", false, ",cache=none", 64 * 1024));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void concurrentRequestsMatchTheShadow(StressRun.Config c) throws Exception {
        QemuTools.require();
        long ops = Long.getLong("jblock.stress.ops", 2_400);
        StressRun.Result r = new StressRun(c, tmp, THREADS, 42).run(Math.max(1, (ops + THREADS - 1) / THREADS), 0); // rounded up: at least ops in all
        System.out.println("stress " + c.name() + ": " + r);
    }

    /**
     * Negative control: with the generic layer's serialisation of read-modify-writes switched off
     * (the test hook of DriverNode), neighbours' unaligned O_DIRECT writes into the same block lose
     * each other's bytes, and the shadow notices.
     */
    @Test
    void withoutReadModifyWriteSerialisationTheShadowCatchesLostWrites() throws Exception {
        QemuTools.require();
        StressRun.Config c = new StressRun.Config("raw-direct-contended-unserialised", "raw", "", false,
                ",cache=none", 64 * 1024);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> new StressRun(c, tmp, THREADS, 7).run(20_000, 0, StressTest::unserialise));
        System.out.println("negative control caught: " + e.getMessage());
    }

    private static void unserialise(io.jblock.storage.BlockNode node) {
        try {
            var m = node.getClass().getDeclaredMethod("serializeReadModifyWrite", boolean.class);
            m.setAccessible(true);
            m.invoke(node, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the DriverNode test hook is gone", e);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "jblock.stress.seconds", matches = "\\d+")
    void soak() throws Exception {
        QemuTools.require();
        long seconds = Long.getLong("jblock.stress.seconds");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long total = 0;
        int runs = 0;
        List<StressRun.Config> configs = configs();
        while (System.nanoTime() < end) {
            StressRun.Config c = configs.get(runs % configs.size());
            Path dir = Files.createDirectories(tmp.resolve("soak-" + runs));
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000_000L);
            StressRun.Result r = new StressRun(c, dir, THREADS, 1000 + runs).run(Long.MAX_VALUE, Math.min(60, left));
            total += r.ops();
            runs++;
            System.out.println("soak run " + runs + " " + c.name() + ": " + r);
            for (Path p : List.of(dir.resolve("stress.qcow2"), dir.resolve("stress.raw"), dir.resolve("stress-shadow.raw"),
                    dir.resolve("stress-base.raw"))) {
                Files.deleteIfExists(p);
            }
        }
        System.out.println("soak: " + runs + " runs, " + total + " requests in " + seconds + " s");
    }
}
