package io.jblock.qcow2.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
        // every defect's first line (seed, mutation, step), so a long run's seeds can all be rerun
        s.defects().forEach(d -> System.out.println(d.lines().findFirst().orElse(d)));
        assertTrue(s.mutants() >= count, "only " + s.mutants() + " mutants ran");
        long opened = s.outcomes().entrySet().stream().filter(e -> !e.getKey().startsWith("open:")
                && !e.getKey().startsWith("rw-")).mapToLong(Map.Entry::getValue).sum();
        assertTrue(opened > count / 4, "most mutants should open: only " + opened + " did");
        assertTrue(s.defects().isEmpty(), s.defects().size() + " defects; the first ones:\n"
                + String.join("\n", s.defects().subList(0, Math.min(10, s.defects().size()))));
    }

    /**
     * Mutants the long runs found defects in, run again on every build: seeds 1603 to 35191 (the
     * 100,000-mutant run of 2026-12-02) gave the bitmaps extension a directory size with the top
     * bit set, which closing the node read as a negative array length (NegativeArraySizeException,
     * or OutOfMemoryError for one that truncated to a large positive int). Seed 91344 (the second
     * 100,000-mutant run) moved a refcount table entry onto a data cluster: guest writes into it
     * must be refused by the metadata overlap check as QEMU refuses them (MetadataOverlapTest has
     * the details), and allocation past refcounts that read as used may grow the file only sparsely.
     */
    @Test
    void mutantsThatFoundDefectsStayFixed() throws IOException, InterruptedException {
        QemuTools.require();
        Path corpus = tmp.resolve("corpus");
        HostileCorpus.build(corpus);
        List<String> defects = new java.util.ArrayList<>();
        long ran = 0;
        for (long seed : new long[] {1603, 2047, 6823, 9115, 11779, 28051, 31711, 32587, 32947, 35191, 91344}) {
            HostileImageCampaign.Summary s = HostileImageCampaign.run(corpus, tmp.resolve("work-" + seed), seed, 1,
                    30_000, 600, 128, 8);
            ran += s.mutants();
            defects.addAll(s.defects());
        }
        assertEquals(11, ran);
        assertTrue(defects.isEmpty(), String.join("\n", defects));
    }
}
