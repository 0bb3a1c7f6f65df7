package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.DockerCli;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.PushedImage;
import io.multiarch.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end against a real Basic-auth registry: exit codes, credentials, and a canary password. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushManifestCliIT {
    LabRegistry registry;
    Path loginConfig;
    final Map<String, PushedImage> pushed = new HashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(LabRegistry.Auth.BASIC);
        loginConfig = DockerCli.login(registry);
        for (String arch : new String[] {"amd64", "s390x", "arm64"}) {
            pushed.put(arch, TestImages.push(registry, loginConfig, "linux/" + arch, "team/app-" + arch + ":1.0"));
        }
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private Map<String, String> emptyDockerConfig() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "cfg");
        return Map.of("DOCKER_CONFIG", dir.toString(), "PATH", System.getenv("PATH"));
    }

    private String[] publishArgs(String target, String... extra) {
        return Stream.concat(Stream.of("push-manifest", "--target", registry.host() + "/" + target, "--tag", "latest",
                "--platforms", "linux/amd64,linux/s390x,linux/arm64", "--template", registry.host() + "/team/app-ARCH:1.0"),
                Stream.of(extra)).toArray(String[]::new);
    }

    @Test
    void passwordOnStdinPublishesAndNeverShowsUp() throws IOException {
        Path report = tmp.resolve("report");
        CliRun run = CliRun.of(emptyDockerConfig(), registry.password() + "\n",
                publishArgs("team/cli:1.0", "--username", registry.username(), "--password-stdin", "--report", report.toString()));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Published Docker manifest list v2 sha256:").contains("tag " + registry.host() + "/team/cli:latest")
                .contains(pushed.get("s390x").digest());
        String reportText = Files.readString(report.resolve("publish.json"));
        assertThat(reportText).contains(pushed.get("amd64").digest()).contains("\"digest\" : \"sha256:");
        assertThat(run.all() + reportText).doesNotContain(registry.password());
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(registry.password());
            }
        }
    }

    @Test
    void credentialsComeFromAConfigWithACredentialHelper() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "helper");
        Path helper = dir.resolve("docker-credential-lab");
        Files.writeString(helper, "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 1\n"
                + "echo '{\"ServerURL\":\"'\"$server\"'\",\"Username\":\"" + registry.username() + "\",\"Secret\":\""
                + registry.password() + "\"}'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"lab\"}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", dir.toString(), "PATH", dir + ":" + System.getenv("PATH"));

        CliRun run = CliRun.of(env, "", publishArgs("team/helper:1.0"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        CliRun inspect = CliRun.of(env, "", "inspect", registry.host() + "/team/helper:1.0");
        assertThat(inspect.out()).contains("linux/s390x").contains(pushed.get("s390x").digest());
        assertThat(run.all() + inspect.all()).doesNotContain(registry.password());
    }

    @Test
    void wrongPasswordIsExit3AndTheTagStays() throws IOException {
        Map<String, String> env = emptyDockerConfig();
        assertThat(CliRun.of(env, registry.password(), publishArgs("team/keep:1.0", "--username", registry.username(),
                "--password-stdin")).exitCode()).isZero();
        String before = CliRun.of(env, registry.password(), "inspect", registry.host() + "/team/keep:1.0", "--username",
                registry.username(), "--password-stdin").out();

        CliRun wrong = CliRun.of(env, "canary-wrong-password", publishArgs("team/keep:1.0", "--username", registry.username(),
                "--password-stdin"));
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(wrong.err()).contains("refused user '" + registry.username() + "'").doesNotContain("canary-wrong-password");
        assertThat(CliRun.of(env, registry.password(), "inspect", registry.host() + "/team/keep:1.0", "--username",
                registry.username(), "--password-stdin").out()).isEqualTo(before);
    }

    @Test
    void missingAndMislabelledSourcesAreExit1() throws IOException {
        Map<String, String> env = emptyDockerConfig();
        CliRun missing = CliRun.of(env, registry.password(), "push-manifest", "--target", registry.host() + "/team/bad:1.0",
                "--platforms", "linux/amd64,linux/ppc64le", "--template", registry.host() + "/team/app-ARCH:1.0",
                "--username", registry.username(), "--password-stdin");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("team/app-ppc64le:1.0 does not exist");

        Path spec = tmp.resolve("liar.yaml");
        Files.writeString(spec, "image: " + registry.host() + "/team/bad:1.0\nmanifests:\n"
                + "  - image: " + registry.host() + "/team/app-amd64:1.0\n    platform: {os: linux, architecture: s390x}\n");
        CliRun liar = CliRun.of(env, registry.password(), "push-manifest", "--spec", spec.toString(),
                "--username", registry.username(), "--password-stdin");
        assertThat(liar.exitCode()).isEqualTo(1);
        assertThat(liar.err()).contains("was given as linux/s390x but its image config says linux/amd64");
        CliRun inspect = CliRun.of(env, registry.password(), "inspect", registry.host() + "/team/bad:1.0",
                "--username", registry.username(), "--password-stdin");
        assertThat(inspect.exitCode()).as("nothing was published").isEqualTo(1);
    }

    @Test
    void dryRunPushesNothing() throws IOException {
        Map<String, String> env = emptyDockerConfig();
        CliRun run = CliRun.of(env, registry.password(), publishArgs("team/dry:1.0", "--dry-run", "--username",
                registry.username(), "--password-stdin"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Dry run: nothing was pushed").contains("\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\"");
        assertThat(registry.countLogLines(LabRegistry.access(e -> e.path().startsWith("/v2/team/dry/")
                && !e.method().equals("GET") && !e.method().equals("HEAD")))).isZero();
    }
}
