package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.Secret;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.DockerCli;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.ModernEngine;
import io.multiarch.testing.TestContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds on a current engine (dockerd 26 with the containerd image store, buildx's {@code docker} driver), as
 * an agent reached through its {@code DOCKER_HOST}: the probe's view of it, native and emulated builds
 * published as a verified list, and {@code --load} into its containerd store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernEngineIT {
    LabRegistry registry;
    ModernEngine engine;
    Agent modern;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(LabRegistry.Auth.BASIC);
        engine = ModernEngine.start();
        modern = new Agent("docker-26", engine.dockerHost());
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private final ProcessCommandRunner runner = new ProcessCommandRunner(System.getenv());

    private MultiArchBuilder builder() {
        return new MultiArchBuilder(runner, new AgentProbe(runner, AgentProbe.DEFAULT_PROBE_DIR), new BuildListener() { },
                Clock.systemUTC());
    }

    private BuildRequest.Builder request(String repo, List<Platform> platforms) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", Files.createTempDirectory(tmp, "cfg").toString());
        BuildRequest.Builder request = BuildRequest.builder(ImageRef.parse(registry.host() + "/" + repo + ":1.0"), platforms,
                        new BuildSpec(TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), ""), null, Map.of(), null,
                                Map.of(), List.of()))
                .credentials(registry.username(), Secret.of(registry.password()))
                .agent(modern)
                .emulationAgent(modern)
                .env(env);
        platforms.forEach(p -> request.pin(p, modern));
        return request;
    }

    @Test
    void theProbeSeesAContainerdStoreEngineWhoseDockerDriverBuildsOnePlatformPerInvocation() {
        AgentCapabilities caps = new AgentProbe(runner, AgentProbe.DEFAULT_PROBE_DIR).capabilities(modern);

        assertThat(caps.usable()).as(String.valueOf(caps.problem())).isTrue();
        assertThat(caps.engineVersion()).startsWith("26.");
        assertThat(caps.nativePlatform()).hasToString("linux/amd64");
        assertThat(caps.buildx()).isTrue();
        assertThat(caps.builderDriver()).isEqualTo("docker");
        assertThat(caps.multiPlatformBuild()).as("the docker driver cannot push by digest").isFalse();
        assertThat(caps.containerdStore()).isTrue();
        assertThat(new AgentProbe(runner, AgentProbe.DEFAULT_PROBE_DIR).capabilities(Agent.local()).containerdStore())
                .as("the default engine here (dockerd 20.10) has the classic store").isFalse();
        String store = DockerCli.runOk(Map.of("DOCKER_HOST", engine.dockerHost()), "info", "--format", "{{json .DriverStatus}}")
                .stdout();
        assertThat(store).contains("io.containerd.snapshotter");
    }

    @Test
    void nativeAndEmulatedPlatformsArePublishedAsAVerifiedList() throws IOException {
        List<Platform> two = Platform.parseList("linux/amd64,linux/s390x");

        BuildOutcome outcome = builder().build(request("modern/app", two).oneInvocation(true).build());

        assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
        assertThat(outcome.published()).isTrue();
        assertThat(outcome.platforms()).extracting(PlatformResult::agent).containsOnly("docker-26");
        assertThat(outcome.platforms()).extracting(PlatformResult::mode).containsExactly(BuildMode.NATIVE, BuildMode.EMULATED);
        Credentials creds = Credentials.basic(registry.username(), Secret.of(registry.password()));
        try (RegistryClient client = RegistryClient.builder().credentials(host -> Optional.of(creds)).build()) {
            Manifest list = client.fetchManifest(ImageRef.parse(registry.host() + "/modern/app:1.0")).orElseThrow();
            assertThat(list.isList()).isTrue();
            assertThat(list.digest()).isEqualTo(outcome.listDigest());
            assertThat(list.entries()).extracting(e -> e.platform().toString()).containsExactly("linux/amd64", "linux/s390x");
            for (PlatformResult r : outcome.platforms()) {
                Manifest image = client.fetchManifest(r.image().withDigest(r.digest())).orElseThrow();
                assertThat(image.isList()).as(r.platform() + " is an image, not an index").isFalse();
            }
        }
        Map<String, String> env = DockerCli.env(DockerCli.login(registry));
        String image = registry.host() + "/modern/app:1.0";
        assertThat(DockerCli.runOk(env, "run", "--rm", "--pull", "always", "--platform", "linux/s390x", image, "uname", "-m")
                .stdout().trim()).isEqualTo("s390x");
        DockerCli.run(env, "rmi", "-f", image);
    }

    @Test
    void withoutPushTheImageLandsInTheContainerdStore() throws IOException {
        BuildOutcome outcome = builder().build(request("modern/local", Platform.parseList("linux/s390x")).push(false).build());

        assertThat(outcome.allSucceeded()).as(String.valueOf(outcome.failure())).isTrue();
        PlatformResult s390x = outcome.platforms().get(0);
        assertThat(s390x.digest()).isNotNull();
        String inspected = DockerCli.runOk(Map.of("DOCKER_HOST", engine.dockerHost()), "image", "inspect", "--format",
                "{{.Id}} {{.Architecture}}", s390x.image().toString()).stdout().trim();
        assertThat(inspected).isEqualTo(s390x.digest() + " s390x");
        Credentials creds = Credentials.basic(registry.username(), Secret.of(registry.password()));
        try (RegistryClient client = RegistryClient.builder().credentials(host -> Optional.of(creds)).build()) {
            assertThat(client.fetchManifest(s390x.image())).as("nothing pushed").isEmpty();
        }
        DockerCli.run(Map.of("DOCKER_HOST", engine.dockerHost()), "rmi", "-f", s390x.image().toString());
    }
}
