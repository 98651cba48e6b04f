package io.jblock.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * The streams one run of the command works with, and whether they are a person's terminal
 * (prompts and progress bars are drawn only then).
 *
 * @param in          standard input (jblock io reads commands from it)
 * @param out         standard output
 * @param err         standard error
 * @param interactive stdin and stdout are a terminal
 */
public record Terminal(InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {

    /**
     * {@return the process's own streams; interactive when the JVM has a console attached to a terminal}
     */
    public static Terminal system() {
        java.io.Console c = System.console();
        // JDK 22+ returns a console even when redirected; isTerminal() tells the truth.
        boolean tty = c != null && c.isTerminal();
        return new Terminal(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), tty);
    }
}
