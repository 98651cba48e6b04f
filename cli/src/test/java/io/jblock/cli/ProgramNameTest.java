package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Main#programName()}: what error messages start with, as QEMU's tools print argv[0]. */
class ProgramNameTest {

    @AfterEach
    void unset() {
        System.clearProperty(Main.PROGRAM_PROPERTY);
    }

    @Test
    void defaultsToJblock() {
        System.clearProperty(Main.PROGRAM_PROPERTY);
        assertEquals("jblock", Main.programName());
        System.setProperty(Main.PROGRAM_PROPERTY, " ");
        assertEquals("jblock", Main.programName());
        System.setProperty(Main.PROGRAM_PROPERTY, "/usr/local/bin/");
        assertEquals("jblock", Main.programName(), "a path without a last element");
    }

    @Test
    void isTheLastPathElementAsInvoked() {
        System.setProperty(Main.PROGRAM_PROPERTY, "/tmp/shims/qemu-img");
        assertEquals("qemu-img", Main.programName());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-io");
        assertEquals("qemu-io", Main.programName());
    }

    @Test
    void errorMessagesAndQemuIoPromptsCarryIt() {
        System.setProperty(Main.PROGRAM_PROPERTY, "/x/qemu-img");
        CliRun r = CliRun.run("info", "/nonexistent/x.qcow2");
        // qemu-img 7.2's own words, the file name twice (the format layer wraps the protocol's message)
        assertEquals("qemu-img: Could not open '/nonexistent/x.qcow2': Could not open '/nonexistent/x.qcow2': "
                + "No such file or directory\n", r.err());
        CliRun bad = CliRun.run("info", "--bogus", "x");
        assertTrue(bad.err().startsWith("qemu-img: Unknown option: '--bogus'"), bad.err());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-io");
        CliRun io = CliRun.withStdin("help nothing\n", "io");
        assertEquals("qemu-io> command nothing not found\nqemu-io> ", io.out());
        CliRun open = CliRun.run("io", "-c", "open -t bogus x");
        assertEquals("qemu-io: Invalid cache option: bogus\n", open.err());
    }
}
