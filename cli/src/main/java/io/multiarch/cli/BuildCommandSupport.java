package io.multiarch.cli;

import io.multiarch.core.Secret;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.build.BuildMode;
import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.BuildPlan;
import io.multiarch.core.build.BuildRequest;
import io.multiarch.core.build.MultiArchBuilder;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.report.BuildReportWriter;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;

/** What {@code build} and {@code buildx} do once their request is made: run, print, report, exit code. */
final class BuildCommandSupport {
    private BuildCommandSupport() {
    }

    static BuildRequest.Builder common(BuildRequest.Builder builder, BuildOptions options, RegistryOptions registry,
            CliContext context) {
        Secret password = registry.password(context);
        return builder.extraTags(options.extraTags())
                .archImages(options.archImage)
                .allowPartial(options.allowPartial)
                .credentials(password == null ? null : registry.username, password)
                .insecureRegistries(Set.copyOf(registry.insecureRegistries))
                .reportDir(options.report)
                .dryRun(options.dryRun)
                .platformTimeout(options.timeout())
                .format(options.listFormat())
                .env(context.env());
    }

    static int run(CliContext context, BuildOptions options, BuildRequest request) {
        ProgressPrinter progress = new ProgressPrinter(context.err(), options.verbose, context.env());
        MultiArchBuilder builder = new MultiArchBuilder(new ProcessCommandRunner(context.env()),
                new AgentProbe(new ProcessCommandRunner(context.env()), options.probeDir, context.env(), AgentProbe.BINFMT_DIR),
                progress, Clock.systemUTC());
        if (request.dryRun()) {
            BuildPlan plan = builder.plan(request);
            printPlan(context.out(), plan, request);
            context.out().println("Dry run: nothing was built or pushed.");
            return 0;
        }
        BuildOutcome outcome = builder.build(request);
        progress.close();
        print(context.out(), outcome, request);
        if (request.reportDir() != null) {
            context.err().println("report: " + BuildReportWriter.write(request.reportDir(), outcome).resolve("report.html"));
        }
        if (outcome.failed()) {
            context.err().println("multiarch: error: " + outcome.failure());
            return outcome.failureKind().exitCode();
        }
        return 0;
    }

    static void printPlan(PrintStream out, BuildPlan plan, BuildRequest request) {
        out.println("Plan for " + request.image().name() + (request.push()
                ? " (list tags: " + String.join(", ", request.tags()) + "):" : " (nothing is pushed):"));
        for (BuildPlan.Step step : plan.steps()) {
            out.printf("  %-14s on %-24s %-8s -> %s%n", step.platform(), step.agent().agent().name(),
                    step.mode() == BuildMode.NATIVE ? "native" : "emulated", step.archImage());
            for (String command : MultiArchBuilder.describeCommands(request, plan, step)) {
                out.println("      $ " + command);
            }
        }
        out.println("Agents:");
        plan.agents().forEach(a -> out.println("  " + a.summary()));
        if (!request.push()) {
            out.println("Then: nothing is pushed; each image stays in its engine under its per-arch name (no list).");
            return;
        }
        out.println("Then: publish the verified list as " + String.join(", ",
                request.tags().stream().map(t -> request.image().withTag(t).toString()).toList()));
    }

    private static void print(PrintStream out, BuildOutcome outcome, BuildRequest request) {
        for (PlatformResult r : outcome.platforms()) {
            out.printf("  %-14s %-11s %-9s %-8s %6.1fs  %s%s%n", r.platform(), r.status().name().toLowerCase(),
                    r.mode() == BuildMode.NATIVE ? "native" : "emulated", r.agent(), r.duration().toMillis() / 1000.0,
                    r.digest() == null ? r.image() : request.push() ? r.reference()
                            : r.image() + " (image ID " + r.digest() + ", not pushed)",
                    r.error() == null ? "" : "  (" + r.error() + ")");
        }
        if (outcome.published()) {
            out.println("Published " + io.multiarch.core.manifest.MediaTypes.describe(outcome.publish().mediaType()) + " "
                    + outcome.listDigest());
            outcome.publish().tags().forEach(t -> out.println("  tag " + t));
        }
        if (!request.push() && outcome.allSucceeded() && !outcome.platforms().isEmpty()) {
            PlatformResult first = outcome.platforms().get(0);
            out.println("Built into the engine, nothing pushed; try one: docker run --rm --platform " + first.platform() + " "
                    + first.image());
        }
    }
}
