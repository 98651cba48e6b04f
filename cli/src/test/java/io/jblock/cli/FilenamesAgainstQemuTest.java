package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File name syntaxes and backing-file open errors, against the real qemu-img and qemu-io on the
 * same files (qemu-iotests 069, 089, 111, 114, 126, 150, 171): stdout, stderr (program name and
 * timings filtered as the suite's filters do) and the exit status must be the same.
 */
class FilenamesAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require("qemu-img", "qemu-io");
    }

    private static final Pattern TIMING = Pattern.compile(
            "[0-9]* ops; [0-9/:. sec]* \\([0-9/.inf]* [EPTGMKiBbytes]*/sec and [0-9/.inf]* ops/sec\\)");

    private static String filter(String text) {
        return TIMING.matcher(text).replaceAll("X ops; TIME")
                .replaceAll("(?m)^(qemu-io|qemu-img|jblock): ", "PROG: ")
                .replaceAll("(?m)^disk size: .*\\n", "");
    }

    /** {@code TOOL ARGS} with the real tool and with jblock ({@code qemu-img} or {@code qemu-io}). */
    private CliRun same(String tool, String... args) {
        List<String> q = new ArrayList<>(List.of(tool));
        q.addAll(List.of(args));
        List<String> j = new ArrayList<>();
        if (tool.equals("qemu-io")) {
            j.add("io");
        }
        j.addAll(List.of(args));
        QemuTools.Result qr = QemuTools.run(q.toArray(String[]::new));
        CliRun jr = CliRun.run(j.toArray(String[]::new));
        String what = String.join(" ", q);
        assertEquals(filter(qr.stdout()), filter(jr.out()), "stdout of " + what);
        assertEquals(filter(qr.stderr()), filter(jr.err()), "stderr of " + what);
        assertEquals(qr.exitCode(), jr.status(), "exit status of " + what);
        return jr;
    }

    private String img(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void jsonFileNamesInQemuIoAndQemuImgInfo() {
        String top = img("t.qcow2");
        String base = img("t.qcow2.base");
        QemuTools.img("create", "-q", "-f", "qcow2", base, "1M");
        QemuTools.io(Path.of(base), "qcow2", "write -P 42 0 512");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
        String json = "json:{'driver': 'qcow2', 'file': {'driver': 'file', 'filename': '" + top + "'}}";
        same("qemu-io", "-c", "read -P 42 0 512", json);
        // 'backing': null: no backing file, so the data of the base is not seen
        same("qemu-io", "-c", "read -P 0 0 512",
                "json:{'driver': 'qcow2', 'file': {'driver': 'file', 'filename': '" + top + "'}, 'backing': null}");
        CliRun negative = same("qemu-io", "-c", "read -P 0 0 512", json);
        assertTrue(negative.out().contains("Pattern verification failed"), "negative control: " + negative);
        // options given directly win over those in the name (QEMU 089)
        // (on the base: qemu-io's info lists no backing file name, jblock's does; not this test's matter)
        same("qemu-io", "-c", "open -o driver=qcow2 json:{\"driver\":\"raw\",\"file.filename\":\"" + base + "\"}",
                "-c", "info");
        // a plain json: name is named by its file in qemu-img info
        CliRun info = same("qemu-img", "info", "json:{\"driver\":\"qcow2\",\"file.filename\":\"" + top + "\"}");
        assertTrue(info.out().startsWith("image: " + top + "\n"), info.out());
        same("qemu-img", "info", json);
        // malformed JSON fails on both sides (the parsers' messages differ)
        CliRun bad = CliRun.run("io", "-c", "read 0 512", "json:{'driver': ");
        assertNotEquals(0, bad.status());
        assertTrue(bad.err().contains("Could not parse the JSON options"), bad.toString());
        assertNotEquals(0, QemuTools.run("qemu-io", "-c", "read 0 512", "json:{'driver': ").exitCode());
    }

    @Test
    void rawWithOffsetAndSizeThroughJson() {
        String raw = img("t.raw");
        QemuTools.img("create", "-q", "-f", "raw", raw, "4096");
        String json = "json:{\"driver\":\"raw\", \"offset\":\"512\", \"size\":\"1024\", \"file\": {\"driver\":\"file\","
                + " \"filename\":\"" + raw + "\" } }";
        same("qemu-io", "-c", "write -P 10 0 1024", json);
        same("qemu-io", "-c", "write 1023 2", json);
        same("qemu-io", "-c", "read -P 10 0 1024", json);
        same("qemu-io", "-c", "read -v 510 4", "-f", "raw", raw);
    }

    @Test
    void nullCoAsAConvertSource() {
        String out = img("n.qcow2");
        for (String sparse : new String[] {"512", "0"}) {
            List<String> args = List.of("convert", "-O", "qcow2", "-S", sparse,
                    "json:{ 'driver': 'null-co', 'size': 1048576, 'read-zeroes': true }", out);
            QemuTools.ok(new ArrayList<>(List.of("qemu-img")) {{ addAll(args); }}.toArray(String[]::new));
            String qemuMap = QemuTools.img("map", out);
            CliRun j = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, j.status(), j.toString());
            assertEquals(qemuMap, CliRun.run("map", out).out(), "map after convert -S " + sparse);
            QemuTools.checkClean(Path.of(out));
        }
        same("qemu-io", "-c", "read -P 0 0 64k", "json:{'driver': 'null-co', 'size': 1048576, 'read-zeroes': true}");
    }

    @Test
    void backingFilesThatCannotBeOpened() throws Exception {
        String top = img("t.qcow2");
        String base = img("t.qcow2.base");
        QemuTools.img("create", "-q", "-f", "qcow2", base, "1M");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
        Files.delete(Path.of(base));
        // QEMU 069: Could not open backing file: Could not open 'BASE': No such file or directory
        CliRun missing = same("qemu-io", "-c", "read 0 512", top);
        assertTrue(missing.err().contains("Could not open backing file: Could not open '" + base + "'"), missing.err());
        // QEMU 111: qemu-img create with a missing backing file
        same("qemu-img", "create", "-f", "qcow2", "-b", img("inexistent"), img("x.qcow2"));
        // QEMU 114: an unknown backing format, then backing.driver overriding it
        QemuTools.img("create", "-q", "-f", "qcow2", base, "1M");
        QemuTools.img("rebase", "-u", "-b", base, "-F", "qcow2", top);
        QemuTools.io(Path.of(base), "qcow2", "write -P 7 0 4k");
        setBackingFormat(Path.of(top), "foo"); // as 114 does with qcow2.py: qemu-img refuses to write it
        same("qemu-io", "-c", "read 0 4k", top);
        CliRun overridden = same("qemu-io", "-c", "open -o backing.driver=qcow2 " + top, "-c", "read -P 7 0 4k");
        assertTrue(overridden.out().contains("read 4096/4096 bytes at offset 0"), overridden.toString());
    }

    /** Rewrites the backing format header extension (0xE2792ACA) of a qcow2 image to {@code format}. */
    private static void setBackingFormat(Path image, String format) throws java.io.IOException {
        byte[] b = Files.readAllBytes(image);
        int at = -1;
        for (int i = 72; i + 8 < 4096 && at < 0; i++) {
            if ((b[i] & 0xff) == 0xE2 && (b[i + 1] & 0xff) == 0x79 && (b[i + 2] & 0xff) == 0x2A
                    && (b[i + 3] & 0xff) == 0xCA) {
                at = i;
            }
        }
        assertTrue(at > 0, "backing format extension found");
        int oldLen = java.nio.ByteBuffer.wrap(b, at + 4, 4).getInt();
        assertTrue(format.length() <= ((oldLen + 7) & ~7), "fits in the old extension");
        java.nio.ByteBuffer.wrap(b, at + 4, 4).putInt(format.length());
        java.util.Arrays.fill(b, at + 8, at + 8 + ((oldLen + 7) & ~7), (byte) 0);
        System.arraycopy(format.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, at + 8, format.length());
        Files.write(image, b);
    }

    @Test
    void colonsInFileNames() {
        // QEMU 126: a colon after a slash is no protocol; file: makes a relative name with a colon a file
        String base = img("image:base.qcow2");
        String top = img("image:top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base, "1M");
        same("qemu-img", "create", "-f", "qcow2", "-b", "./image:base.qcow2", "-F", "qcow2", top);
        same("qemu-img", "info", top);
        same("qemu-img", "info", "file:" + top);
        // negative control: without file: a relative name with a colon names a protocol
        same("qemu-img", "info", "image:base.qcow2");
    }
}
