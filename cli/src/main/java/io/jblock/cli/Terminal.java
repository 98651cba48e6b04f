package io.jblock.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
     * The process's own streams; interactive when the JVM has a console attached to a terminal.
     * Standard output and error are buffered as C's stdio buffers them ({@link StdioWriter}):
     * stdout in 4 KiB blocks (by line on a terminal), stderr not at all, so that the two
     * interleave in a shared pipe or file as qemu-img's and qemu-io's do. Whoever ends the
     * process flushes {@link #out()} first, as C's {@code exit} does.
     */
    public static Terminal system() {
        java.io.Console c = System.console();
        // JDK 22+ returns a console even when redirected; isTerminal() tells the truth.
        boolean tty = c != null && c.isTerminal();
        PrintWriter out = new PrintWriter(new StdioWriter(new FileOutputStream(FileDescriptor.out),
                tty ? StdioWriter.Buffering.LINE : StdioWriter.Buffering.FULL));
        PrintWriter err = new PrintWriter(new StdioWriter(new FileOutputStream(FileDescriptor.err),
                StdioWriter.Buffering.NONE));
        return new Terminal(System.in, out, err, tty);
    }
}
