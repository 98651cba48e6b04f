package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Runs qemu-img / qemu-io for interop tests; skips (or fails with JBLOCK_REQUIRE_QEMU=1) without them. */
final class Qemu {
    private Qemu() {
    }

    static void require() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/qemu-img")) && Files.isExecutable(Path.of("/usr/bin/qemu-io"));
        if (!present) {
            if ("1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
                fail("qemu-img/qemu-io missing but JBLOCK_REQUIRE_QEMU=1");
            }
            Assumptions.abort("qemu-img/qemu-io not installed (apt-get install qemu-utils)");
        }
    }

    record Result(int exit, String out) {
    }

    static Result run(String... cmd) throws IOException {
        require();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String ok(String... cmd) throws IOException {
        Result r = run(cmd);
        assertEquals(0, r.exit(), () -> String.join(" ", cmd) + " failed:\n" + r.out());
        return r.out();
    }

    static void img(String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of("qemu-img"));
        c.addAll(Arrays.asList(args));
        ok(c.toArray(String[]::new));
    }

    /** qemu-io -c 'cmd' ... on an image (format given). */
    static void io(Path image, String format, String... cmds) throws IOException {
        List<String> c = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String s : cmds) {
            c.add("-c");
            c.add(s);
        }
        c.add(image.toString());
        String out = ok(c.toArray(String[]::new));
        if (out.contains("error") || out.contains("failed")) {
            fail("qemu-io reported: " + out);
        }
    }

    /** qemu-img check: asserts exit 0 and "No errors" with no leaks. */
    static String checkClean(Path image) throws IOException {
        Result r = run("qemu-img", "check", image.toString());
        assertEquals(0, r.exit(), () -> "qemu-img check " + image + ":\n" + r.out());
        if (!r.out().contains("No errors were found")) {
            fail("qemu-img check " + image + ":\n" + r.out());
        }
        return r.out();
    }

    /** Converts to raw and returns the bytes. */
    static byte[] toRaw(Path image, Path tmpDir) throws IOException {
        Path raw = tmpDir.resolve(image.getFileName() + ".raw");
        img("convert", "-O", "raw", image.toString(), raw.toString());
        byte[] b = Files.readAllBytes(raw);
        Files.delete(raw);
        return b;
    }
}
