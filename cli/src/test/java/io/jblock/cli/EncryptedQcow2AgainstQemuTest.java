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
 * Legacy AES qcow2 encryption ({@code encryption=on}) between jblock and QEMU 7.2, both ways:
 * images one side creates and writes, the other reads back with {@code read -P}; copy-on-write
 * of partial clusters and writes over an encrypted backing file; {@code qemu-img check}; the
 * host bytes are not the plain text; wrong and missing secrets refused in QEMU's words.
 */
class EncryptedQcow2AgainstQemuTest {
    private static final String SECRET = "secret,id=sec0,data=astrochicken";
    private static final String WRONG = "secret,id=sec0,data=platypus";

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    private static String spec(Path img) {
        return "driver=qcow2,file.filename=" + img + ",encrypt.key-secret=sec0";
    }

    private static String overlaySpec(Path img, Path base) {
        return spec(img) + ",backing.driver=qcow2,backing.file.filename=" + base + ",backing.encrypt.key-secret=sec0";
    }

    /** jblock io (in process) with the secret; must succeed and verify every pattern. */
    private static void jblockIo(String secret, String spec, String... commands) {
        CliRun r = CliRun.run(ioArgs(secret, spec, commands));
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.out().contains("Pattern verification failed"), r.toString());
    }

    private static String[] ioArgs(String secret, String spec, String... commands) {
        List<String> a = new ArrayList<>(List.of("io", "--object", secret));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add("--image-opts");
        a.add(spec);
        return a.toArray(String[]::new);
    }

    private static String qemuIo(String secret, String spec, String... commands) {
        List<String> a = new ArrayList<>(List.of("qemu-io", "--object", secret));
        for (String c : commands) {
            a.add("-c");
            a.add(c);
        }
        a.add("--image-opts");
        a.add(spec);
        return QemuTools.ok(a.toArray(String[]::new));
    }

    private static void qemuReads(String spec, String... commands) {
        String out = qemuIo(SECRET, spec, commands);
        assertFalse(out.contains("Pattern verification failed"), out);
        assertFalse(out.contains("failed"), out);
    }

    private static void qemuCheckClean(String spec) {
        String out = QemuTools.ok("qemu-img", "check", "--object", SECRET, "--image-opts", spec);
        assertTrue(out.contains("No errors were found on the image."), out);
    }

    /** Whether {@code n} bytes of {@code value} in a row appear anywhere in the file. */
    private static boolean containsRun(Path file, byte value, int n) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int run = 0;
        for (byte x : b) {
            run = x == value ? run + 1 : 0;
            if (run >= n) {
                return true;
            }
        }
        return false;
    }

    private void jblockCreate(Path img, String... extra) {
        List<String> a = new ArrayList<>(List.of("create", "-q", "-f", "qcow2", "--object", SECRET, "-o",
                "encryption=on,encrypt.key-secret=sec0"));
        a.addAll(List.of(extra));
        a.add(img.toString());
        a.add("4M");
        CliRun r = CliRun.run(a.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void jblockWritesQemuReads() throws Exception {
        Path img = dir.resolve("j.qcow2");
        jblockCreate(img);
        assertTrue(QemuTools.img("info", img.toString()).contains("encrypted: yes"));
        // a partial sector-aligned write into a fresh cluster (COW of the rest), a sub-sector
        // write (the generic layer pads it to the cipher's 512-byte sectors), several clusters
        jblockIo(SECRET, spec(img), "write -P 0x0b 512 512", "write -P 0x0c 70000 100", "write -P 0x0d 1M 200k");
        qemuReads(spec(img), "read -P 0 0 512", "read -P 0x0b 512 512", "read -P 0 1024 68976",
                "read -P 0x0c 70000 100", "read -P 0 70100 978476", "read -P 0x0d 1M 200k",
                "read -P 0 1253376 2940928");
        qemuCheckClean(spec(img));
        // negative control: the host file holds cipher text, not the pattern
        assertFalse(containsRun(img, (byte) 0x0d, 4096), "plain text in the host file");
        assertFalse(containsRun(img, (byte) 0x0b, 512), "plain text in the host file");
    }

    @Test
    void qemuWritesJblockReadsAndRewrites() throws Exception {
        Path img = dir.resolve("q.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "--object", SECRET, "-o",
                "encryption=on,encrypt.key-secret=sec0", img.toString(), "4M");
        qemuIo(SECRET, spec(img), "write -P 0x1a 0 128k", "write -P 0x1b 3M 4k");
        jblockIo(SECRET, spec(img), "read -P 0x1a 0 128k", "read -P 0 128k 2944k", "read -P 0x1b 3M 4k");
        // jblock rewrites in place and in the middle of a cluster qemu-io allocated
        jblockIo(SECRET, spec(img), "write -P 0x2c 4096 1024", "write -P 0x2d 3M 512");
        qemuReads(spec(img), "read -P 0x1a 0 4096", "read -P 0x2c 4096 1024", "read -P 0x1a 5120 125952",
                "read -P 0x2d 3M 512", "read -P 0x1b 3146240 3584");
        qemuCheckClean(spec(img));
    }

    @Test
    void copyOnWriteOverEncryptedBackingBothWays() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Path top = dir.resolve("top.qcow2");
        jblockCreate(base);
        qemuIo(SECRET, spec(base), "write -P 0x0a 0 4M");
        jblockCreate(top, "-u", "-b", base.toString(), "-F", "qcow2");
        // the guest cluster's other 63 KiB come from the backing file, re-encrypted into the new cluster
        jblockIo(SECRET, overlaySpec(top, base), "write -P 0x0e 0 1024", "read -P 0x0a 1024 64512");
        qemuReads(overlaySpec(top, base), "read -P 0x0e 0 1024", "read -P 0x0a 1024 64512",
                "read -P 0x0a 64k 4032k");
        // the other way: qemu-io's COW, jblock's reads (the top without its backing: the copied part is in it)
        qemuIo(SECRET, overlaySpec(top, base), "write -P 0x0f 2M 512");
        jblockIo(SECRET, spec(top) + ",backing=", "read -P 0x0a 2097664 65024", "read -P 0x0f 2M 512",
                "read -P 0 64k 1984k");
        qemuCheckClean(spec(top) + ",backing.driver=qcow2,backing.file.filename=" + base
                + ",backing.encrypt.key-secret=sec0");
    }

    @Test
    void wrongSecretReadsCipherGarbageAsQemuDoes() {
        Path img = dir.resolve("w.qcow2");
        jblockCreate(img);
        jblockIo(SECRET, spec(img), "write -P 0x0a 0 64k");
        CliRun r = CliRun.run(ioArgs(WRONG, spec(img), "read -P 0x0a 0 64k"));
        String q = QemuTools.run("qemu-io", "--object", WRONG, "-c", "read -P 0x0a 0 64k", "--image-opts", spec(img))
                .stdout();
        assertTrue(q.contains("Pattern verification failed at offset 0, 65536 bytes"), q);
        assertTrue(r.out().contains("Pattern verification failed at offset 0, 65536 bytes"), r.toString());
    }

    @Test
    void missingSecretsAreRefusedInQemusWords() {
        Path img = dir.resolve("m.qcow2");
        jblockCreate(img);
        String noKey = "driver=qcow2,file.filename=" + img;
        CliRun j = CliRun.run("io", "-c", "read 0 512", "--image-opts", noKey);
        QemuTools.Result q = QemuTools.run("qemu-io", "-c", "read 0 512", "--image-opts", noKey);
        assertEquals(q.exitCode(), j.status());
        assertEquals(q.stderr().replace("qemu-io: ", ""), j.err().substring(j.err().indexOf(": ") + 2), j.toString());
        String undefined = spec(img).replace("sec0", "sec1");
        j = CliRun.run("io", "--object", SECRET, "-c", "read 0 512", "--image-opts", undefined);
        q = QemuTools.run("qemu-io", "--object", SECRET, "-c", "read 0 512", "--image-opts", undefined);
        assertTrue(q.stderr().contains("No secret with id 'sec1'"), q.stderr());
        assertEquals(q.stderr().replace("qemu-io: ", ""), j.err().substring(j.err().indexOf(": ") + 2), j.toString());
        // info needs no key (metadata only), as qemu-img info
        CliRun info = CliRun.run("info", img.toString());
        assertEquals(0, info.status(), info.toString());
        assertTrue(info.out().contains("encrypted: yes\n") && info.out().contains("    encrypt:\n        format: aes\n"),
                info.out());
        CliRun create = CliRun.run("create", "-q", "-f", "qcow2", "-o", "encryption=on,encrypt.key-secret=nope",
                dir.resolve("n.qcow2").toString(), "1M");
        assertEquals(1, create.status());
        assertTrue(create.err().endsWith("n.qcow2: No secret with id 'nope'\n"), create.toString());
    }

    @Test
    void objectErrorsInQemuImgWords() {
        Path img = dir.resolve("o.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "1M");
        for (String o : List.of("foo,id=x", "secret,data=x", "secret,id=s", "secret,id=s,data=x,format=hex",
                "secret,id=s,data=x,bogus=1", "id=s", "secret,id=s,data=%%%,format=base64",
                "secret,id=s,file=" + dir.resolve("nonexistent"))) {
            QemuTools.Result q = QemuTools.run("qemu-img", "info", "--object", o, img.toString());
            CliRun j = CliRun.run("info", "--object", o, img.toString());
            assertEquals(q.exitCode(), j.status(), o);
            assertEquals(q.stderr().replace("qemu-img: ", ""), j.err().substring(j.err().indexOf(": ") + 2), o);
        }
        // an id used twice in one run
        CliRun twice = CliRun.run("info", "--object", "secret,id=s,data=a", "--object", "secret,id=s,data=b",
                img.toString());
        assertEquals(1, twice.status());
        assertTrue(twice.err().contains("attempt to add duplicate property 's' to object (type 'container')"),
                twice.toString());
        // and the next run starts without the last one's objects
        assertEquals(0, CliRun.run("info", "--object", "secret,id=s,data=a", img.toString()).status());
    }
}
