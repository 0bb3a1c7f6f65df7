package io.multiarch.jenkins;

import io.multiarch.core.build.BuildListener;
import io.multiarch.core.build.BuildMode;
import io.multiarch.core.build.BuildPlan;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.platform.Platform;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes the engine's events to a build log (the {@code TaskListener}'s stream on the agent): every line
 * prefixed with its platform, and the registry password masked in every line, on top of the engine's own
 * masking. No Jenkins types.
 */
final class ConsoleListener implements BuildListener {
    private final PrintStream out;
    private final String secret;

    ConsoleListener(PrintStream out, String secret) {
        this.out = out;
        this.secret = secret;
    }

    @Override
    public void planned(BuildPlan plan) {
        for (BuildPlan.Step step : plan.steps()) {
            print("[" + step.platform() + "] " + mode(step.mode()) + " on " + step.agent().summary());
        }
    }

    @Override
    public void started(BuildPlan.Step step) {
        print("[" + step.platform() + "] building " + step.archImage() + " (" + mode(step.mode()) + ")");
    }

    @Override
    public void line(Platform platform, String line) {
        print("[" + platform + "] " + line);
    }

    @Override
    public void finished(PlatformResult r) {
        String seconds = String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0);
        if (r.succeeded()) {
            print("[" + r.platform() + "] succeeded in " + seconds + (r.digest() == null ? "" : ": " + r.digest()));
        } else {
            print("[" + r.platform() + "] FAILED after " + seconds + ": " + r.error());
        }
    }

    @Override
    public void info(String line) {
        print(line);
    }

    void print(String line) {
        String masked = Values.mask(line, secret);
        synchronized (out) {
            out.println(masked);
        }
    }

    static String mode(BuildMode mode) {
        return mode == null ? "not planned" : mode.name().toLowerCase(Locale.ROOT);
    }
}
