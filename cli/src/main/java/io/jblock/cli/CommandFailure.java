package io.jblock.cli;

/**
 * A subcommand failed in a way it has already put into words: {@link #getMessage()} is printed
 * on stderr, each of its lines after the program name ({@code jblock: }), as QEMU's
 * error_report calls print them, then {@link #hint()} as it is (QEMU's error_append_hint);
 * {@link #exitCode()} is the process status.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String hint;

    public CommandFailure(String message, int exitCode) {
        this(message, exitCode, null);
    }

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

    /** The status the process exits with. */
    public int exitCode() {
        return exitCode;
    }
}
