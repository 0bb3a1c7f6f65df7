package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.BuildRequest;
import io.multiarch.core.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code multiarch build}: each platform on a native engine when there is one, else under emulation. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds an image for several platforms in parallel - each on an engine that runs it natively "
                + "when one is given (--endpoint), else under qemu emulation (--emulation-endpoint, default: the local engine) - "
                + "pushes each per-arch image, then publishes the verified manifest list for every tag.",
            "Atomic: if any platform fails, no list is pushed and no tag moves (unless --allow-partial)."},
        footer = {"%nExamples:",
            "  multiarch build --image registry:5000/team/app --tag 1.0 --tag latest \\",
            "      --platforms linux/amd64,linux/arm64,linux/s390x,linux/ppc64le --context . --report out/",
            "  multiarch build --image registry:5000/team/app --tag 1.0 --platforms linux/amd64,linux/s390x \\",
            "      --endpoint linux/s390x=ssh://builder@s390x-host --dry-run"})
final class BuildCommand extends CommandBase {

    @Mixin
    BuildOptionsMixin build;

    @Option(names = "--endpoint", paramLabel = "PLATFORM=DOCKER_HOST",
            description = "Build PLATFORM on this engine (unix://, tcp://, ssh://); repeatable. An engine is used "
                    + "natively for its own architecture, else under emulation.")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--emulation-endpoint", paramLabel = "DOCKER_HOST",
            description = "Engine for platforms no endpoint builds natively (default: the local engine; 'none' to forbid emulation).")
    String emulationEndpoint;

    @Mixin
    RegistryOptionsMixin registry;


    BuildCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        BuildOptions options = build.options;
        BuildRequest.Builder request = BuildRequest.builder(options.imageRef(), options.platformList(),
                options.spec(context.env()));
        for (String endpoint : endpoints) {
            int eq = endpoint.indexOf('=');
            if (eq <= 0 || eq == endpoint.length() - 1) {
                throw MultiarchException.invalidInput("Invalid --endpoint '" + endpoint
                        + "': expected PLATFORM=DOCKER_HOST, e.g. linux/s390x=ssh://builder@s390x-host");
            }
            Agent agent = Agent.of(endpoint.substring(eq + 1));
            request.pin(Platform.parse(endpoint.substring(0, eq)), agent).agent(agent);
        }
        if (emulationEndpoint != null) {
            request.emulationAgent(emulationEndpoint.equals("none") ? null : Agent.of(emulationEndpoint));
        }
        return BuildCommandSupport.run(context, options,
                BuildCommandSupport.common(request, options, registry.options, context).build());
    }
}
