package io.jblock.qcow2.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fault campaign ({@link FaultCampaign}). Short form in CI: runs until
 * {@code jblock.faults} (default 40) errors were injected, at least one run per setup. Long form:
 * {@code scripts/faults-long.sh} ({@code -Djblock.faults=1000}); {@code -Djblock.faults.seed=N}
 * starts at another seed, {@code -Djblock.faults.only=SEED} replays one run.
 */
class FaultCampaignTest {

    @TempDir
    Path tmp;

    @Test
    void seededFaultRunsLoseNothingAndCorruptNothing() throws IOException {
        QemuTools.require();
        FaultCampaign campaign = new FaultCampaign(tmp);
        Long only = Long.getLong("jblock.faults.only");
        if (only != null) {
            System.out.println(campaign.run(only));
            return;
        }
        long target = Long.getLong("jblock.faults", 40);
        long seed = Long.getLong("jblock.faults.seed", 1);
        long injected = 0;
        long failed = 0;
        long requests = 0;
        long leaks = 0;
        long unclean = 0;
        long events = 0;
        int runs = 0;
        while (injected < target || runs < FaultCampaign.SETUPS.size()) {
            FaultCampaign.Result r = campaign.run(seed + runs);
            injected += r.injected();
            failed += r.failedRequests();
            requests += r.requests();
            leaks += r.leaks();
            unclean += r.cleanEnd() ? 0 : 1;
            events += r.eventsSeen();
            runs++;
        }
        System.out.printf("fault campaign: %d runs from seed %d, %d requests, %d injected errors, %d failed requests,"
                + " %d unclean ends, %d leaked clusters, %d qcow2 events announced%n", runs, seed, requests, injected,
                failed, unclean, leaks, events);
        assertTrue(failed > 0 && failed <= injected, "failed " + failed + " of " + injected + " injected");
    }
}
