package io.multiarch.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import io.multiarch.core.publish.ManifestPublisher;
import io.multiarch.core.publish.PublishRequest;
import io.multiarch.core.publish.PublishResult;
import io.multiarch.core.publish.Source;
import io.multiarch.core.registry.CredentialStore;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.core.registry.RegistryClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds every platform on its planned agent in parallel (each with its own log), pushes each as
 * its per-architecture image, then publishes the verified list for every tag — only when all
 * platforms succeeded, unless partial publishing was asked for. Per-arch images that did build
 * stay; a failed build never moves a list tag.
 */
public final class MultiArchBuilder {
    private static final Pattern PUSH_DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");
    private static final String IMAGE_DIGEST = "containerimage.digest";
    private static final String CONFIG_DIGEST = "containerimage.config.digest";

    private final CommandRunner runner;
    private final AgentProbe probe;
    private final BuildListener listener;
    private final Clock clock;

    public MultiArchBuilder(CommandRunner runner, AgentProbe probe, BuildListener listener, Clock clock) {
        this.runner = runner;
        this.probe = probe;
        this.listener = listener;
        this.clock = clock;
    }

    /** Plans without building: which agent builds which platform, and how. */
    public BuildPlan plan(BuildRequest request) {
        request.spec().validate();
        return new Planner(probe).plan(request.platforms(), request.pinned(), request.agents(), request.emulationAgent(),
                request::archImage);
    }

    public BuildOutcome build(BuildRequest request) {
        Instant start = clock.instant();
        BuildPlan plan = plan(request);
        listener.planned(plan);
        if (request.dryRun()) {
            List<PlatformResult> none = plan.steps().stream().map(s -> new PlatformResult(s.platform(), s.agent().agent().name(),
                    s.mode(), null, null, PlatformStatus.NOT_STARTED, -1, s.archImage(), null, 0, null, null)).toList();
            return new BuildOutcome(request.image(), request.tags(), none, null, start, clock.instant(), "dry run");
        }
        Path logs = logsDir(request);
        List<TempDockerConfig> configs = new ArrayList<>();
        Map<String, TempDockerConfig> configByAgent = new HashMap<>();
        List<PlatformResult> results;
        try {
            if (request.username() != null) {
                for (AgentCapabilities agent : plan.agents()) {
                    if (plan.steps().stream().noneMatch(s -> s.agent().agent().equals(agent.agent()))) {
                        continue;
                    }
                    TempDockerConfig config = TempDockerConfig.create(request.env(), null);
                    configs.add(config);
                    configByAgent.put(agent.agent().name(), config);
                    config.login(runner, agent.agent(), request.image().registry(), request.username(), request.password());
                }
            }
            results = oneInvocation(request, plan)
                    ? runInOneInvocation(request, plan, logs, configByAgent.get(plan.steps().get(0).agent().agent().name()))
                    : runAll(request, plan, logs, configByAgent);
        } catch (IOException e) {
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Cannot write the build log: " + e.getMessage(), e);
        } finally {
            closeAll(configs);
        }
        if (!request.push()) {
            boolean complete = results.stream().allMatch(PlatformResult::succeeded);
            return new BuildOutcome(request.image(), List.of(), results, null, start, clock.instant(),
                    complete ? null : failedNames(results) + " failed (nothing was pushed)");
        }
        try (RegistryClient registry = registryClient(request)) {
            return finish(request, results, registry, start);
        }
    }

    /**
     * Without push, right after a platform's build: reads the loaded image back from the engine that built
     * it (image ID as digest, size), as a pushed image is read back from the registry. Its platform must be
     * the one asked for and, when buildx reported what it loaded, its ID must be one of those digests
     * ({@code containerimage.digest}, or {@code containerimage.config.digest}: an image ID is the config
     * digest in the classic store and the manifest digest in the containerd store), else another build with
     * the same name on that engine moved the tag.
     */
    private PlatformResult withLocalDetails(Agent agent, PlatformResult r, java.util.Set<Digest> loaded) {
        CommandResult inspect = runner.run(new Command(DockerCommands.imageInspect(r.image()), engineEnv(agent, null), null,
                null, java.time.Duration.ofSeconds(60)), line -> { });
        if (!inspect.ok()) {
            return failedAfterBuild(r, "the build said it loaded " + r.image() + " into " + agent + " but that engine "
                    + "does not have it: " + inspect.lastLine());
        }
        try {
            JsonNode image = io.multiarch.core.Json.read(inspect.lastLine());
            String variant = image.path("Variant").asText("");
            Platform found = Platform.parse(image.path("Os").asText() + "/" + image.path("Architecture").asText()
                    + (variant.isEmpty() ? "" : "/" + variant));
            if (!r.platform().isSatisfiedBy(found)) {
                return failedAfterBuild(r, "the image " + r.image() + " in " + agent + " is " + found + ", not " + r.platform());
            }
            Digest id = Digest.parse(image.path("Id").asText());
            if (!loaded.isEmpty() && !loaded.contains(id)) {
                return failedAfterBuild(r, r.image() + " in " + agent + " now names " + id + ", not the image this build "
                        + "loaded (" + loaded.iterator().next() + "; another build with the same name on that engine?)");
            }
            return new PlatformResult(r.platform(), r.agent(), r.mode(), r.start(), r.end(), r.status(), r.exitCode(),
                    r.image(), id, image.path("Size").asLong(), r.log(), null);
        } catch (IOException | MultiarchException e) {
            return failedAfterBuild(r, "cannot read the engine's description of " + r.image() + ": " + e.getMessage());
        }
    }

    /** Deletes every private config, also when one cannot be deleted; then says which could not. */
    private void closeAll(List<TempDockerConfig> configs) {
        MultiarchException failed = null;
        for (TempDockerConfig config : configs) {
            try {
                config.close();
            } catch (MultiarchException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (!configs.isEmpty()) {
            listener.info("removed the private DOCKER_CONFIG of this build");
        }
    }

    private BuildOutcome finish(BuildRequest request, List<PlatformResult> built, RegistryClient registry, Instant start) {
        List<PlatformResult> results = built.stream().map(r -> r.succeeded() ? withImageDetails(registry, r) : r).toList();
        if (!request.publish()) {
            boolean complete = results.stream().allMatch(PlatformResult::succeeded);
            return new BuildOutcome(request.image(), request.tags(), results, null, start, clock.instant(),
                    complete ? null : failedNames(results) + " failed");
        }
        return conclude(request.image(), request.extraTags(), request.format(), request.allowPartial(), results, registry, start);
    }

    /**
     * Publishes the list from the platforms that succeeded — when all did, or when partial
     * publishing is allowed and at least one did — and says what happened. A publish the registry
     * refuses becomes the outcome's failure (with its kind), so a report can still be written.
     * Jenkins calls this once all branches are done; the CLI through {@link #build}.
     */
    public BuildOutcome conclude(ImageRef image, List<String> extraTags, ListFormat format, boolean allowPartial,
            List<PlatformResult> results, RegistryClient registry, Instant start) {
        List<PlatformResult> succeeded = results.stream().filter(PlatformResult::succeeded).toList();
        boolean complete = succeeded.size() == results.size();
        List<String> tags = new ArrayList<>(List.of(image.tag()));
        extraTags.stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        if (!complete && !(allowPartial && !succeeded.isEmpty())) {
            return new BuildOutcome(image, tags, results, null, start, clock.instant(), failedNames(results)
                    + " failed; no list was published and no tag of " + image.name()
                    + " moved (the per-arch images that built are kept)");
        }
        List<Source> sources = succeeded.stream()
                .map(r -> new Source(r.digest() == null ? r.image() : r.image().withDigest(r.digest()), r.platform())).toList();
        try {
            PublishResult published = new ManifestPublisher(registry, listener::info)
                    .publish(new PublishRequest(image, extraTags, sources, format, false));
            return new BuildOutcome(image, tags, results, published, start, clock.instant(),
                    complete ? null : failedNames(results) + " failed; published the list without them (partial publishing allowed)");
        } catch (MultiarchException e) {
            return new BuildOutcome(image, tags, results, null, start, clock.instant(), "Publishing the list " + image
                    + " failed: " + e.getMessage(), e.kind());
        }
    }

    /** All steps on one agent whose builder takes several platforms at once, and the caller allows it. */
    static boolean oneInvocation(BuildRequest request, BuildPlan plan) {
        return request.oneInvocation() && request.push() && plan.steps().size() > 1
                && plan.steps().stream().map(s -> s.agent().agent()).distinct().count() == 1
                && plan.steps().get(0).agent().multiPlatformBuild();
    }

    /**
     * One {@code buildx build --platform a,b,c} pushed by digest only (no tag moves), then each
     * platform's entry is taken from the pushed index and published through the verified path.
     */
    private List<PlatformResult> runInOneInvocation(BuildRequest request, BuildPlan plan, Path logs, TempDockerConfig config)
            throws IOException {
        Agent agent = plan.steps().get(0).agent().agent();
        List<Platform> platforms = plan.steps().stream().map(BuildPlan.Step::platform).toList();
        Path log = logs.resolve("all-platforms.log");
        Path metadata = Files.createTempFile("multiarch-metadata-", ".json");
        Masker masker = new Masker(request.password());
        Instant started = clock.instant();
        plan.steps().forEach(listener::started);
        CommandResult result;
        String indexDigest;
        try (LogSink sink = new LogSink(log, masker, masked -> platforms.forEach(p -> listener.line(p, masked)))) {
            Command command = new Command(DockerCommands.buildxBuildByDigest(request.spec(), platforms, request.image(), metadata),
                    engineEnv(agent, config), null, null, request.platformTimeout());
            sink.accept("$ " + command.display());
            result = runner.run(command, sink);
            Digest fromMetadata = readMetadata(metadata).get(IMAGE_DIGEST);
            indexDigest = fromMetadata == null ? null : fromMetadata.toString();
        } finally {
            Files.deleteIfExists(metadata);
        }
        Instant ended = clock.instant();
        List<PlatformResult> results = new ArrayList<>();
        for (BuildPlan.Step step : plan.steps()) {
            boolean ok = result.ok() && indexDigest != null;
            PlatformResult r = new PlatformResult(step.platform(), agent.name(), step.mode(), started, ended,
                    ok ? PlatformStatus.SUCCEEDED : PlatformStatus.FAILED, result.exitCode(),
                    ok ? request.image().withDigest(Digest.parse(indexDigest)) : step.archImage(), null, 0, log,
                    ok ? null : "exit " + result.exitCode() + ": " + masker.mask(result.lastLine()));
            listener.finished(r);
            results.add(r);
        }
        return results;
    }

    private static String failedNames(List<PlatformResult> results) {
        return String.join(", ", results.stream().filter(r -> !r.succeeded()).map(r -> r.platform().toString()).toList());
    }

    private Path logsDir(BuildRequest request) {
        try {
            Path dir = request.reportDir() != null ? request.reportDir().resolve("logs") : Files.createTempDirectory("multiarch-logs-");
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Cannot create the log directory: " + e.getMessage()
                    + " (choose a writable --report directory)");
        }
    }

    private List<PlatformResult> runAll(BuildRequest request, BuildPlan plan, Path logs, Map<String, TempDockerConfig> configs) {
        ExecutorService pool = Executors.newFixedThreadPool(plan.steps().size(), r -> {
            Thread t = new Thread(r, "multiarch-build");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<BuildPlan.Step, Future<PlatformResult>> futures = new LinkedHashMap<>();
            for (BuildPlan.Step step : plan.steps()) {
                futures.put(step, pool.submit(() -> runOne(request, step, logs, configs.get(step.agent().agent().name()))));
            }
            List<PlatformResult> results = new ArrayList<>();
            for (Map.Entry<BuildPlan.Step, Future<PlatformResult>> e : futures.entrySet()) {
                try {
                    results.add(e.getValue().get());
                } catch (ExecutionException ex) {
                    BuildPlan.Step step = e.getKey();
                    results.add(new PlatformResult(step.platform(), step.agent().agent().name(), step.mode(), null, clock.instant(),
                            PlatformStatus.FAILED, -1, step.archImage(), null, 0, null, String.valueOf(ex.getCause().getMessage())));
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while building", e);
        } finally {
            pool.shutdownNow();
            // the cancelled builds kill their process trees; wait for that before the caller deletes
            // the private DOCKER_CONFIG they use
            AgentProbe.awaitQuietly(pool);
        }
    }

    private PlatformResult runOne(BuildRequest request, BuildPlan.Step step, Path logs, TempDockerConfig config) throws IOException {
        Platform platform = step.platform();
        Agent agent = step.agent().agent();
        Path log = logs.resolve(fileName(platform) + ".log");
        Path metadata = Files.createTempFile("multiarch-metadata-", ".json");
        Instant started = clock.instant();
        listener.started(step);
        Masker masker = new Masker(request.password());
        CommandResult result;
        String pushedDigest = null;
        java.util.Set<Digest> loaded = java.util.Set.of();
        try (LogSink sink = new LogSink(log, masker, masked -> listener.line(platform, masked))) {
            List<Command> commands = commands(request, step, metadata, engineEnv(agent, config));
            result = null;
            for (Command command : commands) {
                sink.accept("$ " + command.display());
                result = runner.run(command, sink);
                Matcher m = PUSH_DIGEST.matcher(result.output());
                if (m.find()) {
                    pushedDigest = m.group(1);
                }
                if (!result.ok()) {
                    break;
                }
            }
            Map<String, Digest> built = readMetadata(metadata);
            if (built.containsKey(IMAGE_DIGEST)) {
                pushedDigest = built.get(IMAGE_DIGEST).toString();
            }
            loaded = java.util.Set.copyOf(built.values());
        } finally {
            Files.deleteIfExists(metadata);
        }
        Instant ended = clock.instant();
        PlatformResult done;
        if (result.ok()) {
            done = new PlatformResult(platform, agent.name(), step.mode(), started, ended, PlatformStatus.SUCCEEDED, 0,
                    step.archImage(), pushedDigest == null ? null : Digest.parse(pushedDigest), 0, log, null);
            if (!request.push()) {
                done = withLocalDetails(agent, done, loaded);
            }
        } else {
            String reason = result.timedOut()
                    ? "timed out after " + request.platformTimeout().toSeconds() + " s"
                    : "exit " + result.exitCode() + ": " + masker.mask(result.lastLine());
            done = new PlatformResult(platform, agent.name(), step.mode(), started, ended, PlatformStatus.FAILED,
                    result.exitCode(), step.archImage(), null, 0, log, reason);
        }
        listener.finished(done);
        return done;
    }

    /** The command lines a platform's build will run, for a dry run's plan. */
    public static List<String> describeCommands(BuildRequest request, BuildPlan plan, BuildPlan.Step step) {
        if (oneInvocation(request, plan)) {
            List<Platform> all = plan.steps().stream().map(BuildPlan.Step::platform).toList();
            return List.of(new Command(DockerCommands.buildxBuildByDigest(request.spec(), all, request.image(),
                    Path.of("METADATA.json")), Map.of(), null, null, null).display());
        }
        return commands(request, step, Path.of("METADATA.json"), Map.of()).stream().map(Command::display).toList();
    }

    /**
     * The commands one platform runs: one buildx build with push (or load, without push), or classic
     * build then push (no push without push).
     */
    static List<Command> commands(BuildRequest request, BuildPlan.Step step, Path metadata, Map<String, String> env) {
        List<ImageRef> tags = List.of(step.archImage());
        List<Command> commands = new ArrayList<>();
        if (step.agent().buildx()) {
            commands.add(new Command(DockerCommands.buildxBuild(request.spec(), List.of(step.platform()), tags,
                    request.push() ? DockerCommands.Output.PUSH : DockerCommands.Output.LOAD,
                    metadata, false), env, null, null, request.platformTimeout()));
        } else {
            commands.add(new Command(DockerCommands.classicBuild(request.spec(), step.platform(), tags, false), env, null, null,
                    request.platformTimeout()));
            if (request.push()) {
                commands.add(new Command(DockerCommands.push(step.archImage()), env, null, null, request.platformTimeout()));
            }
        }
        return commands;
    }

    /**
     * The digests buildx's metadata file names for what it built: {@value #IMAGE_DIGEST} (the image or index)
     * and {@value #CONFIG_DIGEST}; empty when it wrote none (the classic {@code docker build} takes no such file).
     */
    private static Map<String, Digest> readMetadata(Path metadata) {
        Map<String, Digest> digests = new LinkedHashMap<>();
        try {
            if (Files.size(metadata) == 0) {
                return digests;
            }
            JsonNode node = io.multiarch.core.Json.read(metadata);
            for (String key : List.of(IMAGE_DIGEST, CONFIG_DIGEST)) {
                String digest = node.path(key).asText("");
                if (digest.startsWith("sha256:")) {
                    digests.put(key, Digest.parse(digest));
                }
            }
        } catch (IOException | MultiarchException e) {
            // no usable metadata: the caller goes by the build's output instead
        }
        return digests;
    }

    private PlatformResult withImageDetails(RegistryClient registry, PlatformResult r) {
        ImageRef ref = r.digest() != null ? r.image().withDigest(r.digest()) : r.image();
        Optional<Manifest> manifest;
        try {
            manifest = registry.fetchManifest(ref);
        } catch (MultiarchException e) {
            return failedAfterBuild(r, "pushed image cannot be read back: " + e.getMessage());
        }
        if (manifest.isEmpty()) {
            return failedAfterBuild(r, "the build said it pushed " + ref + " but the registry does not have it");
        }
        Manifest m = manifest.get();
        if (m.isList()) {
            var entry = m.entries().stream().filter(e -> e.platform() != null && r.platform().isSatisfiedBy(e.platform()))
                    .findFirst();
            if (entry.isEmpty()) {
                return failedAfterBuild(r, "the pushed index " + ref + " has no entry for " + r.platform());
            }
            Optional<Manifest> image = registry.fetchManifest(r.image().withDigest(entry.get().digest()));
            if (image.isEmpty()) {
                return failedAfterBuild(r, "the pushed index " + ref + " lists a missing image for " + r.platform());
            }
            m = image.get();
        }
        // pushed by digest only (one invocation: the image named the index): name the platform's own image
        ImageRef image = r.image().digest() != null ? r.image().withDigest(m.digest()) : r.image();
        return new PlatformResult(r.platform(), r.agent(), r.mode(), r.start(), r.end(), r.status(), r.exitCode(), image,
                m.digest(), m.totalSize(), r.log(), null);
    }

    private static PlatformResult failedAfterBuild(PlatformResult r, String why) {
        return new PlatformResult(r.platform(), r.agent(), r.mode(), r.start(), r.end(), PlatformStatus.FAILED, r.exitCode(),
                r.image(), null, 0, r.log(), why);
    }

    private static RegistryClient registryClient(BuildRequest request) {
        CredentialStore store = DockerConfigCredentials.fromEnvironment(request.env());
        if (request.username() != null) {
            Credentials given = Credentials.basic(request.username(), request.password());
            String registry = request.image().registry();
            store = CredentialStore.given(registry, given).orElse(store);
        }
        return RegistryClient.builder().credentials(store).insecureRegistries(request.insecureRegistries()).build();
    }

    /** {@code linux-arm-v7} for linux/arm/v7: a file name for a platform. */
    public static String fileName(Platform platform) {
        return platform.toString().replace('/', '-');
    }

    /** The environment docker runs with on an agent: its endpoint, BuildKit, and the private config if any. */
    private static Map<String, String> engineEnv(Agent agent, TempDockerConfig config) {
        Map<String, String> env = new LinkedHashMap<>(agent.env());
        env.put("DOCKER_BUILDKIT", "1");
        if (config != null) {
            env.putAll(config.env());
        }
        return env;
    }

    /** Writes each output line, masked, to a build's own log file and hands it on to the listener. */
    private static final class LogSink implements java.util.function.Consumer<String>, AutoCloseable {
        private final BufferedWriter out;
        private final Masker masker;
        private final java.util.function.Consumer<String> onLine;

        LogSink(Path log, Masker masker, java.util.function.Consumer<String> onLine) throws IOException {
            this.out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            this.masker = masker;
            this.onLine = onLine;
        }

        @Override
        public synchronized void accept(String line) {
            String masked = masker.mask(line);
            try {
                out.write(masked);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            onLine.accept(masked);
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /** Replaces the password in every line before it is logged or shown. */
    private record Masker(Secret secret) {
        String mask(String line) {
            if (secret == null || secret.isEmpty()) {
                return line;
            }
            return line.replace(secret.reveal(), "****");
        }
    }
}
