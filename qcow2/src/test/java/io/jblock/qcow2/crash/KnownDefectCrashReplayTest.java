package io.jblock.qcow2.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9 harness part 1 on the workloads that issue 9's known defects break: clusters shared
 * with an internal snapshot (defect 1: a refcount decrease reaches the disk before the L2 entry
 * that drops the reference, {@code ERROR cluster N refcount=1 reference=2}) and lazy refcounts
 * (defect 5: no flush between COW data, a new L2 table and its L1 entry). Every crash state must
 * pass {@link Qcow2StateCheck}.
 *
 * <p>Off by default, so that CI stays green until the crash stream's fixes are merged: run with
 * {@code -Djblock.crash.known-defects=true} (or {@code scripts/crash-replay.sh --known-defects}).
 * On code without the fixes it fails, listing the bad states; once they are merged, remove the
 * {@code @EnabledIfSystemProperty} line so that CI runs it.
 */
@EnabledIfSystemProperty(named = "jblock.crash.known-defects", matches = "true")
class KnownDefectCrashReplayTest {
    @TempDir
    Path dir;

    static Stream<CrashWorkloads.Family> families() {
        return CrashWorkloads.KNOWN_DEFECTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void everyCrashStateIsConsistentAndKeepsWhatWasFlushed(CrashWorkloads.Family family) throws IOException {
        CrashHarness.Outcome o = CrashHarness.run(family.at(CrashReplayTest.SEED), CrashReplayTest.STATES * 2, dir);
        System.out.println("crash replay " + o);
        assertEquals(List.of(), o.result().bad(), o.result().summary(3));
    }
}
