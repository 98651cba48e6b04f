package io.jblock.cli;

import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code jblock}. Errors become one line on stderr, {@code PROGRAM: message}
 * ({@link #programName()}, {@code jblock} unless the launcher says otherwise), with the stack
 * trace only under {@code --debug}; the exit status is the subcommand's.
 */
public final class Main {
    /**
     * The system property that carries the program name as invoked; the {@code jblock} launcher
     * sets it from {@code $JBLOCK_PROGRAM} or its own {@code $0}.
     */
    public static final String PROGRAM_PROPERTY = "jblock.program";

    private Main() {
    }

    /**
     * The name error messages start with, as QEMU's tools print their {@code argv[0]}: the last
     * path element of {@value #PROGRAM_PROPERTY}, or {@code jblock} when it is unset or blank.
     * A shim that runs jblock as {@code qemu-img} or {@code qemu-io} sets it so that messages read
     * {@code qemu-img: ...}.
     *
     * @return the program name
     */
    public static String programName() {
        String p = System.getProperty(PROGRAM_PROPERTY);
        if (p == null || p.isBlank()) {
            return "jblock";
        }
        String name = p.substring(p.lastIndexOf('/') + 1);
        return name.isEmpty() ? "jblock" : name;
    }

    /**
     * The {@code jblock} command: runs {@code args} and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Terminal t = Terminal.system();
        int status = run(t, args);
        t.out().flush();
        t.err().flush();
        System.exit(status);
    }

    /**
     * Runs one command line with the given streams and returns its exit status.
     *
     * @param terminal the streams
     * @param args the command line
     * @return the exit status
     */
    public static int run(Terminal terminal, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        if (debug) {
            // before the first logger exists: slf4j-simple reads its level once
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        CommandLine cl = JblockCommand.commandLine(terminal, args);
        cl.setOut(terminal.out());
        cl.setErr(terminal.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(false);
        // getopt, as QEMU's tools parse: an option given twice is no error, the later one counts
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((ParameterException ex, String[] a) -> {
            CommandLine failed = ex.getCommandLine();
            terminal.err().println(errorPrefix() + ex.getMessage());
            terminal.err().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            terminal.err().flush();
            return 1;
        });
        cl.setExecutionExceptionHandler((Exception ex, CommandLine failed, CommandLine.ParseResult pr) -> {
            report(terminal, ex, debug);
            if (ex instanceof CommandFailure f) {
                return f.exitCode();
            }
            Object user = failed.getCommand();
            return user instanceof JblockSubcommand s ? s.errorExitCode() : 1;
        });
        int status;
        try {
            status = cl.execute(ResizeCommand.sizeLast(args));
        } finally {
            SecretObjects.forgetDefined(); // a run's objects die with it, as with qemu-img's process
        }
        terminal.out().flush();
        terminal.err().flush();
        return status;
    }

    private static void report(Terminal terminal, Exception ex, boolean debug) {
        if (ex instanceof CommandFailure f && f.getMessage() != null) {
            for (String line : f.getMessage().split("\n", -1)) {
                terminal.err().println(errorPrefix() + line);
            }
            if (f.hint() != null) {
                terminal.err().print(f.hint());
            }
        } else {
            terminal.err().println(errorPrefix() + oneLine(ex));
        }
        if (debug) {
            ex.printStackTrace(terminal.err());
        }
        terminal.err().flush();
    }

    /**
     * What every error line starts with: the program's name and a colon, as QEMU's
     * error_report prints it.
     */
    static String errorPrefix() {
        return programName() + ": ";
    }

    /** The message of an error as one line: its own message, or its type when it has none. */
    /**
     * The lines qemu-io prints when closing an image failed: the driver's own words for each
     * failure of the close (qcow2: one line per cache it could not flush), the first failure
     * then those suppressed in it.
     */
    static java.util.List<String> closeFailureLines(Throwable ex) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(closeFailureLine(ex));
        for (Throwable s : ex.getSuppressed()) {
            lines.add(closeFailureLine(s));
        }
        return lines;
    }

    private static String closeFailureLine(Throwable ex) {
        return ex instanceof io.jblock.storage.BlockIOException b && b.reason() != null
                ? b.reason().replace('\n', ' ') : oneLine(ex);
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex instanceof IOException ? "I/O error (" + ex.getClass().getSimpleName() + ")" : ex.toString();
        }
        return m.replace('\n', ' ');
    }
}
