package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert with several copies in flight (-m, -W): the target holds exactly the source (checked
 * by qemu-img compare and check) whatever order the copies finish in, zero runs stay sparse, and
 * a read error is reported at the first failing byte in the order of the source.
 */
class ConvertParallelCopyTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    /** 24 MiB: 2 MiB data runs with patterns, zero MiBs and holes between them (many runs per copy). */
    private String source() {
        String raw = dir.resolve("src.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw, "24M");
        java.util.List<String> cmds = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i % 3 != 2) {
                cmds.add("write -P 0x" + Integer.toHexString(0x21 + i) + " " + (i * 2) + "M 2M");
            }
            if (i % 4 == 1) {
                cmds.add("write -z " + (i * 2 + 1) + "M 512k"); // a zero piece inside a data run
            }
        }
        QemuTools.io(java.nio.file.Path.of(raw), "raw", cmds.toArray(String[]::new));
        return raw;
    }

    @Test
    void everyCopyCountGivesTheSourceInOrderAndOutOfOrder() {
        String raw = source();
        for (String m : new String[] {"1", "2", "8", "16"}) {
            for (boolean w : new boolean[] {false, true}) {
                String q = dir.resolve("m" + m + (w ? "W" : "") + ".qcow2").toString();
                CliRun c = w ? CliRun.run("convert", "-m", m, "-W", "-f", "raw", "-O", "qcow2", raw, q)
                        : CliRun.run("convert", "-m", m, "-f", "raw", "-O", "qcow2", raw, q);
                assertEquals(0, c.status(), c.err());
                assertEquals(0, QemuTools.run("qemu-img", "check", q).exitCode(), "check -m " + m + " -W " + w);
                QemuTools.Result cmp = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, q);
                assertEquals(0, cmp.exitCode(), "-m " + m + " -W " + w + ": " + cmp.output());
                String back = dir.resolve("m" + m + (w ? "W" : "") + ".raw").toString();
                assertEquals(0, CliRun.run("convert", "-m", m, "-O", "raw", q, back).status());
                assertEquals(0, QemuTools.run("cmp", raw, back).exitCode(), "qcow2->raw -m " + m);
            }
        }
        // negative control: a source that differs by one byte is told apart by the same compare
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x7f 23M 1", raw);
        assertEquals(1, QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw,
                dir.resolve("m8.qcow2").toString()).exitCode());
    }

    @Test
    void aReadErrorIsReportedAtItsByteWithEveryEarlierRunWritten() {
        String raw = source();
        String q = dir.resolve("src.qcow2").toString();
        QemuTools.ok("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, q);
        Path rules = dir.resolve("blkdebug.conf");
        try {
            java.nio.file.Files.writeString(rules, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\n"
                    + "once = \"off\"\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String out = dir.resolve("out.raw").toString();
        CliRun c = CliRun.run("convert", "-m", "8", "-O", "raw", "blkdebug:" + rules + ":" + q, out);
        assertEquals(1, c.status(), c.out() + c.err());
        assertTrue(c.err().contains("error while reading at byte 0: Input/output error"), c.err());
        CliRun single = CliRun.run("convert", "-m", "1", "-O", "raw", "blkdebug:" + rules + ":" + q,
                dir.resolve("out1.raw").toString());
        assertEquals(c.err(), single.err(), "the same error with 1 and 8 copies");
    }
}
