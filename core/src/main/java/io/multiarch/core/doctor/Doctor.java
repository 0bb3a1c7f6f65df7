package io.multiarch.core.doctor;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.build.TempDockerConfig;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Checks what each agent really does and says, line by line, OK or what to do: engine reachable and its
 * version, native architecture, buildx and the builder's driver, per platform native / emulated (proved by
 * {@link AgentProbe}'s real multi-call probe run) / broken; on the machine the doctor runs on the binfmt
 * handlers (flags {@code P} and {@code F}) and the registry's reachability and login; through each engine
 * a {@code docker login} when credentials are given (the engine pushes, so it must reach the registry too).
 * Never prints; secrets never enter a check's text.
 */
public final class Doctor {
    /** System-wide CLI plugin folders the docker client searches (in addition to $DOCKER_CONFIG/cli-plugins). */
    public static final List<Path> SYSTEM_PLUGIN_DIRS = List.of(Path.of("/usr/local/lib/docker/cli-plugins"),
            Path.of("/usr/local/libexec/docker/cli-plugins"), Path.of("/usr/lib/docker/cli-plugins"),
            Path.of("/usr/libexec/docker/cli-plugins"));

    private final CommandRunner runner;
    private final AgentProbe probe;
    private final BinfmtRegistrar binfmt;
    private final ProbeBinaries probes;
    private final Map<String, String> env;

    /**
     * @param runner runs docker (for {@code docker login} through an engine)
     * @param probe probes agents and emulation
     * @param binfmt reads this host's binfmt handlers
     * @param probes the probe binaries the emulation probe needs
     * @param env the environment docker sees ({@code DOCKER_HOST}, {@code DOCKER_CONFIG}, {@code HOME})
     */
    public Doctor(CommandRunner runner, AgentProbe probe, BinfmtRegistrar binfmt, ProbeBinaries probes, Map<String, String> env) {
        this.runner = runner;
        this.probe = probe;
        this.binfmt = binfmt;
        this.probes = probes;
        this.env = Map.copyOf(env.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** What to check. */
    public record Request(List<Agent> agents, List<Platform> platforms, boolean checkThisHost, String registry,
            Credentials credentials, Set<String> insecureRegistries, ImageRef registryCheck, RegistryClient client) {
        public Request {
            agents = List.copyOf(agents);
            platforms = List.copyOf(platforms);
            insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
            if (agents.isEmpty()) {
                throw MultiarchException.invalidInput("The doctor needs at least one agent to check");
            }
            if (registryCheck != null && client == null) {
                throw new IllegalArgumentException("a registry check reference needs a registry client");
            }
        }

        /** Agents and platforms only; no registry. */
        public static Request of(List<Agent> agents, List<Platform> platforms, boolean checkThisHost) {
            return new Request(agents, platforms, checkThisHost, null, null, Set.of(), null, null);
        }
    }

    /** Runs every check; {@code progress} hears what is being checked (for a console). */
    public List<Check> run(Request request, Consumer<String> progress) {
        List<Check> checks = new ArrayList<>();
        String buildxPlugin = findBuildxPlugin(env, SYSTEM_PLUGIN_DIRS);
        for (Agent agent : request.agents()) {
            progress.accept("checking agent " + agent + " (engine, buildx, emulation of "
                    + request.platforms().stream().map(Platform::toString).collect(Collectors.joining(", ")) + ")");
            AgentCapabilities caps = probe.capabilities(agent);
            if (caps.usable()) {
                caps = probe.probeEmulation(caps, request.platforms());
            }
            checks.addAll(agentChecks(caps, request.platforms(), probes, buildxPlugin, env.get("DOCKER_HOST")));
            if (caps.usable() && request.registry() != null && request.credentials() != null
                    && request.credentials().password() != null) {
                progress.accept("logging in to " + request.registry() + " through the engine of " + agent);
                checks.add(engineLogin(agent, request.registry(), request.credentials()));
            }
        }
        if (request.checkThisHost()) {
            checks.addAll(binfmtChecks(request.platforms()));
        }
        if (request.registry() != null) {
            progress.accept("checking registry " + request.registry());
            checks.addAll(new RegistryChecks(request.insecureRegistries()).check(request.registry(), request.credentials()));
        }
        if (request.registryCheck() != null) {
            checks.add(referenceCheck(request.client(), request.registryCheck()));
        }
        return List.copyOf(checks);
    }

    /** The checks of one probed agent (pure: no docker, only the probe binaries' presence on disk). */
    static List<Check> agentChecks(AgentCapabilities caps, List<Platform> platforms, ProbeBinaries probes, String buildxPlugin,
            String dockerHostEnv) {
        Agent agent = caps.agent();
        String a = agent.name();
        List<Check> checks = new ArrayList<>();
        String endpoint = agent.dockerHost() != null ? agent.dockerHost()
                : dockerHostEnv != null ? "DOCKER_HOST=" + dockerHostEnv : "default endpoint";
        if (!caps.usable()) {
            checks.add(Check.fail(a, "engine", caps.problem(), engineFix(agent, caps.problem())));
            return checks;
        }
        checks.add(Check.ok(a, "engine", "Docker engine " + caps.engineVersion() + " (" + endpoint + ")"));
        Platform nativePlatform = caps.nativePlatform();
        if (nativePlatform == null) {
            checks.add(Check.fail(a, "architecture", "the engine reports an architecture multiarch does not know",
                    "this agent can only be used for emulated builds; run 'docker info --format {{.Architecture}}' and report it"));
        } else {
            checks.add(Check.ok(a, "architecture", nativePlatform + " (builds it natively)"));
        }
        if (caps.buildx()) {
            checks.add(Check.ok(a, "buildx", "docker buildx " + (buildxPlugin == null ? "present" : "at " + buildxPlugin)));
            boolean oneInvocation = caps.multiPlatformBuild();
            String driver = caps.builderDriver() == null ? "unknown" : caps.builderDriver();
            checks.add(Check.ok(a, "builder", "driver " + driver + ": " + (oneInvocation
                    ? "several platforms in one invocation"
                    : caps.containerdStore() && "docker".equals(driver)
                    ? "on the containerd image store it builds several platforms at once but cannot push them by digest, "
                            + "so multiarch runs one invocation per platform, in parallel"
                    : "one platform per invocation (multiarch runs one invocation per platform, in parallel)")
                    + (caps.builderPlatforms().isEmpty() ? "" : "; lists "
                            + caps.builderPlatforms().stream().map(Platform::toString).collect(Collectors.joining(",")))));
        } else {
            checks.add(Check.fail(a, "buildx", "docker buildx is not available to the docker client: builds fall back "
                    + "to 'docker build', one platform at a time",
                    "install docker-buildx system-wide (Debian/Ubuntu: apt-get install docker-buildx, or copy the binary to "
                            + "/usr/libexec/docker/cli-plugins/docker-buildx); a plugin only in ~/.docker/cli-plugins "
                            + "vanishes when DOCKER_CONFIG points elsewhere (CI jobs, a private per-build config)"));
        }
        String where = agent.dockerHost() == null ? "this machine" : "the machine of " + agent.dockerHost();
        for (Platform p : platforms) {
            String name = "platform " + p;
            if (caps.isNative(p)) {
                checks.add(Check.ok(a, name, "native"));
                continue;
            }
            if (!probes.present(p)) {
                Path path = probes.path(p);
                checks.add(Check.fail(a, name, "cannot prove emulation: " + (path == null
                        ? "no probe binary is known for " + p : "probe binary " + path + " is missing"), probes.howToGet(p)));
                continue;
            }
            ProbeResult result = caps.emulation().get(p);
            if (result == null) {
                checks.add(Check.fail(a, name, "not probed", "run the doctor again"));
            } else if (result.works()) {
                checks.add(Check.ok(a, name, "emulated: " + result.detail()));
            } else {
                checks.add(Check.fail(a, name, "emulation broken: " + result.detail(),
                        "run 'multiarch setup-qemu --platforms " + p + "' as root on " + where
                                + " (registers the -binfmt-P handler with flags POCF), then 'multiarch doctor' again"));
            }
        }
        return checks;
    }

    /** What to do when an agent's engine does not answer. */
    public static String engineFix(Agent agent, String problem) {
        if (problem != null && problem.contains("permission denied")) {
            return "this user may not use the docker socket: add it to the docker group (usermod -aG docker USER, then log in "
                    + "again) or run as root";
        }
        return agent.dockerHost() == null
                ? "start the Docker engine on this machine (e.g. 'systemctl start docker', or 'dockerd &' without systemd) "
                        + "and check that 'docker version' shows a Server part"
                : "start dockerd on that machine and check 'DOCKER_HOST=" + agent.dockerHost() + " docker version'; "
                        + "for ssh:// the user needs key-based login and docker on its PATH, for unix:// the socket path "
                        + "must exist and be writable; or drop --endpoint " + agent.dockerHost();
    }

    /** This host's binfmt handlers for the non-native platforms. */
    List<Check> binfmtChecks(List<Platform> platforms) {
        List<Check> checks = new ArrayList<>();
        String h = Check.THIS_HOST;
        List<Platform> emulated = platforms.stream().filter(p -> !binfmt.isNative(p)).toList();
        if (emulated.isEmpty()) {
            return checks;
        }
        if (!binfmt.mounted()) {
            checks.add(Check.fail(h, "binfmt_misc", "binfmt_misc is not mounted at " + binfmt.binfmtDir()
                    + ": no emulation on this host", "run 'multiarch setup-qemu' as root (it mounts binfmt_misc and registers the handlers)"));
            return checks;
        }
        for (Platform p : emulated) {
            String name = "binfmt " + p;
            Optional<String> qemu = BinfmtRegistrar.qemuNameOf(p);
            if (qemu.isEmpty()) {
                checks.add(Check.fail(h, name, "qemu user emulation does not cover " + p,
                        "build " + p + " on a native agent (--endpoint " + p + "=DOCKER_HOST)"));
                continue;
            }
            String fix = "run 'multiarch setup-qemu --platforms " + p + "' as root"
                    + (binfmt.qemuInstalled() ? "" : " after 'apt-get install qemu-user-static'");
            Optional<BinfmtEntry> found = binfmt.entry(qemu.get());
            if (found.isEmpty()) {
                Optional<BinfmtDefinition> definition = binfmt.definition(qemu.get());
                found = definition.flatMap(d -> binfmt.entries().stream().filter(e -> e.matches(d)).findFirst());
            }
            if (found.isEmpty()) {
                checks.add(Check.fail(h, name, "no handler for " + p + " is registered (qemu-" + qemu.get() + " missing)", fix));
                continue;
            }
            BinfmtEntry entry = found.get();
            String what = entry.name() + " -> " + entry.interpreter() + " (flags " + (entry.flags().isEmpty() ? "none" : entry.flags()) + ")";
            if (!entry.enabled()) {
                checks.add(Check.fail(h, name, what + " is disabled", fix));
            } else if (!entry.hasFlags("P")) {
                checks.add(Check.fail(h, name, what + " lacks flag P: argv[0] is lost, so busybox applets and other "
                        + "multi-call binaries fail with 'applet not found'", fix + " (re-registers with the -binfmt-P interpreter and flags POCF)"));
            } else if (!entry.hasFlags("F")) {
                checks.add(Check.fail(h, name, what + " lacks flag F: the interpreter is looked up inside each container, "
                        + "where it does not exist", fix + " (re-registers with flags POCF)"));
            } else {
                checks.add(Check.ok(h, name, what));
            }
        }
        return checks;
    }

    private Check engineLogin(Agent agent, String registry, Credentials credentials) {
        String name = "registry " + registry + " login via engine";
        try (TempDockerConfig config = TempDockerConfig.create(env, null)) {
            config.login(runner, agent, registry, credentials.username(), credentials.password());
            return Check.ok(agent.name(), name, "the engine logged in to " + registry + " as '" + credentials.username() + "'");
        } catch (MultiarchException e) {
            String message = e.getMessage();
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            String fix = lower.contains("401") || lower.contains("unauthorized") || lower.contains("denied")
                    ? "check the user name and password (the engine got the same answer as 'docker login " + registry + "')"
                    : "the engine itself must reach " + registry + ": check DNS, proxy and firewall of "
                            + (agent.dockerHost() == null ? "this machine" : "the machine of " + agent.dockerHost())
                            + ", and list a plain-HTTP registry in that engine's insecure-registries (daemon.json)";
            return Check.fail(agent.name(), name, message, fix);
        }
    }

    private static Check referenceCheck(RegistryClient client, ImageRef ref) {
        String name = "registry check " + ref;
        try {
            Optional<Descriptor> found = client.headManifest(ref);
            return found.map(d -> Check.ok(Check.THIS_HOST, name, "resolves to " + d.digest() + " (" + d.mediaType() + ")"))
                    .orElseGet(() -> Check.fail(Check.THIS_HOST, name, "the registry has no manifest " + ref,
                            "pass --registry-check with a reference that exists (or push it first)"));
        } catch (RegistryException e) {
            String fix = e.status() == 401 || e.status() == 403
                    ? "check the credentials: 'docker login " + ref.registry() + "', or --username USER --password-stdin"
                    : "check that " + ref.registry() + " is reachable from this host (--insecure-registry for plain HTTP)";
            return Check.fail(Check.THIS_HOST, name, e.getMessage(), fix);
        } catch (MultiarchException e) {
            return Check.fail(Check.THIS_HOST, name, e.getMessage(), "check the reference and the registry");
        }
    }

    /**
     * Where the docker client finds its buildx plugin: {@code $DOCKER_CONFIG/cli-plugins} (default
     * {@code ~/.docker/cli-plugins}) first, then the system-wide folders. A per-user plugin is flagged,
     * since it disappears under a private {@code DOCKER_CONFIG}. Null when none is found.
     */
    static String findBuildxPlugin(Map<String, String> env, List<Path> systemDirs) {
        String configured = env.get("DOCKER_CONFIG");
        Path userDir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        Path user = userDir.resolve("cli-plugins").resolve("docker-buildx");
        Path system = systemDirs.stream().map(d -> d.resolve("docker-buildx")).filter(Files::isExecutable).findFirst().orElse(null);
        if (Files.isExecutable(user)) {
            return user + (system == null ? " (per-user only: install it system-wide, e.g. " + systemDirs.get(systemDirs.size() - 1)
                    + ", so jobs with their own DOCKER_CONFIG see it too)" : "");
        }
        return system == null ? null : system.toString();
    }

    /** Whether every check passed. */
    public static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }
}
