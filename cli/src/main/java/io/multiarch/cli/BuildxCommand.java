package io.multiarch.cli;

import io.multiarch.core.build.Agent;
import io.multiarch.core.build.BuildRequest;
import io.multiarch.core.platform.Platform;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code multiarch buildx}: every platform on this engine with buildx. */
@Command(name = "buildx", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds every platform on this engine (DOCKER_HOST) with buildx: one multi-platform invocation "
                + "when the builder can push several platforms by digest (any driver but docker), otherwise one "
                + "invocation per platform (the default docker driver), then the verified list for every tag."},
        footer = {"%nExample:",
            "  multiarch buildx --image registry:5000/team/app --tag 1.0 --platforms linux/amd64,linux/arm64 --context .",
            "  multiarch buildx --image team/app --tag dev --platforms linux/s390x --no-push   (build into this engine only)"})
final class BuildxCommand extends CommandBase {

    @Mixin
    BuildOptionsMixin build;

    @Option(names = "--builder", paramLabel = "NAME", description = "The buildx builder to use (default: the current one).")
    String builder;

    @Option(names = "--no-push", description = "Build each platform into this engine under its per-arch "
            + "name (--load) and push nothing: no registry is written and no list is published. The per-arch images "
            + "are checked (platform, image ID, size) as pushed ones are.")
    boolean noPush;

    @Mixin
    RegistryOptionsMixin registry;

    BuildxCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        BuildOptions options = build.options;
        Map<String, String> env = new HashMap<>(context.env());
        if (builder != null) {
            env.put("BUILDX_BUILDER", builder);
        }
        CliContext withBuilder = new CliContext(context.in(), context.out(), context.err(), Map.copyOf(env));
        Agent here = Agent.local();
        BuildRequest.Builder request = BuildRequest.builder(options.imageRef(), options.platformList(), options.spec(env))
                .emulationAgent(here).oneInvocation(true).push(!noPush);
        for (Platform p : options.platformList()) {
            request.pin(p, here);
        }
        return BuildCommandSupport.run(withBuilder, options,
                BuildCommandSupport.common(request, options, registry.options, withBuilder).build());
    }
}
