package io.jblock.ffm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 1: a module that may read io.jblock.ffm but was not granted native access must
 * not reach the raw bindings ({@code io.jblock.ffm.linux.Libc}: {@code pread(fd, seg, count, off)}
 * with a count larger than the segment corrupts the heap), since calling them would use
 * io.jblock.ffm's native access. A probe module is compiled and run on the module path in a child
 * JVM with native access for io.jblock.ffm only.
 */
class ModuleEncapsulationTest {

    private static final String MODULE_INFO = "module probe { requires io.jblock.ffm; }\n";
    private static final String MAIN = """
            package probe;

            public class Main {
                public static void main(String[] args) {
                    try {
                        System.out.println("api: page size " + io.jblock.ffm.PosixIO.pageSize());
                    } catch (Throwable t) {
                        System.out.println("api: " + t);
                    }
                    for (int i = 1; i <= 2; i++) {
                        try {
                            long page = io.jblock.ffm.linux.Libc.sysconf(io.jblock.ffm.linux.Libc._SC_PAGESIZE());
                            System.out.println("raw " + i + ": page size " + page);
                        } catch (Throwable t) {
                            System.out.println("raw " + i + ": " + t);
                        }
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path probeClasses;
    private static String modulePath;

    @BeforeAll
    static void compileProbe() throws Exception {
        // The export is forced at compile time only, so that the class file links to Libc; at run
        // time the module system decides.
        ChildJvm.compile(dir.resolve("probe"), Map.of("module-info.java", MODULE_INFO, "probe/Main.java", MAIN),
                List.of("--module-path", ChildJvm.ffmClasses().toString(),
                        "--add-exports", "io.jblock.ffm/io.jblock.ffm.linux=probe"), true);
        probeClasses = dir.resolve("probe/classes");
        modulePath = ChildJvm.ffmClasses() + java.io.File.pathSeparator + probeClasses;
    }

    @Test
    void theRawBindingsDoNotCompileInAnotherModule() throws Exception {
        String errors = ChildJvm.compile(dir.resolve("plain"), Map.of("module-info.java", MODULE_INFO,
                "probe/Main.java", MAIN), List.of("--module-path", ChildJvm.ffmClasses().toString()), false);
        assertTrue(errors.contains("package io.jblock.ffm.linux is not visible"), errors);
        assertTrue(errors.contains("does not export it to module probe"), errors);
    }

    @Test
    void aModuleWithoutNativeAccessCannotReachTheRawBindings() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--enable-native-access=io.jblock.ffm",
                "--module-path", modulePath, "-m", "probe/probe.Main"));
        ChildJvm.assertExit(0, r);
        assertTrue(r.stdout().contains("api: page size " + PosixIO.pageSize()), r::toString); // the checked layer works
        for (int i = 1; i <= 2; i++) {
            assertTrue(r.stdout().contains("raw " + i + ": java.lang.IllegalAccessError"), r::toString);
        }
        assertTrue(r.stdout().contains("does not export io.jblock.ffm.linux to module probe"), r::toString);
    }

    /** Negative control: the same probe, with the export forced, does reach Libc (so the test above can fail). */
    @Test
    void withTheExportForcedTheSameProbeReachesLibc() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--enable-native-access=io.jblock.ffm",
                "--add-exports", "io.jblock.ffm/io.jblock.ffm.linux=probe",
                "--module-path", modulePath, "-m", "probe/probe.Main"));
        ChildJvm.assertExit(0, r);
        assertTrue(r.stdout().contains("raw 1: page size " + PosixIO.pageSize()), r::toString);
        assertTrue(r.stdout().contains("raw 2: page size " + PosixIO.pageSize()), r::toString);
    }

    /** On the module path without any native access, the checked layer names the module-path flag. */
    @Test
    void withoutNativeAccessTheModulePathFlagIsNamed() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--illegal-native-access=deny",
                "--module-path", modulePath, "-m", "probe/probe.Main"));
        ChildJvm.assertExit(0, r);
        assertTrue(r.stdout().contains("api: io.jblock.ffm.NativeAccessException: "), r::toString);
        assertTrue(r.stdout().contains("start java with --enable-native-access=io.jblock.ffm"), r::toString);
    }
}
