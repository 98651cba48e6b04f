package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./jblock} launcher, end to end on the built jar (runs after package). */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private static QemuTools.Result jblock(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = ROOT.resolve("jblock").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return QemuTools.run(cmd);
    }

    @Test
    void launcherRunsTheJarOnAJdkOf22OrNewer() {
        QemuTools.Result v = jblock("--version");
        assertEquals(0, v.exitCode(), v.stderr());
        assertEquals("jblock 0.1.0\n", v.stdout());
        String img = dir.resolve("l.qcow2").toString();
        QemuTools.Result c = jblock("create", "-q", "-f", "qcow2", img, "2M");
        assertEquals(0, c.exitCode(), c.stderr());
        QemuTools.Result w = jblock("io", "-f", "qcow2", "-c", "write -P 0x29 0 64k", img);
        assertEquals(0, w.exitCode(), w.stderr());
        assertEquals("", w.stderr(), "no restricted-method warnings: native access is enabled");
        QemuTools.Result i = jblock("info", "--output=json", img);
        Map<String, Object> info = Json.object(i.stdout());
        assertEquals(2L << 20, info.get("virtual-size"));
        QemuTools.Result e = jblock("info", dir.resolve("missing").toString());
        assertEquals(1, e.exitCode());
        // qemu-img's wording: the image, then the file protocol's own failure naming it again
        assertEquals("jblock: Could not open '" + dir.resolve("missing") + "': Could not open '" + dir.resolve("missing")
                + "': No such file or directory\n", e.stderr());
    }

    @Test
    void launcherWritesWhatQemuIoReads() {
        QemuTools.require();
        String img = dir.resolve("q.raw").toString();
        assertEquals(0, jblock("create", "-q", "-f", "raw", img, "1M").exitCode());
        assertEquals(0, jblock("io", "-f", "raw", "-t", "none", "-c", "write -P 0x2a 4k 8k", img).exitCode());
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "read -P 0x2a 4k 8k", "-c", "read -P 0 0 4k", img);
    }

    @Test
    void launcherSaysHowToBuildAMissingJar() throws IOException {
        Path fake = dir.resolve("clone");
        Files.createDirectories(fake.resolve(".mvn"));
        Files.copy(ROOT.resolve("jblock"), fake.resolve("jblock"));
        Files.copy(ROOT.resolve(".mvn/find-jdk.sh"), fake.resolve(".mvn/find-jdk.sh"));
        fake.resolve("jblock").toFile().setExecutable(true);
        QemuTools.Result r = QemuTools.run(fake.resolve("jblock").toString(), "info", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("./mvnw -B -q install -DskipTests"), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
    }
}
