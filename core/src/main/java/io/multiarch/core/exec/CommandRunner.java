package io.multiarch.core.exec;

import java.util.function.Consumer;

/**
 * The port through which the engine runs docker: the CLI runs local processes, the Jenkins
 * plugin runs the engine on the agent where the same local runner applies. Unit tests of argument
 * building may use a recording fake; everything else runs the real docker.
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs the command to its end, handing each output line (stdout and stderr merged) to
     * {@code lines} as it comes.
     */
    CommandResult run(Command command, Consumer<String> lines);
}
