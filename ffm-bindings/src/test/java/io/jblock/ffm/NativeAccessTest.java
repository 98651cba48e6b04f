package io.jblock.ffm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 7: without {@code --enable-native-access}, the first use throws one clear
 * exception naming the flag for the class path and for the module path, and the library stays
 * usable once access is granted (no {@code NoClassDefFoundError: Could not initialize class}).
 * Each case runs in a child JVM with the flags under test. JDK 24+ for
 * {@code --illegal-native-access}; the build runs on 25.
 */
class NativeAccessTest {

    @TempDir
    static Path dir;
    private static Path file;
    private static String classPath;

    @BeforeAll
    static void setUp() throws Exception {
        file = dir.resolve("some-file");
        Files.writeString(file, "x");
        classPath = ChildJvm.ffmClasses() + File.pathSeparator + ChildJvm.locationOf(NativeAccessTest.class);
    }

    private static void assumeDenyModeExists() {
        assumeTrue(Runtime.version().feature() >= 24, "--illegal-native-access needs JDK 24+");
    }

    @Test
    void deniedOnTheClassPathEveryCallSaysWhichFlag() throws Exception {
        assumeDenyModeExists();
        ChildJvm.Result r = ChildJvm.run(List.of("--illegal-native-access=deny", "-cp", classPath,
                NativeAccessProbe.class.getName(), file.toString()));
        ChildJvm.assertExit(0, r);
        String out = r.stdout();
        assertTrue(out.contains("constant: 0"), r::toString);
        for (int i = 1; i <= 2; i++) {
            String line = line(out, "posixio " + i + ": ");
            assertTrue(line.startsWith("posixio " + i + ": io.jblock.ffm.NativeAccessException: "), r::toString);
            assertTrue(line.contains("start java with --enable-native-access=ALL-UNNAMED"), line);
            assertTrue(line.contains("--enable-native-access=io.jblock.ffm with jblock on the module path"), line);
        }
        // Control: the raw binding has no gate; its holder's initialiser fails, then the class is
        // unusable, which is what the gate keeps from the checked layer (and shows deny is in force).
        assertTrue(line(out, "raw 1: ").contains("ExceptionInInitializerError"), r::toString);
        assertTrue(line(out, "raw 2: ").contains("NoClassDefFoundError: Could not initialize class"), r::toString);
    }

    @Test
    void withTheFlagTheSameProbeWorks() throws Exception {
        assumeDenyModeExists();
        ChildJvm.Result r = ChildJvm.run(List.of("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, NativeAccessProbe.class.getName(), file.toString()));
        ChildJvm.assertExit(0, r);
        assertTrue(r.stdout().contains("posixio 1: ok\nposixio 2: ok\n"), r::toString);
        assertTrue(r.stdout().contains("raw 1: returned -1"), r::toString);
        assertFalse(r.stderr().contains("WARNING"), r::toString);
    }

    /** JDK 24+ default (warn): the calls work, the JDK warns, and jblock logs one line naming the flag. */
    @Test
    void inTheDefaultModeCallsWorkAndTheFlagIsNamedOnce() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-cp", classPath, NativeAccessProbe.class.getName(),
                file.toString()));
        ChildJvm.assertExit(0, r);
        assertTrue(r.stdout().contains("posixio 1: ok\nposixio 2: ok\n"), r::toString);
        String err = r.stderr();
        assertTrue(err.contains("only with a warning (a future JDK will refuse it)"), r::toString);
        assertTrue(err.indexOf("only with a warning (a future JDK will refuse it)") == err.lastIndexOf("only with a warning (a future JDK will refuse it)"),
                r::toString);
        assertTrue(err.contains("--enable-native-access=ALL-UNNAMED"), r::toString);
    }

    private static final String LAYER_PROBE = """
            package layerprobe;

            import java.lang.module.Configuration;
            import java.lang.module.ModuleFinder;
            import java.lang.reflect.InvocationTargetException;
            import java.lang.reflect.Method;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Set;

            /** Loads io.jblock.ffm in a layer of its own, calls it, grants native access, calls again. */
            public class Main {
                public static void main(String[] args) throws Exception {
                    run(Path.of(args[0]), "io.jblock.ffm.PosixIO", "pageSize", false);
                    run(Path.of(args[0]), "io.jblock.ffm.linux.Libc", "sysconf", true);
                }

                static void run(Path ffm, String className, String method, boolean export) throws Exception {
                    ModuleLayer boot = ModuleLayer.boot();
                    Configuration cf = boot.configuration().resolve(ModuleFinder.of(ffm), ModuleFinder.of(),
                            Set.of("io.jblock.ffm"));
                    ModuleLayer.Controller c = ModuleLayer.defineModulesWithOneLoader(cf, List.of(boot),
                            ClassLoader.getSystemClassLoader());
                    Module m = c.layer().findModule("io.jblock.ffm").orElseThrow();
                    if (export) {
                        c.addExports(m, "io.jblock.ffm.linux", Main.class.getModule());
                    }
                    Class<?> type = Class.forName(className, true, m.getClassLoader());
                    Method call = export ? type.getMethod(method, int.class) : type.getMethod(method);
                    Object[] arguments = export ? new Object[] {type.getMethod("_SC_PAGESIZE").invoke(null)}
                            : new Object[0];
                    for (int i = 1; i <= 3; i++) {
                        if (i == 2) {
                            c.enableNativeAccess(m);
                        }
                        try {
                            System.out.println(method + " " + i + ": " + call.invoke(null, arguments));
                        } catch (InvocationTargetException e) {
                            System.out.println(method + " " + i + ": " + e.getCause());
                        }
                    }
                }
            }
            """;

    /**
     * The library stays usable once the flag problem is fixed: in a module layer, native access can
     * be granted at run time; the call after that works. Control: a raw binding (no gate) stays
     * broken after access is granted.
     */
    @Test
    void grantingAccessLaterMakesTheNextCallWork() throws Exception {
        assumeDenyModeExists();
        ChildJvm.compile(dir.resolve("layer"), Map.of("layerprobe/Main.java", LAYER_PROBE), List.of(), true);
        ChildJvm.Result r = ChildJvm.run(List.of("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED",
                "-cp", dir.resolve("layer/classes").toString(), "layerprobe.Main", ChildJvm.ffmClasses().toString()));
        ChildJvm.assertExit(0, r);
        String out = r.stdout();
        String first = line(out, "pageSize 1: ");
        assertTrue(first.contains("io.jblock.ffm.NativeAccessException"), r::toString);
        assertTrue(first.contains("--enable-native-access=io.jblock.ffm (or --enable-native-access=ALL-UNNAMED"),
                first);
        assertTrue(out.contains("pageSize 2: " + PosixIO.pageSize()), r::toString);
        assertTrue(out.contains("pageSize 3: " + PosixIO.pageSize()), r::toString);
        assertTrue(line(out, "sysconf 1: ").contains("ExceptionInInitializerError"), r::toString);
        assertTrue(line(out, "sysconf 2: ").contains("NoClassDefFoundError"), r::toString);
    }

    private static String line(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + text);
    }
}
