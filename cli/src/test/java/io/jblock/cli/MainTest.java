package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"create", "info", "check", "convert", "compare", "map", "resize", "snapshot",
        "bench", "io", "ramfile", "demo"})
    void everySubcommandHasHelp(String sub) {
        CliRun r = CliRun.run(sub, "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Usage: jblock " + sub), r.out());
    }

    @Test
    void badOptionsGiveOneLineAndStatus1() {
        CliRun r = CliRun.run("info", "--bogus", "x");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jblock: Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("Try 'jblock info --help'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingImageIsOneLineNamingTheFile() {
        CliRun r = CliRun.run("info", "/nonexistent/x.qcow2");
        assertEquals(1, r.status());
        // qemu-img's words: the image's open failure wraps the file protocol's
        assertEquals("jblock: Could not open '/nonexistent/x.qcow2': Could not open '/nonexistent/x.qcow2': "
                + "No such file or directory\n", r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun r = CliRun.run("--debug", "info", "/nonexistent/x.qcow2");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jblock: Could not open '/nonexistent/x.qcow2'"), r.err());
        assertTrue(r.err().contains("\tat "), r.err());
        CliRun sub = CliRun.run("info", "--debug", "/nonexistent/x.qcow2");
        assertTrue(sub.err().contains("\tat "), "--debug after the subcommand too");
    }

    @Test
    void compareErrorsExitWith2() {
        CliRun r = CliRun.run("compare", "/nonexistent/a", "/nonexistent/b");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("jblock: Could not open '/nonexistent/a'"), r.err());
    }

    @Test
    void invalidSizesAreRefusedWithQemuWording() {
        CliRun r = CliRun.run("create", "-f", "raw", "/tmp/never-created.img", "12q");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("jblock: Invalid image size specified."), r.err());
    }

    @Test
    void aSubcommandIsRequired() {
        CliRun r = CliRun.run();
        assertEquals(1, r.status());
        assertTrue(r.err().contains("Missing subcommand"), r.err());
    }
}
