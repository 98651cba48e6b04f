package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 12: the library logs through slf4j-api only, and the {@code jblock} command ships
 * a binding (slf4j-simple), so its log lines are printed and SLF4J's "No SLF4J providers" warning
 * is not. The log line used: the generic layer's warning when probing guessed raw for a writable
 * image (a bare file name as the option string, which the command passes on unprobed).
 */
class LoggingIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String PROBED_RAW = "WARN GraphOpener - Image format was not specified";
    private static final String NO_PROVIDERS = "No SLF4J providers were found";

    @TempDir
    Path dir;

    private Path rawImage() throws IOException {
        Path img = dir.resolve("probed.raw");
        Files.write(img, new byte[1 << 20]);
        return img;
    }

    @Test
    void theCommandPrintsLibraryLogLinesThroughItsBinding() throws IOException {
        Path img = rawImage();
        QemuTools.Result r = QemuTools.run(ROOT.resolve("jblock").toString(), "io", "-c", "write -P 0x11 0 512", img.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.stderr().contains(PROBED_RAW), r.stderr());
        assertFalse(r.stderr().contains("SLF4J"), r.stderr());
    }

    /**
     * Control: the same command on the same classes without the binding prints SLF4J's warning
     * (and drops the log line), so the test above would see a missing binding.
     */
    @Test
    void withoutTheBindingSlf4jWarns() throws Exception {
        Path img = rawImage();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("slf4j-simple")) {
                classPath.add(entry);
            }
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, classPath),
                Main.class.getName(), "io", "-c", "write -P 0x11 0 512", img.toString());
        QemuTools.Result r = QemuTools.run(cmd.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.stderr().contains(NO_PROVIDERS), r.stderr());
        assertFalse(r.stderr().contains(PROBED_RAW), r.stderr());
    }
}
