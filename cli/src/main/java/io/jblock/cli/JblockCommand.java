package io.jblock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code jblock} command: only chooses a subcommand. */
@Command(name = "jblock",
        mixinStandardHelpOptions = true,
        version = "jblock 0.1.0",
        description = "Block images on the JVM: qemu-img and qemu-io for jblock.",
        subcommands = {
            CreateCommand.class, InfoCommand.class, CheckCommand.class, ConvertCommand.class,
            CompareCommand.class, MapCommand.class, ResizeCommand.class, SnapshotCommand.class,
            CommitCommand.class, RebaseCommand.class, AmendCommand.class, BitmapCommand.class,
            MeasureCommand.class, DdCommand.class,
            BenchCommand.class, IoCommand.class, RamfileCommand.class, DemoCommand.class,
            picocli.CommandLine.HelpCommand.class
        })
public final class JblockCommand implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not just its message.")
    boolean debug;

    private final Terminal terminal;

    JblockCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing subcommand: try 'jblock --help'");
    }
}
