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

    @Test
    void theProgramNameComesFromJblockProgram() {
        String missing = dir.resolve("missing").toString();
        QemuTools.Result img = QemuTools.run("/usr/bin/env", "JBLOCK_PROGRAM=qemu-img", ROOT.resolve("jblock").toString(),
                "info", missing);
        assertEquals(1, img.exitCode());
        // qemu-img 7.2's words: the file name twice (the format layer wraps the protocol's message)
        assertEquals("qemu-img: Could not open '" + missing + "': Could not open '" + missing
                + "': No such file or directory\n", img.stderr());
        QemuTools.Result io = QemuTools.run("/usr/bin/env", "JBLOCK_PROGRAM=/some/dir/qemu-io",
                ROOT.resolve("jblock").toString(), "io", "-c", "open -t bogus " + missing);
        assertEquals(1, io.exitCode());
        assertEquals("qemu-io: Invalid cache option: bogus\n", io.stderr(), "the last path element, as QEMU's argv[0]");
    }

    /** qemu-io's sigraise and abort end the process by the signal, stdout flushed first or lost, as qemu-io's. */
    @Test
    void sigraiseAndAbortEndTheProcessAsQemuIosDo() {
        QemuTools.require();
        for (String end : new String[] {"sigraise 9", "abort"}) {
            String q = dir.resolve("q.raw").toString();
            String j = dir.resolve("j.raw").toString();
            QemuTools.img("create", "-q", "-f", "raw", q, "1M");
            QemuTools.img("create", "-q", "-f", "raw", j, "1M");
            QemuTools.Result qr = QemuTools.run("qemu-io", "-f", "raw", "-c", "write -P 0x5a 0 4k", "-c", end,
                    "-c", "write 0 4k", q);
            QemuTools.Result jr = jblock("io", "-f", "raw", "-c", "write -P 0x5a 0 4k", "-c", end, "-c", "write 0 4k", j);
            assertEquals(end.equals("abort") ? 128 + 6 : 128 + 9, qr.exitCode(), "the negative control: qemu-io died");
            assertEquals(qr.exitCode(), jr.exitCode(), end + ": died of the same signal");
            assertEquals(qr.stdout().lines().findFirst(), jr.stdout().lines().findFirst(), end + ": stdout");
            assertEquals(qr.stderr(), jr.stderr(), end);
            QemuTools.ok("qemu-io", "-f", "raw", "-c", "read -P 0x5a 0 4k", j);
        }
    }

    /** A cache that no longer fits the jar (or is not a cache at all) is skipped without a word. */
    @Test
    void aMissingStaleOrForeignAotCacheIsSkippedSilently() throws IOException {
        Path clone = dir.resolve("clone");
        Files.createDirectories(clone.resolve(".mvn"));
        Files.createDirectories(clone.resolve("cli/target"));
        Files.copy(ROOT.resolve("jblock"), clone.resolve("jblock"));
        Files.copy(ROOT.resolve(".mvn/find-jdk.sh"), clone.resolve(".mvn/find-jdk.sh"));
        clone.resolve("jblock").toFile().setExecutable(true);
        Path jar = clone.resolve("cli/target/jblock.jar");
        Files.copy(ROOT.resolve("cli/target/jblock.jar"), jar);
        Path aot = clone.resolve("cli/target/jblock.aot");
        String launcher = clone.resolve("jblock").toString();
        // no cache
        QemuTools.Result none = QemuTools.run(launcher, "--version");
        assertEquals(0, none.exitCode(), none.stderr());
        assertEquals("jblock 0.1.0\n", none.stdout());
        assertEquals("", none.stderr());
        // a cache for another jar (the build's, made for cli/target/jblock.jar of the repository)
        Path built = ROOT.resolve("cli/target/jblock.aot");
        if (Files.exists(built)) {
            Files.copy(built, aot);
            assertTrue(aot.toFile().setLastModified(jar.toFile().lastModified() + 10_000));
            QemuTools.Result other = QemuTools.run(launcher, "--version");
            assertEquals(0, other.exitCode(), other.stderr());
            assertEquals("jblock 0.1.0\n", other.stdout());
            assertEquals("", other.stderr(), "the JVM's complaint about the cache is silenced");
            Files.delete(aot);
        }
        // not a cache at all
        Files.writeString(aot, "not an AOT cache");
        assertTrue(aot.toFile().setLastModified(jar.toFile().lastModified() + 10_000));
        QemuTools.Result junk = QemuTools.run(launcher, "--version");
        assertEquals(0, junk.exitCode(), junk.stderr());
        assertEquals("jblock 0.1.0\n", junk.stdout());
        assertEquals("", junk.stderr());
        // older than the jar: stale, not even tried
        assertTrue(aot.toFile().setLastModified(jar.toFile().lastModified() - 10_000));
        QemuTools.Result stale = QemuTools.run(launcher, "--version");
        assertEquals(0, stale.exitCode(), stale.stderr());
        assertEquals("", stale.stderr());
    }
}
