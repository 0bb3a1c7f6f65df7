package io.multiarch.core.build;

import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A fake runner for unit tests of argument building and planning decisions only: records every
 * command and answers from a function. Everything that builds or pushes runs the real docker in the ITs.
 */
final class RecordingRunner implements CommandRunner {
    final List<Command> commands = new CopyOnWriteArrayList<>();
    private final Function<Command, CommandResult> answers;

    RecordingRunner(Function<Command, CommandResult> answers) {
        this.answers = answers;
    }

    static CommandResult ok(String... lines) {
        return new CommandResult(0, List.of(lines), false);
    }

    static CommandResult fail(int code, String... lines) {
        return new CommandResult(code, List.of(lines), false);
    }

    @Override
    public CommandResult run(Command command, Consumer<String> lines) {
        commands.add(command);
        CommandResult result = answers.apply(command);
        result.tail().forEach(lines);
        return result;
    }
}
