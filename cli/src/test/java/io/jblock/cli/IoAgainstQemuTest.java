package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Patterns written by qemu-io verify with {@code jblock io read -P}, and the reverse. */
class IoAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    private String image(String fmt) {
        String img = dir.resolve("io." + fmt).toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", fmt, img, "16M");
        return img;
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "qcow2"})
    void qemuIoWritesJblockReads(String fmt) {
        String img = image(fmt);
        QemuTools.ok("qemu-io", "-f", fmt, "-c", "write -P 0xab 0 4k", "-c", "write -P 0x17 1000k 300k",
                "-c", "write -P 0x99 3001 17", img);
        // the third write lands inside the first one
        CliRun ok = CliRun.run("io", "-f", fmt, "-c", "read -P 0xab 0 3001", "-c", "read -P 0x17 1000k 300k",
                "-c", "read -P 0x99 3001 17", "-c", "read -P 0xab 3018 1078", "-c", "read -P 0 1300k 1M", img);
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(ok.out().startsWith("read 3001/3001 bytes at offset 0\n"), ok.out());
        // negative control: a wrong pattern fails with qemu-io's message and status 1
        CliRun bad = CliRun.run("io", "-f", fmt, "-c", "read -P 0xac 0 2k", img);
        assertEquals(1, bad.status(), bad.toString());
        assertTrue(bad.out().startsWith("Pattern verification failed at offset 0, 2048 bytes\n"), bad.out());
        QemuTools.Result q = QemuTools.run("qemu-io", "-f", fmt, "-c", "read -P 0xac 0 2k", img);
        assertEquals(q.exitCode(), bad.status(), "same status as qemu-io");
        assertEquals(q.stdout().lines().findFirst(), bad.out().lines().findFirst(), "same first line as qemu-io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "qcow2"})
    void jblockWritesQemuIoReads(String fmt) {
        String img = image(fmt);
        CliRun w = CliRun.run("io", "-f", fmt, "-c", "write -P 0x5c 64k 64k", "-c", "write -P 0x3e 7 5000",
                "-c", "write -z 68k 4k", "-c", "flush", img);
        assertEquals(0, w.status(), w.toString());
        assertTrue(w.out().startsWith("wrote 65536/65536 bytes at offset 65536\n64 KiB, 1 ops; "), w.out());
        QemuTools.ok("qemu-io", "-f", fmt, "-c", "read -P 0x5c 64k 4k", "-c", "read -P 0 68k 4k",
                "-c", "read -P 0x5c 72k 56k", "-c", "read -P 0x3e 7 5000", "-c", "read -P 0 0 7", img);
        assertEquals(1, QemuTools.run("qemu-io", "-f", fmt, "-c", "read -P 0x5d 64k 4k", img).exitCode(),
                "negative control");
        if (fmt.equals("qcow2")) {
            assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode(), "jblock left a consistent image");
        }
    }

    @Test
    void outputShapeMatchesQemuIo() {
        String img = image("raw");
        QemuTools.Result q = QemuTools.run("qemu-io", "-f", "raw", "-c", "write -P 1 0 1536", "-c", "read 0 1536",
                "-c", "discard 0 512", img);
        CliRun j = CliRun.run("io", "-f", "raw", "-c", "write -P 1 0 1536", "-c", "read 0 1536",
                "-c", "discard 0 512", img);
        assertEquals(q.exitCode(), j.status(), j.toString());
        String[] ql = q.stdout().split("\n");
        String[] jl = j.out().split("\n");
        assertEquals(ql.length, jl.length, j.out() + "\nvs\n" + q.stdout());
        for (int i = 0; i < ql.length; i++) {
            if (i % 2 == 0) {
                assertEquals(ql[i], jl[i]);
            } else {
                // timing lines differ in numbers (and the rate's unit) only
                assertEquals(ql[i].substring(0, ql[i].indexOf(';')), jl[i].substring(0, jl[i].indexOf(';')));
                assertEquals(shape(ql[i]), shape(jl[i]));
            }
        }
    }

    @Test
    void commandsFromStdinWithoutPrompt() {
        String img = image("qcow2");
        CliRun r = CliRun.withStdin("write -P 0x42 0 8k\nread -P 0x42 0 8k\nbogus\nquit\nwrite 0 1\n",
                "io", "-f", "qcow2", img);
        assertEquals(1, r.status(), "the bogus command failed");
        assertTrue(r.out().startsWith("wrote 8192/8192 bytes at offset 0\n"), r.out());
        assertTrue(!r.out().contains(">"), "no prompt when stdin is not a terminal: " + r.out());
        assertTrue(r.err().contains("command \"bogus\" not found"));
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "read -P 0x42 0 8k", "-c", "read -P 0 8k 1", img);
    }

    @Test
    void imageOptsAndReadOnly() {
        String img = image("qcow2");
        String opts = "driver=qcow2,file.driver=file,file.filename=" + img;
        CliRun w = CliRun.run("io", "--image-opts", "-c", "write -P 0x61 0 4k", opts);
        assertEquals(0, w.status(), w.toString());
        CliRun ro = CliRun.run("io", "-r", "-f", "qcow2", "-c", "write 0 4k", "-c", "read -P 0x61 0 4k", img);
        assertEquals(1, ro.status());
        assertTrue(ro.err().startsWith("write failed: "), ro.err());
        assertTrue(ro.out().contains("read 4096/4096 bytes at offset 0"), ro.out());
    }

    @Test
    void inactiveUntilActivated() {
        String img = image("qcow2");
        CliRun r = CliRun.run("io", "--inactive", "-f", "qcow2", "-c", "write 0 4k", "-c", "activate",
                "-c", "write -P 0x24 0 4k", "-c", "inactivate", img);
        assertEquals(1, r.status(), "the first write is refused");
        assertTrue(r.err().startsWith("write failed: "), r.err());
        assertTrue(r.out().contains("activated node"), r.out());
        assertTrue(r.out().contains("inactivated node"), r.out());
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "read -P 0x24 0 4k", img);
        assertEquals(0, QemuTools.run("qemu-img", "check", img).exitCode());
    }

    private static String shape(String timingLine) {
        return timingLine.replaceAll("[0-9.]+", "N").replaceAll("bytes|KiB|MiB|GiB|TiB", "U");
    }
}
