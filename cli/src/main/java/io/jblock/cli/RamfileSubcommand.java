package io.jblock.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What the {@code ramfile} subcommands share: the run's streams, {@code -q} and RAMFILE. */
abstract class RamfileSubcommand implements Callable<Integer> {
    @ParentCommand
    RamfileCommand parent;

    @Option(names = "-q", description = "Quiet: print only errors.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "RAMFILE")
    Path ramFile;

    PrintWriter out() {
        return parent.out();
    }
}
