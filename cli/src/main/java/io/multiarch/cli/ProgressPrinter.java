package io.multiarch.cli;

import io.multiarch.core.build.BuildListener;
import io.multiarch.core.build.BuildMode;
import io.multiarch.core.build.BuildPlan;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.platform.Platform;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows build progress: on a terminal one status line per run, redrawn in place (platform, state,
 * seconds); otherwise plain lines as platforms start and finish. With verbose, every output line,
 * prefixed with its platform, so per-arch logs never interleave unlabelled.
 */
final class ProgressPrinter implements BuildListener {
    private final PrintStream err;
    private final boolean verbose;
    private final boolean terminal;
    private final Map<Platform, String> states = new LinkedHashMap<>();
    private final Map<Platform, Long> started = new LinkedHashMap<>();

    ProgressPrinter(PrintStream err, boolean verbose, Map<String, String> env) {
        this.err = err;
        this.verbose = verbose;
        this.terminal = !verbose && System.console() != null && err == System.err
                && !"dumb".equals(env.getOrDefault("TERM", "dumb"));
    }

    @Override
    public synchronized void planned(BuildPlan plan) {
        for (BuildPlan.Step step : plan.steps()) {
            states.put(step.platform(), "waiting");
            if (!terminal) {
                err.println("[" + step.platform() + "] planned on " + step.agent().agent().name() + " ("
                        + (step.mode() == BuildMode.NATIVE ? "native" : "emulated") + ") -> " + step.archImage());
            }
        }
    }

    @Override
    public synchronized void started(BuildPlan.Step step) {
        states.put(step.platform(), "building");
        started.put(step.platform(), System.nanoTime());
        if (!terminal) {
            err.println("[" + step.platform() + "] started");
        }
        redraw();
    }

    @Override
    public synchronized void line(Platform platform, String line) {
        if (verbose) {
            err.println("[" + platform + "] " + line);
        } else {
            redraw();
        }
    }

    @Override
    public synchronized void finished(PlatformResult result) {
        states.put(result.platform(), result.succeeded() ? "done" : "FAILED");
        if (!terminal) {
            err.printf("[%s] %s in %.1fs%s%n", result.platform(), result.succeeded() ? "succeeded" : "FAILED",
                    result.duration().toMillis() / 1000.0, result.error() == null ? "" : ": " + result.error());
        }
        redraw();
    }

    @Override
    public synchronized void info(String line) {
        if (terminal) {
            err.print("\r\033[K");
        }
        err.println(line);
        redraw();
    }

    private void redraw() {
        if (!terminal) {
            return;
        }
        StringBuilder sb = new StringBuilder("\r\033[K");
        states.forEach((p, state) -> {
            Long t0 = started.get(p);
            long seconds = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000_000L;
            sb.append(p.archVariant()).append(' ').append(state);
            if (state.equals("building")) {
                sb.append(' ').append(seconds).append('s');
            }
            sb.append("  ");
        });
        err.print(sb);
        err.flush();
    }

    synchronized void close() {
        if (terminal) {
            err.println();
        }
    }
}
