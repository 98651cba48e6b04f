package io.jblock.cli;

/**
 * A subcommand failed in a way it has already put into words: {@link #getMessage()} is printed
 * on stderr, each of its lines after the program name ({@code jblock: }), as QEMU's
 * error_report calls print them, then {@link #hint()} as it is (QEMU's error_append_hint);
 * {@link #exitCode()} is the process status.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The status the process exits with. */
    private final int exitCode;
    private final String hint;

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
        this(message, null, exitCode, cause);
    }

    /** A failure whose message is followed by {@code hint}, printed without the program name. */
    public CommandFailure(String message, String hint, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** Text printed after the message as it is, or null. */
    public String hint() {
        return hint;
    }

    /** {@return the status the process exits with} */
    public int exitCode() {
        return exitCode;
    }
}
