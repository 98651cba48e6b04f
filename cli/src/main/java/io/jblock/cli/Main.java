package io.jblock.cli;

import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code jblock}. Errors become one line on stderr, {@code jblock: message},
 * with the stack trace only under {@code --debug}; the exit status is the subcommand's.
 */
public final class Main {
    private Main() {
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
        CommandLine cl = new CommandLine(new JblockCommand(terminal));
        cl.setOut(terminal.out());
        cl.setErr(terminal.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setParameterExceptionHandler((ParameterException ex, String[] a) -> {
            CommandLine failed = ex.getCommandLine();
            terminal.err().println("jblock: " + ex.getMessage());
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
        int status = cl.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return status;
    }

    private static void report(Terminal terminal, Exception ex, boolean debug) {
        terminal.err().println("jblock: " + oneLine(ex));
        if (debug) {
            ex.printStackTrace(terminal.err());
        }
        terminal.err().flush();
    }

    /** The message of an error as one line: its own message, or its type when it has none. */
    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex instanceof IOException ? "I/O error (" + ex.getClass().getSimpleName() + ")" : ex.toString();
        }
        return m.replace('\n', ' ');
    }
}
