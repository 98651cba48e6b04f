package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job runs, hands the image over to a second JVM and back, and cleans up. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsEveryStepAndRemovesItsFiles() throws IOException {
        CliRun r = CliRun.run("demo", "--dir", dir.toString(), "--requests", "500");
        assertEquals(0, r.status(), r.toString());
        for (String step : new String[] {"create", "write", "handoff", "check", "bench"}) {
            assertTrue(r.out().contains("  " + step + " "), step + " missing:\n" + r.out());
        }
        assertTrue(r.out().contains("peer | activated node"), r.out());
        assertTrue(r.out().contains("No errors were found on the image."), r.out());
        assertTrue(r.out().contains("All steps passed"), r.out());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "temporary files removed");
        }
    }
}
