package io.multiarch.core.exec;

import io.multiarch.core.MultiarchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs commands as local processes. */
public final class ProcessCommandRunner implements CommandRunner {
    private static final int TAIL_LINES = 60;

    private final Map<String, String> baseEnv;

    /** @param baseEnv the environment every command starts from (e.g. {@code System.getenv()}) */
    public ProcessCommandRunner(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(baseEnv);
    }

    private static void waitGone(java.util.concurrent.CompletableFuture<?> exit) {
        try {
            exit.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone or stuck: either way nothing more to do here
        }
    }

    @Override
    public CommandResult run(Command command, Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(baseEnv);
        command.env().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        if (command.workDir() != null) {
            builder.directory(command.workDir().toFile());
        }
        if (command.stdin() == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw MultiarchException.failed("Cannot run '" + command.argv().get(0) + "': " + e.getMessage()
                    + " (is it installed and on PATH?)");
        }
        if (command.stdin() != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(command.stdin().reveal().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process exited before reading; its exit code tells why
            }
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    lines.accept(line);
                }
            } catch (IOException e) {
                // stream closed because the process was killed
            }
        }, "output-" + command.argv().get(0));
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        try {
            if (command.timeout() != null) {
                if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor();
                }
            } else {
                process.waitFor();
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            java.util.List<ProcessHandle> tree = process.descendants().toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            // let the killed processes go before the caller deletes what they used (a private DOCKER_CONFIG)
            for (ProcessHandle p : tree) {
                waitGone(p.onExit());
            }
            waitGone(process.onExit());
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while running " + command.argv().get(0), e);
        }
        synchronized (tail) {
            return new CommandResult(timedOut ? -1 : process.exitValue(), java.util.List.copyOf(tail), timedOut);
        }
    }
}
