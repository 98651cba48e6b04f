package io.jblock.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * What every subcommand shares: the streams of the run and the exit status used when the
 * subcommand fails with an error (1 unless the subcommand documents another, as compare's 2).
 */
public abstract class JblockSubcommand implements Callable<Integer> {

    @ParentCommand
    JblockCommand parent;

    /**
     * Standard output of this run.
     *
     * @return standard output of this run
     */
    protected PrintWriter out() {
        return terminal().out();
    }

    /**
     * Standard error of this run.
     *
     * @return standard error of this run
     */
    protected PrintWriter err() {
        return terminal().err();
    }

    /**
     * {@return the streams of this run}
     */
    protected Terminal terminal() {
        return parent.terminal();
    }

    /**
     * Exit status when the subcommand fails with an error it did not word itself.
     *
     * @return the exit status when the subcommand fails with an error it did not word itself
     */
    public int errorExitCode() {
        return 1;
    }
}
