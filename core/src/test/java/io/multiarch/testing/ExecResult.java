package io.multiarch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Outcome of an external command run by the test fixtures (docker, skopeo, htpasswd, keytool):
 * exit code plus everything written to stdout and stderr (UTF-8).
 *
 * @param command the argv that was run (never contains secrets: fixtures pass secrets on stdin)
 * @param exitCode the process exit code
 * @param stdout everything the process wrote to stdout
 * @param stderr everything the process wrote to stderr
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Default timeout of {@link #run(List, Map, String, Duration)} callers that do not choose one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    public ExecResult {
        command = List.copyOf(command);
    }

    /** True when the exit code is 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws an {@link AssertionError} describing the command and its output. */
    public ExecResult assertOk() {
        if (!ok()) {
            throw new AssertionError("command failed: " + describe());
        }
        return this;
    }

    /** One readable paragraph: command, exit code, stdout and stderr (each cut to its last 4000 chars). */
    public String describe() {
        return String.join(" ", command) + "\n  exit code: " + exitCode
                + "\n  stdout: " + tail(stdout, 4000) + "\n  stderr: " + tail(stderr, 4000);
    }

    /** stdout and stderr, joined (handy for assertions on tools that mix the two). */
    public String output() {
        return stdout + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Runs a command, waits for it, and captures its output.
     *
     * @param command argv; the program is looked up on PATH
     * @param extraEnv variables added to (or overriding) this JVM's environment; may be empty
     * @param stdin text to feed on stdin (UTF-8), or null for an empty stdin
     * @param timeout after this the process tree is killed and an {@link AssertionError} is thrown
     */
    public static ExecResult run(List<String> command, Map<String, String> extraEnv, String stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnv);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + ": " + e.getMessage()
                    + " (is it installed? run scripts/setup.sh as root)", e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process may exit without reading stdin; its output tells what happened
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\n  stdout so far: " + tail(out.getNow(""), 4000)
                        + "\n  stderr so far: " + tail(err.getNow(""), 4000));
            }
            return new ExecResult(command, process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                stream.transferTo(buf);
                result.complete(buf.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "exec-drain");
        t.setDaemon(true);
        t.start();
        return result;
    }

    static String tail(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
