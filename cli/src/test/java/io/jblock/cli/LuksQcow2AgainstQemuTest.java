package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LUKS inside qcow2 ({@code encrypt.format=luks}) between jblock and QEMU 7.2, both ways: the
 * header clusters jblock allocates are where QEMU allocates them and {@code qemu-img check}
 * counts them; data written by one side reads back on the other (the IV counts host sectors);
 * copy-on-write over an encrypted backing file; the host bytes are not the plain text.
 */
class LuksQcow2AgainstQemuTest {
    private static final String SECRET = "secret,id=sec0,data=123456";
    private static final String OPTS = "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10";

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    private static String spec(Path img) {
        return "driver=qcow2,file.filename=" + img + ",encrypt.key-secret=sec0";
    }

    private static List<String> io(String tool, String spec, String... commands) {
        List<String> a = new ArrayList<>(List.of(tool, "--object", SECRET));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add("--image-opts");
        a.add(spec);
        return a;
    }

    private static void jblockIo(String spec, String... commands) {
        CliRun r = CliRun.run(io("io", spec, commands).toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.out().contains("Pattern verification failed"), r.toString());
    }

    private static void qemuIo(String spec, String... commands) {
        String out = QemuTools.ok(io("qemu-io", spec, commands).toArray(String[]::new));
        assertFalse(out.contains("Pattern verification failed"), out);
    }

    private static String qemuCheck(String spec) {
        String out = QemuTools.ok("qemu-img", "check", "--object", SECRET, "--image-opts", spec);
        assertTrue(out.contains("No errors were found on the image."), out);
        return out.substring(out.indexOf("Image end offset"));
    }

    @Test
    void jblockCreatesWhereQemuDoesAndBothReadEachOthersData() throws Exception {
        Path j = dir.resolve("j.qcow2");
        Path q = dir.resolve("q.qcow2");
        CliRun c = CliRun.run("create", "-q", "-f", "qcow2", "--object", SECRET, "-o", OPTS, j.toString(), "16M");
        assertEquals(0, c.status(), c.toString());
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "--object", SECRET, "-o", OPTS, q.toString(), "16M");
        // the same layout: header clusters after the create's metadata, counted by check
        assertEquals(qemuCheck(spec(q)), qemuCheck(spec(j)));
        jblockIo(spec(j), "write -P 0x0a 0 100k", "write -P 0x0b 1M 512");
        qemuIo(spec(j), "read -P 0x0a 0 100k", "read -P 0 100k 924k", "read -P 0x0b 1M 512", "read -P 0 1049088 64000");
        qemuIo(spec(q), "write -P 0x0c 4096 8192");
        jblockIo(spec(q), "read -P 0 0 4096", "read -P 0x0c 4096 8192", "read -P 0 12288 53248");
        qemuCheck(spec(j));
        CliRun check = CliRun.run("check", "--object", SECRET, "--image-opts", spec(q));
        assertEquals(0, check.status(), check.toString());
        // negative control: no plain text in the host file
        byte[] raw = Files.readAllBytes(j);
        int run = 0;
        int longest = 0;
        for (byte b : raw) {
            run = b == 0x0a ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertTrue(longest < 512, "plain text in the host file: " + longest + " bytes of 0x0a in a row");
    }

    @Test
    void copyOnWriteOverALuksBacking() {
        Path base = dir.resolve("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "--object", SECRET, "-o", OPTS, base.toString(), "4M");
        qemuIo(spec(base), "write -P 0x0a 0 4M");
        CliRun c = CliRun.run("create", "-q", "-f", "qcow2", "--object", SECRET, "-o", OPTS, "-b", base.toString(),
                "-F", "qcow2", top.toString());
        assertEquals(0, c.status(), c.toString());
        String overlay = spec(top) + ",backing.driver=qcow2,backing.file.filename=" + base
                + ",backing.encrypt.key-secret=sec0";
        jblockIo(overlay, "write -P 0x0e 0 1024");
        qemuIo(overlay, "read -P 0x0e 0 1024", "read -P 0x0a 1024 64512", "read -P 0x0a 64k 4032k");
        qemuCheck(overlay);
    }

    @Test
    void wrongPassphraseIsRefusedInQemusWords() {
        Path img = dir.resolve("w.qcow2");
        CliRun c = CliRun.run("create", "-q", "-f", "qcow2", "--object", SECRET, "-o", OPTS, img.toString(), "1M");
        assertEquals(0, c.status(), c.toString());
        String wrong = "secret,id=sec0,data=654321";
        QemuTools.Result q = QemuTools.run("qemu-io", "--object", wrong, "-c", "read 0 512", "--image-opts", spec(img));
        CliRun j = CliRun.run("io", "--object", wrong, "-c", "read 0 512", "--image-opts", spec(img));
        assertTrue(q.stderr().contains("Invalid password, cannot unlock any keyslot"), q.stderr());
        assertEquals(q.exitCode(), j.status());
        assertEquals(q.stderr().replace("qemu-io: ", ""), j.err().substring(j.err().indexOf(": ") + 2), j.toString());
    }
}
