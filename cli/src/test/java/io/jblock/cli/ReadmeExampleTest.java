package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 9: the Java example of README.md, taken from the file itself, compiles against
 * the library and runs (in a child JVM, as a user would run it), and the image it leaves is one
 * qemu-img accepts with the bytes it wrote.
 */
class ReadmeExampleTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    /** The first {@code ```java} block after the "Use it from Java" heading. */
    static String example() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("## Use it from Java");
        assertTrue(section >= 0, "README.md has no 'Use it from Java' section");
        int start = readme.indexOf("```java\n", section);
        assertTrue(start >= 0, "no java block in the section");
        start += "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    @Test
    void theReadmeExampleCompilesRunsAndLeavesAGoodImage() throws Exception {
        String source = example();
        assertTrue(source.contains("public class Example"), source);
        Path src = dir.resolve("Example.java");
        Files.writeString(src, source);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            compiled = javac.getTask(diagnostics, fm, null,
                    List.of("-Xlint:all", "-Werror", "--release", "22", "-cp", classPath, "-d", classes.toString()),
                    null, fm.getJavaFileObjectsFromPaths(List.of(src))).call();
        }
        assertTrue(compiled, "the README example does not compile:\n" + diagnostics);

        Path image = dir.resolve("disk.qcow2");
        QemuTools.Result run = QemuTools.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classes + File.pathSeparator + classPath, "Example",
                image.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("read back 0x5a\n", run.stdout());
        assertFalse(run.stderr().contains("WARNING"), run.stderr());
        assertFalse(run.stderr().contains("SLF4J"), run.stderr());

        QemuTools.require("qemu-img", "qemu-io");
        QemuTools.Result check = QemuTools.run("qemu-img", "check", image.toString());
        assertTrue(check.ok() && check.stdout().contains("No errors were found on the image."), check.output());
        QemuTools.Result read = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "read -P 0x5a 1M 64k",
                "-c", "read -P 0 0 1M", image.toString());
        assertTrue(read.ok() && !read.output().contains("Pattern verification failed"), read.output());
    }
}
