package io.jblock.cli;

/**
 * A subcommand failed in a way it has already put into words: {@link #getMessage()} is the one
 * line printed on stderr (after {@code jblock: }) and {@link #exitCode()} the process status.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CommandFailure(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public CommandFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The status the process exits with. */
    public int exitCode() {
        return exitCode;
    }
}
