package io.multiarch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** What every command has: the process's streams and environment, and {@code --debug}. */
abstract class CommandBase implements Callable<Integer> {
    protected final CliContext context;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    CommandBase(CliContext context) {
        this.context = context;
    }
}
