package io.jblock.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code jblock} command: only chooses a subcommand. The subcommands are listed
 * in {@link #SUBCOMMANDS}, not in the annotation, so that a run builds picocli's model of the
 * one subcommand it runs instead of all of them (most of the start-up time of a short command).
 */
@Command(name = "jblock",
        mixinStandardHelpOptions = true,
        version = "jblock 0.1.0",
        description = "Block images on the JVM: qemu-img and qemu-io for jblock.")
public final class JblockCommand implements Runnable {

    /** The subcommands, in the order {@code jblock --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CreateCommand.class, InfoCommand.class, CheckCommand.class, ConvertCommand.class,
            CompareCommand.class, MapCommand.class, ResizeCommand.class, SnapshotCommand.class,
            CommitCommand.class, RebaseCommand.class, AmendCommand.class, BitmapCommand.class,
            MeasureCommand.class, DdCommand.class,
            BenchCommand.class, IoCommand.class, RamfileCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not just its message.")
    boolean debug;

    private final Terminal terminal;

    JblockCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * The command line for {@code args}: with only the subcommand that {@code args} names (its
     * first word that is not an option) when there is one, with all of them otherwise (for
     * {@code --help}, {@code help} and the error about an unknown subcommand).
     */
    static CommandLine commandLine(Terminal terminal, String[] args) {
        CommandLine cl = new CommandLine(new JblockCommand(terminal));
        String wanted = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                wanted = a;
                break;
            }
        }
        Class<?> only = null;
        for (Class<?> c : SUBCOMMANDS) {
            if (wanted != null && names(c).contains(wanted)) {
                only = c;
                break;
            }
        }
        for (Class<?> c : only != null ? List.<Class<?>>of(only) : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    /** The name and aliases a subcommand class declares. */
    static List<String> names(Class<?> subcommand) {
        Command a = subcommand.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(a.aliases()));
        names.add(0, a.name());
        return names;
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
