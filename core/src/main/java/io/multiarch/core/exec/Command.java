package io.multiarch.core.exec;

import io.multiarch.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to run: its arguments (never a secret: secrets go through {@code stdin}), extra
 * environment variables (a null value removes the variable), working directory and time limit.
 */
public record Command(List<String> argv, Map<String, String> env, Path workDir, Secret stdin, Duration timeout) {
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, null, null);
    }

    public Command withEnv(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(more);
        return new Command(argv, merged, workDir, stdin, timeout);
    }

    public Command withStdin(Secret secret) {
        return new Command(argv, env, workDir, Objects.requireNonNull(secret), timeout);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, env, workDir, stdin, limit);
    }

    public Command in(Path dir) {
        return new Command(argv, env, dir, stdin, timeout);
    }

    /** The command line as a user would type it (arguments with spaces quoted). */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg.isEmpty() || arg.matches(".*[\\s'\"$`\\\\].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return display();
    }
}
