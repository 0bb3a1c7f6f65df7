package io.multiarch.core.exec;

import java.util.List;

/**
 * How a process ended.
 *
 * @param exitCode the exit code (-1 when it could not start or was killed for its time limit)
 * @param tail the last lines it printed (stdout and stderr merged), for error messages
 */
public record CommandResult(int exitCode, List<String> tail, boolean timedOut) {
    public CommandResult {
        tail = List.copyOf(tail);
    }

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The last non-blank line: usually the error. */
    public String lastLine() {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return tail.get(i).strip();
            }
        }
        return "";
    }

    public String output() {
        return String.join("\n", tail);
    }
}
