package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.doctor.BinfmtRegistrar;
import io.multiarch.core.doctor.Check;
import io.multiarch.core.doctor.Doctor;
import io.multiarch.core.doctor.ProbeBinaries;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.CredentialStore;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code multiarch doctor}: per agent, what works and, for what does not, a concrete fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the local engine and every --endpoint: engine reachable and its version, native "
                + "architecture, buildx and the builder's driver, and per platform whether it is native, emulated "
                + "(proved by really running a static busybox applet of that platform in a build) or broken. On this host "
                + "it also checks the binfmt handlers (flags P and F) and, with --registry, that the registry answers and "
                + "accepts the login (also through each engine, which does the pushing).",
            "Prints one line per check, OK or FAIL, and for each FAIL a 'fix:' line."},
        footer = {"%nExamples:",
            "  multiarch doctor",
            "  multiarch doctor --platforms linux/arm64,linux/s390x \\",
            "      --endpoint ssh://builder@s390x-host",
            "  echo \"$PASSWORD\" | multiarch doctor --registry registry.example.com \\",
            "      --username ci --password-stdin",
            "  multiarch doctor --registry-check 127.0.0.1:5000/team/app:1.0",
            "%nExit codes: 0 every check OK, 1 some check failed, 2 invalid input."})
final class DoctorCommand extends CommandBase {

    @Option(names = "--endpoint", paramLabel = "DOCKER_HOST",
            description = "Also check this engine (unix://, tcp://, ssh://); repeatable. The local engine is always checked.")
    List<String> endpoints = new ArrayList<>();

    @Option(names = {"-p", "--platforms"}, paramLabel = "LIST", defaultValue = SetupQemuCommand.DEFAULT_PLATFORMS,
            description = "Platforms each agent should build, comma-separated (default: ${DEFAULT-VALUE}).")
    String platforms;

    @Option(names = "--registry", paramLabel = "HOST",
            description = "Registry to check (host[:port]): GET /v2/ answers, the login is accepted (from this host and through each engine).")
    String registryHost;

    @Option(names = "--registry-check", paramLabel = "REF",
            description = "Also resolve this image reference (HEAD of its manifest) with multiarch's own registry client, "
                    + "e.g. registry:5000/team/app:1.0. Implies --registry of its host.")
    String registryCheck;

    @Mixin
    RegistryOptionsMixin registry;

    @Option(names = "--probe-dir", paramLabel = "DIR", defaultValue = "/var/lib/multiarch-lab/busybox",
            description = "Static busybox per Debian architecture used to prove emulation (default ${DEFAULT-VALUE}, "
                    + "filled by multiarch setup-qemu --fetch-probes).")
    Path probeDir;


    DoctorCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        List<Platform> list = Platform.parseList(platforms);
        List<Agent> agents = new ArrayList<>();
        agents.add(Agent.local());
        for (String endpoint : endpoints) {
            if (endpoint.isBlank() || !endpoint.contains("://")) {
                throw MultiarchException.invalidInput("Invalid --endpoint '" + endpoint
                        + "': expected a DOCKER_HOST such as unix:///var/run/docker-b.sock, tcp://host:2376 or ssh://user@host");
            }
            agents.add(Agent.of(endpoint));
        }
        ImageRef checkRef = registryCheck == null ? null : ImageRef.parse(registryCheck);
        String host = registryHost != null ? registryHost : checkRef == null ? null : checkRef.registry();
        RegistryOptions options = registry.options;
        if ((options.username != null || options.passwordStdin) && host == null) {
            throw MultiarchException.invalidInput("--username/--password-stdin need --registry HOST (the registry to log in to)");
        }
        CredentialStore store = options.credentials(context, host);
        Credentials credentials = host == null ? null : store.find(host).orElse(null);
        Set<String> insecure = Set.copyOf(options.insecureRegistries);
        RegistryClient client = checkRef == null ? null
                : RegistryClient.builder().credentials(store).insecureRegistries(insecure).build();

        CommandRunner runner = new ProcessCommandRunner(context.env());
        Doctor doctor = new Doctor(runner, new AgentProbe(runner, probeDir).inBuildsOnly(), BinfmtRegistrar.forThisHost(runner),
                new ProbeBinaries(probeDir, runner), context.env());
        PrintStream err = context.err();
        List<Check> checks = doctor.run(new Doctor.Request(agents, list, true, host, credentials, insecure, checkRef, client),
                line -> err.println("multiarch doctor: " + line));
        print(checks, context.out());
        return Doctor.allOk(checks) ? 0 : 1;
    }

    static void print(List<Check> checks, PrintStream out) {
        int agentWidth = "AGENT".length();
        int checkWidth = "CHECK".length();
        for (Check c : checks) {
            agentWidth = Math.max(agentWidth, c.agent().length());
            checkWidth = Math.max(checkWidth, c.name().length());
        }
        String row = "%-" + agentWidth + "s  %-" + checkWidth + "s  %-6s  %s%n";
        out.printf(row, "AGENT", "CHECK", "STATUS", "DETAIL");
        String indent = " ".repeat(agentWidth + checkWidth + 2 + 2 + 6 + 2);
        for (Check c : checks) {
            out.printf(row, c.agent(), c.name(), c.ok() ? "OK" : "FAIL", c.detail());
            if (!c.ok()) {
                out.println(indent + "fix: " + c.fix());
            }
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        out.println(failed == 0 ? checks.size() + " checks, all OK."
                : checks.size() + " checks, " + failed + " FAIL: see the fix lines above.");
        out.flush();
    }
}
