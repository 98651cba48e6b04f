package io.jblock.ffm.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Compiles and runs src/test/c/abi_dump.c with gcc and parses its "key<TAB>value" lines. */
final class CAbiDump {

    final Map<String, Long> values;
    /** Constants the installed headers lack, whose value came from linux_io.h's fallbacks. */
    final List<String> fallbacks;

    private CAbiDump(Map<String, Long> values, List<String> fallbacks) {
        this.values = values;
        this.fallbacks = fallbacks;
    }

    /**
     * Runs the dump; skips the test when gcc is missing, unless JBLOCK_REQUIRE_GCC=1 (CI), then fails.
     */
    static CAbiDump run() throws IOException, InterruptedException {
        boolean gcc = hasGcc();
        if (!gcc && "1".equals(System.getenv("JBLOCK_REQUIRE_GCC"))) {
            fail("gcc is required (JBLOCK_REQUIRE_GCC=1) but not found: apt-get install gcc libc6-dev");
        }
        assumeTrue(gcc, "gcc not found: the ABI comparison needs a C compiler (apt-get install gcc libc6-dev)");
        Path out = Path.of("target", "abi");
        Files.createDirectories(out);
        Path exe = out.resolve("abi_dump");
        exec(List.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-I", "jextract", "-o", exe.toString(),
                "src/test/c/abi_dump.c"));
        String text = exec(List.of(exe.toString()));
        Map<String, Long> values = new LinkedHashMap<>();
        List<String> fallbacks = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# fallback ")) {
                fallbacks.add(line.substring("# fallback ".length()));
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                fail("unparsable abi_dump line: " + line);
            }
            if (values.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1))) != null) {
                fail("abi_dump prints " + line.substring(0, tab) + " twice");
            }
        }
        return new CAbiDump(values, fallbacks);
    }

    private static boolean hasGcc() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
