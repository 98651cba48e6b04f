package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert, compare and map agree with qemu-img. */
class ConvertCompareMapAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    private String rawWithData() {
        String raw = dir.resolve("src.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw, "8M");
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x41 0 64k", "-c", "write -P 0x42 3M 128k",
                "-c", "write -P 0x43 7M 1k", raw);
        return raw;
    }

    @Test
    void convertRawToQcow2IsIdenticalAndSparse() {
        String raw = rawWithData();
        String q = dir.resolve("dst.qcow2").toString();
        CliRun c = CliRun.run("convert", "-f", "raw", "-O", "qcow2", raw, q);
        assertEquals(0, c.status(), c.toString());
        assertEquals("", c.out(), "no progress output when not asked / not a terminal");
        assertEquals(0, QemuTools.run("qemu-img", "check", q).exitCode());
        QemuTools.Result cmp = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, q);
        assertEquals(0, cmp.exitCode(), cmp.stdout() + cmp.stderr());
        Map<String, Object> info = Json.object(QemuTools.ok("qemu-img", "info", "--output=json", q));
        long actual = (Long) info.get("actual-size");
        assertTrue(actual < 2 << 20, "sparse: " + actual + " bytes on disk for 8 MiB");
        // and back to raw
        String back = dir.resolve("back.raw").toString();
        assertEquals(0, CliRun.run("convert", "-O", "raw", q, back).status());
        assertEquals(0, QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "raw", raw, back).exitCode());
    }

    @Test
    void compareAgreesWithQemuImg() {
        String raw = rawWithData();
        String q = dir.resolve("copy.qcow2").toString();
        QemuTools.ok("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, q);
        CliRun same = CliRun.run("compare", "-f", "raw", "-F", "qcow2", raw, q);
        assertEquals(0, same.status(), same.toString());
        assertEquals("Images are identical.\n", same.out());
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 0x44 3M 512", q);
        CliRun diff = CliRun.run("compare", "-f", "raw", "-F", "qcow2", raw, q);
        QemuTools.Result qd = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, q);
        assertEquals(1, diff.status());
        assertEquals(qd.exitCode(), diff.status());
        assertEquals(qd.stdout(), diff.out(), "same message, same offset");
        // a longer image whose extra part is zero is equal, except in strict mode
        String longer = dir.resolve("longer.raw").toString();
        QemuTools.ok("qemu-img", "convert", "-f", "raw", "-O", "raw", raw, longer);
        QemuTools.ok("qemu-img", "resize", "-f", "raw", longer, "+1M");
        assertEquals(0, CliRun.run("compare", "-f", "raw", "-F", "raw", raw, longer).status());
        CliRun strict = CliRun.run("compare", "-s", "-f", "raw", "-F", "raw", raw, longer);
        assertEquals(1, strict.status());
        assertEquals("Strict mode: Image size mismatch!\n", strict.out());
    }

    /**
     * map through a filter (blkdebug, as iotest 204) follows the filtered image's backing chain,
     * as qemu-img's get_block_status skips filters: the backing file's data is mapped too.
     */
    @Test
    void mapThroughAFilterFollowsTheBackingChain() {
        String base = dir.resolve("b.qcow2").toString();
        String top = dir.resolve("t.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", base, "4M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 11 0 4M", base);
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top, "4M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 22 0 3M", top);
        String opts = "driver=blkdebug,image.driver=qcow2,image.file.driver=file,image.file.filename=" + top
                + ",align=4k";
        for (String output : new String[] {"--output=human", "--output=json"}) {
            String expected = QemuTools.ok("qemu-img", "map", output, "--image-opts", opts);
            assertTrue(expected.contains(output.endsWith("human") ? "b.qcow2" : "\"depth\": 1"), expected);
            CliRun c = CliRun.run("map", output, "--image-opts", opts);
            assertEquals(0, c.status(), c.toString());
            assertEquals(expected, c.out(), output);
        }
    }

    /**
     * Past the shorter image, compare reads what the longer one has allocated: zeroes written
     * there are equal, a byte of data is a mismatch at the sector qemu-img names.
     */
    @Test
    void compareReadsTheAllocatedTailOfTheLongerImage() {
        String raw = rawWithData();
        String longer = dir.resolve("tail.raw").toString();
        QemuTools.ok("qemu-img", "convert", "-f", "raw", "-O", "raw", raw, longer);
        QemuTools.ok("qemu-img", "resize", "-f", "raw", longer, "+1M");
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0 8M 256k", longer);
        CliRun zeroTail = CliRun.run("compare", "-f", "raw", "-F", "raw", raw, longer);
        QemuTools.Result qemuZero = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "raw", raw, longer);
        assertEquals(0, zeroTail.status(), zeroTail.toString());
        assertEquals(qemuZero.exitCode(), zeroTail.status());
        assertEquals(qemuZero.stdout(), zeroTail.out());
        assertTrue(zeroTail.out().endsWith("Images are identical.\n"), zeroTail.toString());
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x51 8393404 1", longer);
        CliRun dataTail = CliRun.run("compare", "-f", "raw", "-F", "raw", raw, longer);
        QemuTools.Result qemu = QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "raw", raw, longer);
        assertEquals(1, dataTail.status(), dataTail.toString());
        assertEquals(qemu.exitCode(), dataTail.status());
        assertEquals(qemu.stdout(), dataTail.out(), "same message, same offset");
        assertTrue(dataTail.out().endsWith("Content mismatch at offset 8393216!\n"), dataTail.toString());
    }

    @Test
    void mapJsonAgreesWithQemuImg() {
        String q = dir.resolve("m.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", q, "8M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 1 0 64k", "-c", "write -P 2 1M 192k",
                "-c", "write -z 4M 64k", q);
        List<?> expect = (List<?>) Json.parse(QemuTools.ok("qemu-img", "map", "--output=json", q));
        CliRun r = CliRun.run("map", "--output=json", q);
        assertEquals(0, r.status(), r.toString());
        List<?> got = (List<?>) Json.parse(r.out());
        assertEquals(expect, got, "jblock:\n" + r.out());
        CliRun human = CliRun.run("map", q);
        assertEquals(QemuTools.ok("qemu-img", "map", q), human.out());
    }

    @Test
    void mapAgreesOnRawAndOnABackingChain() {
        String raw = rawWithData();
        assertEquals(QemuTools.ok("qemu-img", "map", "-f", "raw", "--output=json", raw).strip(),
                CliRun.run("map", "-f", "raw", "--output=json", raw).out().strip(), "same text, not just same JSON");
        String base = dir.resolve("base.qcow2").toString();
        String top = dir.resolve("top.qcow2").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", base, "8M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 1 0 192k", base);
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 3 64k 64k", top);
        CliRun r = CliRun.run("map", "--output=json", top);
        assertEquals(0, r.status(), r.toString());
        assertEquals(Json.parse(QemuTools.ok("qemu-img", "map", "--output=json", top)), Json.parse(r.out()));
        assertEquals(QemuTools.ok("qemu-img", "map", top), CliRun.run("map", top).out());
    }

    @Test
    void convertCompressedIsReadableByQemu() throws java.io.IOException {
        String raw = dir.resolve("text.raw").toString();
        QemuTools.ok("qemu-img", "create", "-q", "-f", "raw", raw, "4M");
        // compressible data that is not one repeated byte, at an offset that is not cluster aligned
        QemuTools.ok("qemu-io", "-f", "raw", "-c", "write -P 0x61 4k 200k", "-c", "write -P 0x62 1M 64k", raw);
        String q = dir.resolve("c.qcow2").toString();
        CliRun c = CliRun.run("convert", "-c", "-f", "raw", "-O", "qcow2", raw, q);
        assertEquals(0, c.status(), c.toString());
        Map<String, Object> check = Json.object(QemuTools.ok("qemu-img", "check", "--output=json", q));
        assertEquals(null, check.get("corruptions"));
        assertTrue(((Number) check.get("compressed-clusters")).longValue() >= 4, check.toString());
        assertEquals(0, QemuTools.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw, q).exitCode());
        // negative control: -c to raw is refused
        CliRun refused = CliRun.run("convert", "-c", "-f", "raw", "-O", "raw", raw, dir.resolve("x.raw").toString());
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("Compression not supported"), refused.err());
    }
}
