package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock io}: qemu-io's command language on one image. */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = {
            "Runs qemu-io style commands on an image: each -c command in order, or, without -c, "
                + "one command a line from stdin (no prompt unless stdin is a terminal; output is "
                + "flushed after every command, so another program can drive it).",
            "Commands: read [-P PATTERN] [-q] OFF LEN, write [-P PATTERN | -z [-u]] [-f] [-q] OFF LEN, "
                + "discard OFF LEN, flush, activate, inactivate, info, length, quit. "
                + "OFF and LEN take k/M/G suffixes.",
            "Exit status: 0 if every command succeeded, 1 otherwise."
        })
public final class IoCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", description = "Image format (raw, qcow2); probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string "
            + "(driver=qcow2,file.driver=file,file.filename=a.qcow2,...).")
    boolean imageOpts;

    @Option(names = "-t", paramLabel = "CACHE", description = "Cache mode: writeback (default), none, "
            + "writethrough, directsync, unsafe.")
    String cache;

    @Option(names = {"-n", "--nocache"}, description = "Bypass the host page cache (cache=none).")
    boolean nocache;

    @Option(names = {"-r", "--read-only"}, description = "Open read-only.")
    boolean readOnly;

    @Option(names = "--inactive", description = "Open inactive, as a migration destination: no write "
            + "lock, writes refused until 'activate'.")
    boolean inactive;

    @Option(names = "-c", paramLabel = "CMD", description = "A command to run; may be repeated.")
    List<String> commands = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "FILE", description = "The image.")
    String file;

    @Override
    public Integer call() throws IOException {
        CacheMode mode = cache != null ? CacheMode.parse(cache) : (nocache ? CacheMode.NONE : CacheMode.WRITEBACK);
        boolean failed = false;
        try (BlockNode node = new ImageRef(file, format, imageOpts).open(readOnly, inactive, mode)) {
            IoSession session = new IoSession(node, out(), err());
            if (!commands.isEmpty()) {
                for (String c : commands) {
                    failed |= !session.execute(c);
                    if (session.quitRequested()) {
                        break;
                    }
                }
            } else {
                failed = runStdin(session);
            }
        }
        return failed ? 1 : 0;
    }

    private boolean runStdin(IoSession session) throws IOException {
        boolean failed = false;
        BufferedReader in = new BufferedReader(new InputStreamReader(terminal().in(), StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder();
        while (!session.quitRequested()) {
            if (terminal().interactive()) {
                out().print("jblock-io> ");
                out().flush();
            }
            int end = readLine(in, line);
            if (end == EOF && line.isEmpty()) {
                break;
            }
            if (end == TOO_LONG) {
                err().println("command line longer than " + MAX_LINE + " characters, ignored");
                err().flush();
                failed = true;
            } else {
                failed |= !session.execute(line.toString());
            }
            if (end == EOF) {
                break;
            }
        }
        return failed;
    }

    /** Longest command line accepted from stdin; a longer one is skipped, never buffered whole. */
    static final int MAX_LINE = 64 * 1024;
    private static final int NEWLINE = 0;
    private static final int EOF = 1;
    private static final int TOO_LONG = 2;

    /** Reads one line into {@code line} (cleared first), keeping at most {@link #MAX_LINE} characters. */
    static int readLine(BufferedReader in, StringBuilder line) throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                stripCarriageReturn(line);
                return tooLong ? TOO_LONG : NEWLINE;
            }
            if (line.length() < MAX_LINE) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        stripCarriageReturn(line);
        return tooLong ? TOO_LONG : EOF;
    }

    private static void stripCarriageReturn(StringBuilder line) {
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
    }
}
