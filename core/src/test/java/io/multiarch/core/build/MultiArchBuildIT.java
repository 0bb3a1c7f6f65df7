package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.report.BuildReportWriter;
import io.multiarch.testing.DockerCli;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.SecondEngine;
import io.multiarch.testing.TestContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-arch builds on the real engine, qemu and a real Basic-auth registry: native and emulated
 * platforms, a second engine as a second agent, a platform-specific failure, planning failures,
 * the private DOCKER_CONFIG and a canary password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiArchBuildIT {
    static final List<Platform> FOUR = Platform.parseList("linux/amd64,linux/arm64,linux/s390x,linux/ppc64le");

    LabRegistry registry;
    Path dockerConfig;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(LabRegistry.Auth.BASIC);
        dockerConfig = DockerCli.login(registry);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** A HOME with a config.json of its own, to prove the build never touches it. */
    Map<String, String> userEnv() throws IOException {
        Path home = Files.createTempDirectory(tmp, "home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"detachKeys\":\"ctrl-x\"}");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("DOCKER_CONFIG");
        env.put("HOME", home.toString());
        return env;
    }

    BuildRequest.Builder request(String repo, List<Platform> platforms, Path context, Map<String, String> env) {
        return BuildRequest.builder(ImageRef.parse(registry.host() + "/" + repo + ":1.0"), platforms,
                        new BuildSpec(context, null, Map.of(), null, Map.of("org.example.test", "yes"), List.of()))
                .extraTags(List.of("latest"))
                .credentials(registry.username(), Secret.of(registry.password()))
                .env(env);
    }

    MultiArchBuilder builder(List<String> progress) {
        ProcessCommandRunner runner = new ProcessCommandRunner(System.getenv());
        return new MultiArchBuilder(runner, new AgentProbe(runner, AgentProbe.DEFAULT_PROBE_DIR), new BuildListener() {
            @Override
            public void line(Platform platform, String line) {
                progress.add(platform + " " + line);
            }

            @Override
            public void info(String line) {
                progress.add(line);
            }
        }, Clock.systemUTC());
    }

    RegistryClient client() {
        Credentials creds = Credentials.basic(registry.username(), Secret.of(registry.password()));
        return RegistryClient.builder().credentials(host -> Optional.of(creds)).build();
    }

    String run(String image, String platform) {
        Map<String, String> env = DockerCli.env(dockerConfig);
        DockerCli.run(env, "rmi", "-f", image);
        String out = DockerCli.runOk(env, "run", "--rm", "--platform", platform, image, "uname", "-m").stdout().trim();
        DockerCli.run(env, "rmi", "-f", image);
        return out;
    }

    @Test
    void fourPlatformsNativeAndEmulatedEachRunTheirOwnArchitecture() throws IOException {
        Map<String, String> env = userEnv();
        Path userConfig = Path.of(env.get("HOME"), ".docker/config.json");
        String configBefore = Files.readString(userConfig);
        List<Path> tempConfigsBefore = tempDockerConfigs();
        Path report = tmp.resolve("report");
        List<String> progress = new CopyOnWriteArrayList<>();

        BuildOutcome outcome = builder(progress).build(request("team/four", FOUR,
                TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), ""), env).reportDir(report).build());
        BuildReportWriter.write(report, outcome);

        assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
        assertThat(outcome.published()).isTrue();
        assertThat(outcome.platforms()).extracting(PlatformResult::mode)
                .containsExactly(BuildMode.NATIVE, BuildMode.EMULATED, BuildMode.EMULATED, BuildMode.EMULATED);
        String image = registry.host() + "/team/four:1.0";
        assertThat(run(image, "linux/amd64")).isEqualTo("x86_64");
        assertThat(run(image, "linux/arm64")).isEqualTo("aarch64");
        assertThat(run(image, "linux/s390x")).isEqualTo("s390x");
        assertThat(run(registry.host() + "/team/four:latest", "linux/ppc64le")).isEqualTo("ppc64le");
        for (PlatformResult r : outcome.platforms()) {
            assertThat(r.digest()).as(r.platform() + " digest").isNotNull();
            assertThat(r.size()).isPositive();
            assertThat(r.image().toString()).isEqualTo(registry.host() + "/team/four:1.0-" + r.platform().architecture());
        }

        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(json.path("published").asBoolean()).isTrue();
        assertThat(json.path("platforms")).hasSize(4);
        assertThat(json.path("platforms").get(2).path("mode").asText()).isEqualTo("emulated");
        assertThat(report.resolve("logs/linux-s390x.log")).exists();
        assertThat(Files.readString(report.resolve("logs/linux-s390x.log"))).contains("docker buildx build");

        // credentials: private DOCKER_CONFIG gone, the user's config untouched, the canary nowhere
        assertThat(Files.readString(userConfig)).isEqualTo(configBefore);
        assertThat(tempDockerConfigs()).isEqualTo(tempConfigsBefore);
        assertNoCanary(report, progress);
    }

    @Test
    void withoutPushEachPlatformLandsInTheEngineAndTheRegistryIsNotWritten() throws IOException {
        List<Platform> two = Platform.parseList("linux/s390x,linux/arm64");
        BuildRequest.Builder request = BuildRequest.builder(ImageRef.parse(registry.host() + "/team/local:1.0"), two,
                        new BuildSpec(TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), ""), null, Map.of(), null,
                                Map.of(), List.of()))
                .credentials(registry.username(), Secret.of(registry.password()))
                .env(userEnv())
                .push(false);
        two.forEach(p -> request.pin(p, Agent.local()));

        BuildOutcome outcome = builder(new CopyOnWriteArrayList<>()).build(request.build());

        assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.published()).isFalse();
        Map<String, String> env = DockerCli.env(dockerConfig);
        try (RegistryClient client = client()) {
            for (PlatformResult r : outcome.platforms()) {
                String arch = r.platform().architecture();
                assertThat(r.image()).hasToString(registry.host() + "/team/local:1.0-" + arch);
                String id = DockerCli.runOk(env, "image", "inspect", "--format", "{{.Id}} {{.Architecture}}", r.image().toString())
                        .stdout().trim();
                assertThat(id).isEqualTo(r.digest() + " " + arch);
                assertThat(r.size()).isPositive();
                assertThat(DockerCli.runOk(env, "run", "--rm", "--platform", r.platform().toString(), r.image().toString(),
                        "uname", "-m").stdout().trim()).isEqualTo(arch.equals("arm64") ? "aarch64" : arch);
                assertThat(client.fetchManifest(r.image())).as("nothing pushed for " + r.platform()).isEmpty();
                DockerCli.run(env, "rmi", "-f", r.image().toString());
            }
            assertThat(client.fetchManifest(ImageRef.parse(registry.host() + "/team/local:1.0"))).isEmpty();
        }
    }

    /**
     * An engine whose docker CLI has no buildx plugin (docker 20.10 builds with its built-in BuildKit):
     * {@code docker build --platform} then {@code docker push}, native and emulated, against the real
     * engine and registry. Only the answer to {@code docker buildx ...} is that of a CLI without the plugin.
     */
    @Test
    void withoutBuildxEachPlatformIsBuiltAndPushedTheClassicWay() throws IOException {
        ProcessCommandRunner real = new ProcessCommandRunner(System.getenv());
        List<List<String>> ran = new CopyOnWriteArrayList<>();
        io.multiarch.core.exec.CommandRunner noBuildx = (command, lines) -> {
            ran.add(command.argv());
            if (command.argv().size() > 1 && command.argv().get(1).equals("buildx")) {
                lines.accept("docker: 'buildx' is not a docker command.");
                return new io.multiarch.core.exec.CommandResult(1, List.of("docker: 'buildx' is not a docker command."), false);
            }
            return real.run(command, lines);
        };
        MultiArchBuilder builder = new MultiArchBuilder(noBuildx, new AgentProbe(noBuildx, AgentProbe.DEFAULT_PROBE_DIR),
                new BuildListener() { }, Clock.systemUTC());
        List<Platform> two = Platform.parseList("linux/amd64,linux/s390x");

        BuildOutcome outcome = builder.build(request("team/classic", two,
                TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), ""), userEnv()).build());

        assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
        assertThat(outcome.published()).isTrue();
        assertThat(ran).filteredOn(argv -> argv.size() > 1 && argv.get(1).equals("build") && argv.contains("--tag")).hasSize(2)
                .allSatisfy(argv -> assertThat(argv).contains("--platform"));
        assertThat(ran).filteredOn(argv -> argv.size() > 1 && argv.get(1).equals("push")).hasSize(2);
        assertThat(ran).filteredOn(argv -> argv.size() > 2 && argv.get(1).equals("buildx") && argv.get(2).equals("build"))
                .isEmpty();
        for (PlatformResult r : outcome.platforms()) {
            assertThat(r.digest()).as(r.platform() + " digest").isNotNull();
        }
        assertThat(run(registry.host() + "/team/classic:1.0", "linux/s390x")).isEqualTo("s390x");
        assertThat(run(registry.host() + "/team/classic:latest", "linux/amd64")).isEqualTo("x86_64");
    }

    @Test
    void twoEnginesWithAPlatformPinnedToEach() throws IOException {
        try (SecondEngine engineB = SecondEngine.start()) {
            Agent b = new Agent("engine-b", engineB.dockerHost());
            List<Platform> platforms = Platform.parseList("linux/amd64,linux/s390x,linux/arm64");
            Path report = tmp.resolve("two-engines");
            BuildOutcome outcome = builder(new ArrayList<>()).build(request("team/two", platforms,
                    TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), ""), userEnv())
                    .pin(Platform.parse("linux/s390x"), b).agent(b).reportDir(report).build());
            BuildReportWriter.write(report, outcome);

            assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
            Map<String, String> agentOf = new HashMap<>();
            outcome.platforms().forEach(r -> agentOf.put(r.platform().toString(), r.agent()));
            assertThat(agentOf).containsEntry("linux/amd64", "local").containsEntry("linux/s390x", "engine-b")
                    .containsEntry("linux/arm64", "local");
            JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
            assertThat(json.path("platforms").get(1).path("agent").asText()).isEqualTo("engine-b");
            assertThat(run(registry.host() + "/team/two:1.0", "linux/s390x")).isEqualTo("s390x");
        }
    }

    @Test
    void aPlatformThatFailsStopsThePublishAndKeepsTheTags() throws IOException {
        Path good = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "good"), "");
        BuildOutcome first = builder(new ArrayList<>()).build(request("team/atomic", FOUR, good, userEnv()).build());
        assertThat(first.published()).isTrue();
        Descriptor before = client().headManifest(ImageRef.parse(registry.host() + "/team/atomic:1.0")).orElseThrow();

        Path bad = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "bad"),
                "RUN [\"/bin/sh\", \"-c\", \"test $(uname -m) != s390x || { echo only s390x breaks >&2; exit 7; }\"]");
        Path report = tmp.resolve("atomic");
        BuildOutcome outcome = builder(new ArrayList<>()).build(request("team/atomic", FOUR, bad, userEnv())
                .reportDir(report).build());

        assertThat(outcome.published()).isFalse();
        assertThat(outcome.failure()).contains("linux/s390x failed").contains("no list was published");
        PlatformResult s390x = outcome.platforms().get(2);
        assertThat(s390x.status()).isEqualTo(PlatformStatus.FAILED);
        assertThat(s390x.exitCode()).isNotZero();
        assertThat(Files.readString(s390x.log())).contains("only s390x breaks");
        assertThat(outcome.platforms()).filteredOn(r -> !r.platform().architecture().equals("s390x"))
                .allMatch(PlatformResult::succeeded);
        assertThat(client().headManifest(ImageRef.parse(registry.host() + "/team/atomic:1.0")).orElseThrow().digest())
                .isEqualTo(before.digest());
        assertThat(client().headManifest(ImageRef.parse(registry.host() + "/team/atomic:latest")).orElseThrow().digest())
                .isEqualTo(before.digest());
    }

    @Test
    void partialPublishingIsOnlyOnRequest() throws IOException {
        Path bad = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "bad"),
                "RUN [\"/bin/sh\", \"-c\", \"test $(uname -m) != s390x\"]");
        BuildOutcome outcome = builder(new ArrayList<>()).build(request("team/partial",
                Platform.parseList("linux/amd64,linux/s390x"), bad, userEnv()).allowPartial(true).build());
        assertThat(outcome.published()).isTrue();
        assertThat(outcome.publish().entries()).extracting(e -> e.platform().toString()).containsExactly("linux/amd64");
        assertThat(outcome.failure()).contains("linux/s390x failed").contains("partial publishing allowed");
    }

    @Test
    void noAgentForAPlatformFailsBeforeAnyBuild() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        long pushesBefore = registry.countLogLines(LabRegistry.access(e -> e.method().equals("PUT")));
        assertThatThrownBy(() -> builder(new ArrayList<>()).build(request("team/nowhere",
                Platform.parseList("linux/amd64,linux/s390x"), ctx, userEnv()).emulationAgent(null).build()))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("No agent can build linux/s390x")
                .hasMessageContaining("local: native linux/amd64")
                .hasMessageContaining("multiarch setup-qemu");
        assertThatThrownBy(() -> builder(new ArrayList<>()).build(request("team/nowhere",
                Platform.parseList("linux/amd64,linux/riscv64"), ctx, userEnv()).build()))
                .hasMessageContaining("linux/riscv64");
        assertThat(registry.countLogLines(LabRegistry.access(e -> e.method().equals("PUT")))).isEqualTo(pushesBefore);
    }

    @Test
    void aWrongPasswordFailsAtLoginAndLeavesNoConfigBehind() throws IOException {
        List<Path> before = tempDockerConfigs();
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        Map<String, String> env = userEnv();
        assertThatThrownBy(() -> builder(new ArrayList<>()).build(BuildRequest.builder(
                        ImageRef.parse(registry.host() + "/team/denied:1.0"), Platform.parseList("linux/amd64"),
                        new BuildSpec(ctx, null, Map.of(), null, Map.of(), List.of()))
                .credentials(registry.username(), Secret.of("canary-wrong-" + registry.password())).env(env).build()))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("docker login to " + registry.host())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(registry.password()))
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.REGISTRY));
        assertThat(tempDockerConfigs()).isEqualTo(before);
    }

    private static List<Path> tempDockerConfigs() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("multiarch-docker-config-")).sorted().toList();
        }
    }

    private void assertNoCanary(Path report, List<String> progress) throws IOException {
        assertThat(String.join("\n", progress)).doesNotContain(registry.password());
        try (Stream<Path> files = Files.walk(report)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(registry.password());
            }
        }
    }
}
