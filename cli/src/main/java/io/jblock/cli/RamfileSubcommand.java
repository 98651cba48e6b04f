package io.jblock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What the {@code ramfile} subcommands share: the run's streams and {@code -q}. */
abstract class RamfileSubcommand implements Callable<Integer> {
    @ParentCommand
    RamfileCommand parent;

    @Option(names = "-q", description = "Quiet: print only errors.")
    boolean quiet;

    PrintWriter out() {
        return parent.out();
    }
}
