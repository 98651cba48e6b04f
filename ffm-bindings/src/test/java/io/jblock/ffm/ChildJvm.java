package io.jblock.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles small programs with javax.tools and runs them in a child JVM of the running JDK, for
 * the tests that depend on JVM flags (module path, native access).
 */
final class ChildJvm {

    /** What a child JVM printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ChildJvm() {
    }

    /** Where this module's main classes are (target/classes: module io.jblock.ffm, module-info included). */
    static Path ffmClasses() {
        return locationOf(PosixIO.class);
    }

    static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Writes {@code sources} (path relative to the source root, content) under {@code dir/src},
     * compiles them into {@code dir/classes} with {@code options}; returns the compiler's
     * diagnostics when {@code expectSuccess} is false and compilation failed, else null.
     */
    static String compile(Path dir, Map<String, String> sources, List<String> options, boolean expectSuccess)
            throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(options);
        // not the test JVM's class path (javac's default), which holds this module's classes unnamed
        args.add("--class-path");
        args.add(classes.toString());
        args.add("-d");
        args.add(classes.toString());
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            ok = javac.getTask(out, fm, null, args, null, fm.getJavaFileObjectsFromPaths(files)).call();
        }
        if (expectSuccess) {
            assertTrue(ok, "compilation failed:\n" + out);
            return null;
        }
        assertTrue(!ok, "compilation was expected to fail:\n" + out);
        return out.toString();
    }

    /** Runs {@code java ARGS} and waits for it (at most two minutes: a hung child fails the test). */
    static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(args);
        Path out = Files.createTempFile("jblock-child", ".out");
        Path err = Files.createTempFile("jblock-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not end: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static void assertExit(int expected, Result r) {
        assertEquals(expected, r.exitCode(), r::toString);
    }
}
