package io.jblock.cli;

/**
 * A subcommand failed in a way it has already put into words: {@link #getMessage()} is the one
 * line printed on stderr (after {@code jblock: }) and {@link #exitCode()} the process status.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The status the process exits with. */
    private final int exitCode;

    /**
     * A failure with its message and exit status.
     *
     * @param message  the line printed after {@code jblock: }
     * @param exitCode the process status
     */
    public CommandFailure(String message, int exitCode) {
        this(message, exitCode, null);
    }

    /**
     * A failure with its message, exit status and cause (printed with {@code --debug}).
     *
     * @param message  the line printed after {@code jblock: }
     * @param exitCode the process status
     * @param cause    what failed underneath, or null
     */
    public CommandFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** {@return the status the process exits with} */
    public int exitCode() {
        return exitCode;
    }
}
