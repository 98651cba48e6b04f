package io.jblock.qcow2.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-image campaign ({@link HostileImageCampaign}): seeded mutants of qemu-img-made
 * images must open, answer info, check, map and read, or refuse with an IOException, within the
 * time bound and the memory bound, in a worker JVM with a small heap. Short form in CI:
 * {@code jblock.mutants} (default 800) mutants. Long form: {@code scripts/hostile-long.sh}
 * ({@code -Djblock.mutants=100000}); {@code -Djblock.mutants.seed=N} starts elsewhere.
 */
class HostileImageCampaignTest {

    @TempDir
    Path tmp;

    @Test
    void mutantsOpenCheckMapAndReadOrRefuseCleanly() throws IOException, InterruptedException {
        QemuTools.require();
        long count = Long.getLong("jblock.mutants", 800);
        long seed = Long.getLong("jblock.mutants.seed", 1);
        long timeoutMs = Long.getLong("jblock.mutants.timeout-ms", 30_000);
        Path corpus = tmp.resolve("corpus");
        HostileCorpus.build(corpus);
        HostileImageCampaign.Summary s = HostileImageCampaign.run(corpus, tmp.resolve("work"), seed, count, timeoutMs,
                Integer.getInteger("jblock.mutants.rss-mib", 600), Integer.getInteger("jblock.mutants.heap-mib", 128),
                Integer.getInteger("jblock.mutants.rw-every", 8));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("hostile images: %d mutants from seed %d in %d worker JVM(s), slowest %d ms (seed %d),"
                + " %d defects%n", s.mutants(), seed, s.workers(), s.slowestMillis(), s.slowestSeed(), s.defects().size()));
        for (Map.Entry<String, Long> e : s.outcomes().entrySet()) {
            sb.append(String.format("  %-60s %d%n", e.getKey(), e.getValue()));
        }
        System.out.print(sb);
        assertTrue(s.mutants() >= count, "only " + s.mutants() + " mutants ran");
        long opened = s.outcomes().entrySet().stream().filter(e -> !e.getKey().startsWith("open:")
                && !e.getKey().startsWith("rw-")).mapToLong(Map.Entry::getValue).sum();
        assertTrue(opened > count / 4, "most mutants should open: only " + opened + " did");
        assertTrue(s.defects().isEmpty(), s.defects().size() + " defects; the first ones:\n"
                + String.join("\n", s.defects().subList(0, Math.min(10, s.defects().size()))));
    }
}
