package io.multiarch.jenkins;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.build.ArchImageTemplate;
import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.BuildRequest;
import io.multiarch.core.build.BuildSpec;
import io.multiarch.core.build.MultiArchBuilder;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.build.PlatformStatus;
import io.multiarch.core.build.ResultMaps;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import io.multiarch.core.publish.ManifestPublisher;
import io.multiarch.core.publish.PublishRequest;
import io.multiarch.core.publish.PublishResult;
import io.multiarch.core.publish.Source;
import io.multiarch.core.publish.SourceSpecs;
import io.multiarch.core.registry.CredentialStore;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.RegistryListener;
import io.multiarch.core.report.BuildReportWriter;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What runs on an agent, as plain Java (no Jenkins types), so it can be tested without Jenkins: the
 * plugin's remoting callables only unpack their request and call these methods. Every method returns
 * plain maps and lists of strings and numbers, the shape that crosses remoting and Pipeline safely.
 * The password arrives as a field of the request, goes to the engine as a {@link Secret} (which logs in
 * with it on standard input through a private {@code DOCKER_CONFIG} it deletes at the end) and is masked
 * in every line written to the build log.
 */
final class AgentWork {
    private AgentWork() {
    }

    /** What the registry access of a request needs. */
    abstract static class RegistryAccess implements Serializable {
        private static final long serialVersionUID = 1L;

        /** User name and password for the image's registry; both null for none. */
        String username;
        String password;
        ArrayList<String> insecureRegistries = new ArrayList<>();
        /** The environment docker runs with on the agent: DOCKER_CONFIG, DOCKER_HOST, PATH, HOME, proxies. */
        HashMap<String, String> env = new HashMap<>();
    }

    /** Builds one or more platforms on this agent's engine. */
    static final class BuildTask extends RegistryAccess {
        private static final long serialVersionUID = 1L;

        String image;
        ArrayList<String> extraTags = new ArrayList<>();
        ArrayList<String> platforms = new ArrayList<>();
        String context = ".";
        String dockerfile;
        LinkedHashMap<String, String> buildArgs = new LinkedHashMap<>();
        String target;
        String archTemplate = ArchImageTemplate.DEFAULT;
        String format = "auto";
        /** Where logs (and, with {@link #writeReport}, the report) go; relative to the working directory. */
        String reportDir;
        boolean writeReport;
        long timeoutSeconds;
        String probeDir = AgentProbe.DEFAULT_PROBE_DIR.toString();
        /** All platforms in one buildx invocation when the builder can (buildxBuild). */
        boolean oneInvocation;
        /** Publish the list at the end (buildxBuild); multiArchBuild publishes once, after all branches. */
        boolean publish;
        /** Push the per-arch images (default); false: load them into the agent's engine, no list (buildxBuild). */
        boolean push = true;
        boolean allowPartial;

        /** A task with the build options every caller shares; the caller adds credentials and its own choices. */
        static BuildTask of(BuildOptions options, List<String> platforms, String reportDir) {
            BuildTask task = new BuildTask();
            task.image = options.getImage();
            task.extraTags = new ArrayList<>(options.getExtraTags());
            task.platforms = new ArrayList<>(platforms);
            task.context = options.getContext();
            task.dockerfile = options.getDockerfile();
            task.buildArgs = new LinkedHashMap<>(options.getBuildArgs());
            task.target = options.getTarget();
            task.archTemplate = options.getArchTemplate();
            task.format = options.getFormat();
            task.reportDir = reportDir;
            task.timeoutSeconds = java.util.concurrent.TimeUnit.MINUTES.toSeconds(options.getTimeoutMinutes());
            task.probeDir = options.getProbeDir();
            return task;
        }
    }

    /** Publishes the list of what the platform branches built, and writes the aggregated report. */
    static final class PublishTask extends RegistryAccess {
        private static final long serialVersionUID = 1L;

        String image;
        ArrayList<String> extraTags = new ArrayList<>();
        /** One {@link ResultMaps} map per platform, in the requested order. */
        ArrayList<LinkedHashMap<String, Object>> results = new ArrayList<>();
        boolean allowPartial;
        String format = "auto";
        String reportDir;
        boolean writeReport;
        String start;
    }

    /** Publishes a list from existing images ({@code pushManifest}). */
    static final class PushTask extends RegistryAccess {
        private static final long serialVersionUID = 1L;

        String target;
        ArrayList<String> tags = new ArrayList<>();
        ArrayList<String> platforms = new ArrayList<>();
        String template;
        String spec;
        /** Explicit sources: image and platform (platform may be null: read from the image config). */
        ArrayList<String[]> manifests = new ArrayList<>();
        String format = "auto";
    }

    /**
     * Builds every platform of the task on the engine of this machine ({@code DOCKER_HOST} of the task's
     * environment). A platform that fails, or a plan that fails (no qemu for an emulated platform), is a
     * failed result, not an exception, so the report always has a row per platform.
     *
     * @param cwd the working directory the task's relative paths start from
     * @return {@code platforms} (result maps), {@code listDigest}, {@code mediaType}, {@code tags},
     *         {@code published}, {@code failure}
     */
    static LinkedHashMap<String, Object> build(BuildTask task, Path cwd, PrintStream out) {
        ConsoleListener console = new ConsoleListener(out, task.password);
        checkDockerConfig(task, console);
        Instant start = Instant.now();
        ImageRef image = ImageRef.parse(task.image);
        List<Platform> platforms = task.platforms.stream().map(Platform::parse).toList();
        Path reportDir = cwd.resolve(task.reportDir);
        BuildOutcome outcome;
        try {
            BuildRequest.Builder request = BuildRequest.builder(image, platforms,
                            new BuildSpec(cwd.resolve(task.context).normalize(),
                                    task.dockerfile == null ? null : cwd.resolve(task.dockerfile).normalize(),
                                    task.buildArgs, task.target, Map.of(), BuildSpec.proxyVariablesIn(task.env)))
                    .extraTags(task.extraTags)
                    .archImages(task.archTemplate)
                    .insecureRegistries(new LinkedHashSet<>(task.insecureRegistries))
                    .reportDir(reportDir)
                    .format(ListFormat.parse(task.format))
                    .env(task.env)
                    .emulationAgent(Agent.local())
                    .oneInvocation(task.oneInvocation)
                    .publish(task.publish)
                    .push(task.push)
                    .allowPartial(task.allowPartial);
            for (Platform platform : platforms) {
                request.pin(platform, Agent.local());
            }
            if (task.timeoutSeconds > 0) {
                request.platformTimeout(Duration.ofSeconds(task.timeoutSeconds));
            }
            if (task.username != null) {
                request.credentials(task.username, Secret.of(task.password));
            }
            ProcessCommandRunner runner = new ProcessCommandRunner(task.env);
            outcome = new MultiArchBuilder(runner, new AgentProbe(runner, Path.of(task.probeDir), task.env, AgentProbe.BINFMT_DIR), console, Clock.systemUTC())
                    .build(request.build());
        } catch (MultiarchException e) {
            String message = Values.mask(e.getMessage(), task.password);
            console.print("multiarch: " + message);
            List<PlatformResult> failed = new ArrayList<>();
            for (Platform platform : platforms) {
                failed.add(new PlatformResult(platform, Agent.local().name(), null, start, Instant.now(), PlatformStatus.FAILED, -1,
                        archImage(task.archTemplate, image, platform), null, 0, null, message));
            }
            outcome = new BuildOutcome(image, tagsOf(image, task.extraTags), failed, null, start, Instant.now(), message);
        }
        if (task.writeReport) {
            BuildReportWriter.write(reportDir, outcome);
        }
        return outcomeMap(outcome);
    }

    /**
     * Publishes the list from the platforms that succeeded — when all did, or when partial publishing is
     * allowed and at least one did — then writes the aggregated report. A publish that fails is reported
     * in {@code failure}, with the report still written.
     *
     * @return {@code listDigest}, {@code mediaType}, {@code tags}, {@code published}, {@code failure}, {@code complete}
     */
    static LinkedHashMap<String, Object> publish(PublishTask task, Path cwd, PrintStream out) {
        ConsoleListener console = new ConsoleListener(out, task.password);
        checkDockerConfig(task, console);
        ImageRef image = ImageRef.parse(task.image);
        List<PlatformResult> results = new ArrayList<>();
        task.results.forEach(map -> results.add(ResultMaps.fromMap(map)));
        boolean complete = results.stream().allMatch(PlatformResult::succeeded);
        Instant start = task.start != null ? Instant.parse(task.start)
                : results.stream().map(PlatformResult::start).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                        .orElse(Instant.now());
        BuildOutcome outcome;
        try (RegistryClient client = client(task, image.registry(), console)) {
            outcome = new MultiArchBuilder(new ProcessCommandRunner(task.env), null, console, Clock.systemUTC())
                    .conclude(image, task.extraTags, ListFormat.parse(task.format), task.allowPartial, results, client, start);
        }
        if (task.writeReport) {
            BuildReportWriter.write(cwd.resolve(task.reportDir), outcome);
        }
        LinkedHashMap<String, Object> map = outcomeMap(outcome);
        map.put("complete", complete);
        return map;
    }

    /**
     * Publishes a list from existing images: a template over platforms, a manifest-tool YAML spec (read
     * here, on the agent), or explicit image and platform pairs; extra tags from the task and the spec.
     *
     * @return {@code listDigest}, {@code mediaType}, {@code tags}
     */
    static LinkedHashMap<String, Object> pushManifest(PushTask task, Path cwd, PrintStream out) {
        ConsoleListener console = new ConsoleListener(out, task.password);
        checkDockerConfig(task, console);
        ImageRef target = task.target == null ? null : ImageRef.parse(task.target);
        List<String> tags = new ArrayList<>(task.tags);
        int ways = (task.spec != null ? 1 : 0) + (task.template != null || !task.platforms.isEmpty() ? 1 : 0)
                + (task.manifests.isEmpty() ? 0 : 1);
        if (ways != 1) {
            throw MultiarchException.invalidInput("pushManifest needs exactly one source of images: platforms with template, "
                    + "spec (a manifest-tool YAML file), or manifests (a list of [image: ..., platform: ...])");
        }
        List<Source> sources;
        if (task.spec != null) {
            SourceSpecs.SpecFile spec = SourceSpecs.fromYaml(cwd.resolve(task.spec));
            if (target == null) {
                if (spec.image() == null) {
                    throw MultiarchException.invalidInput("Spec file '" + task.spec + "' names no image; add 'image:' to it or "
                            + "give target");
                }
                target = spec.image();
            }
            tags.addAll(spec.tags());
            sources = spec.sources();
        } else if (task.manifests.isEmpty()) {
            if (task.template == null || task.platforms.isEmpty()) {
                throw MultiarchException.invalidInput("pushManifest: platforms and template go together, e.g. platforms: "
                        + "'linux/amd64,linux/s390x', template: 'registry.example.com/team/app-ARCH:1.0'");
            }
            sources = SourceSpecs.fromTemplate(task.platforms.stream().map(Platform::parse).toList(), task.template);
        } else {
            sources = new ArrayList<>();
            for (String[] entry : task.manifests) {
                sources.add(new Source(ImageRef.parse(entry[0]), entry[1] == null ? null : Platform.parse(entry[1])));
            }
        }
        if (target == null) {
            throw MultiarchException.invalidInput("pushManifest: 'target' is required, e.g. target: 'registry.example.com/team/app:1.0'");
        }
        PublishRequest request = new PublishRequest(target, tags, sources, ListFormat.parse(task.format), false);
        PublishResult result;
        try (RegistryClient client = client(task, target.registry(), console)) {
            result = new ManifestPublisher(client, console::info).publish(request);
        }
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("listDigest", result.listDigest().toString());
        map.put("mediaType", result.mediaType());
        map.put("tags", new ArrayList<>(result.tags().stream().map(ImageRef::toString).toList()));
        return map;
    }

    /**
     * Drops a {@code DOCKER_CONFIG} that does not exist on this machine: an enclosing {@code withDockerRegistry}
     * on another agent (multiArchBuild's branches run elsewhere) would otherwise hide the agent's own
     * configuration and its buildx plugin.
     */
    static void checkDockerConfig(RegistryAccess task, ConsoleListener console) {
        String config = task.env.get("DOCKER_CONFIG");
        if (config != null && !config.isBlank() && !java.nio.file.Files.isDirectory(Path.of(config))) {
            console.print("multiarch: DOCKER_CONFIG=" + config + " does not exist on this agent (set by a block around the "
                    + "step on another agent?); using the agent's own docker configuration");
            task.env.remove("DOCKER_CONFIG");
        }
    }

    /**
     * A registry client with the task's user for {@code registry} first, then docker's own credentials
     * ({@code $DOCKER_CONFIG/config.json}: what an enclosing {@code withDockerRegistry} wrote).
     */
    static RegistryClient client(RegistryAccess task, String registry, ConsoleListener console) {
        CredentialStore store = DockerConfigCredentials.fromEnvironment(task.env);
        if (task.username != null) {
            Credentials given = Credentials.basic(task.username, Secret.of(task.password));
            store = CredentialStore.given(registry, given).orElse(store);
        }
        return RegistryClient.builder().credentials(store).insecureRegistries(new LinkedHashSet<>(task.insecureRegistries))
                .listener(new RegistryListener() {
                    @Override
                    public void retrying(String host, String what, int status, int attempt) {
                        console.print("retrying " + what + " on " + host + " (" + (status == 0 ? "connection failed" : status)
                                + ", attempt " + attempt + ")");
                    }
                }).build();
    }

    private static ImageRef archImage(String template, ImageRef image, Platform platform) {
        try {
            return new ArchImageTemplate(template).apply(image, platform);
        } catch (MultiarchException e) {
            return null;
        }
    }

    private static List<String> tagsOf(ImageRef image, List<String> extraTags) {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        tags.add(image.tag());
        tags.addAll(extraTags);
        return new ArrayList<>(tags);
    }

    /** The outcome as plain values: {@code platforms}, {@code listDigest}, {@code mediaType}, {@code tags}, {@code published}, {@code failure}. */
    static LinkedHashMap<String, Object> outcomeMap(BuildOutcome outcome) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        ArrayList<LinkedHashMap<String, Object>> platforms = new ArrayList<>();
        outcome.platforms().forEach(r -> platforms.add(new LinkedHashMap<>(ResultMaps.toMap(r))));
        map.put("platforms", platforms);
        map.put("published", outcome.published());
        map.put("failure", outcome.failure());
        map.put("listDigest", outcome.listDigest() == null ? null : outcome.listDigest().toString());
        map.put("mediaType", outcome.publish() == null ? null : outcome.publish().mediaType());
        ArrayList<String> tags = new ArrayList<>();
        if (outcome.publish() != null) {
            outcome.publish().tags().forEach(t -> tags.add(t.toString()));
        }
        map.put("tags", tags);
        return map;
    }
}
