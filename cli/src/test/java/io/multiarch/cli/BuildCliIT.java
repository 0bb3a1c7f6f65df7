package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.DockerCli;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.TestContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code multiarch build} and {@code buildx} end to end: exit codes, dry run, reports, canary password. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildCliIT {
    LabRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(LabRegistry.Auth.TOKEN);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", Files.createTempDirectory(tmp, "cfg").toString());
        return env;
    }

    private CliRun build(String command, Path context, String repo, String... extra) throws IOException {
        String[] base = {command, "--image", registry.host() + "/" + repo, "--tag", "1.0", "--tag", "latest",
            "--platforms", "linux/amd64,linux/s390x", "--context", context.toString(), "--username", registry.username(),
            "--password-stdin"};
        return CliRun.of(env(), registry.password() + "\n", Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    @Test
    void buildPublishesWritesReportsAndNeverShowsThePassword() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        Path report = tmp.resolve("report");
        CliRun run = build("build", ctx, "team/cli-build", "--report", report.toString(), "--arch-image", "{image}-{platform}:{tag}");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("linux/s390x").contains("succeeded").contains("emulated")
                .contains(registry.host() + "/team/cli-build-s390x:1.0@sha256:").contains("Published Docker manifest list v2");
        assertThat(report.resolve("report.html")).exists();
        assertThat(report.resolve("junit.xml")).exists();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(registry.password());
            }
        }
        assertThat(run.all()).doesNotContain(registry.password());
        assertThat(DockerCli.runOk(DockerCli.env(DockerCli.login(registry)), "run", "--rm", "--pull", "always", "--platform", "linux/s390x",
                registry.host() + "/team/cli-build:latest", "uname", "-m").stdout().trim()).isEqualTo("s390x");
    }

    @Test
    void aFailingPlatformIsExit1NamingIt() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"),
                "RUN [\"/bin/sh\", \"-c\", \"test $(uname -m) != s390x\"]");
        CliRun run = build("build", ctx, "team/cli-fail");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("linux/s390x failed").contains("no list was published");
        assertThat(CliRun.of(env(), registry.password(), "inspect", registry.host() + "/team/cli-fail:1.0", "--username",
                registry.username(), "--password-stdin").exitCode()).isEqualTo(1);
    }

    @Test
    void dryRunShowsThePlanAndBuildsNothing() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        CliRun run = build("build", ctx, "team/cli-dry", "--dry-run", "--build-arg", "A=1");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("linux/s390x").contains("emulated").contains("$ docker buildx build")
                .contains("--build-arg A=1").contains("Dry run: nothing was built or pushed");
        assertThat(registry.countLogLines(LabRegistry.access(e -> e.path().startsWith("/v2/team/cli-dry")))).isZero();
    }

    @Test
    void buildxBuildsEveryPlatformOnThisEngine() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        CliRun run = build("buildx", ctx, "team/cli-buildx");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("linux/amd64").contains("native").contains("Published");
    }

    @Test
    void buildxWithoutPushLoadsIntoThisEngineAndWritesNoRegistry() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        CliRun listTags = build("buildx", ctx, "team/cli-local", "--no-push");
        assertThat(listTags.exitCode()).as("a second --tag names a list, and there is none").isEqualTo(2);
        assertThat(listTags.err()).contains("Extra tags [latest] name the list").contains("drop the extra --tag or --no-push");

        String[] local = {"buildx", "--image", registry.host() + "/team/cli-local", "--tag", "1.0", "--platforms",
            "linux/amd64,linux/s390x", "--context", ctx.toString(), "--no-push"};
        CliRun run = CliRun.of(env(), "", local);
        assertThat(run.exitCode()).as(run.all()).isZero();
        String image = registry.host() + "/team/cli-local:1.0-s390x";
        assertThat(run.out()).contains(image + " (image ID sha256:").contains("not pushed").doesNotContain("Published")
                .contains("Built into the engine, nothing pushed; try one: docker run --rm --platform linux/amd64 ");
        assertThat(registry.countLogLines(LabRegistry.access(e -> e.path().startsWith("/v2/team/cli-local")
                && !e.method().equals("GET") && !e.method().equals("HEAD")))).as("no write to the registry").isZero();
        Map<String, String> env = env();
        assertThat(DockerCli.runOk(env, "run", "--rm", "--platform", "linux/s390x", image, "uname", "-m").stdout().trim())
                .isEqualTo("s390x");
        DockerCli.run(env, "rmi", "-f", image, registry.host() + "/team/cli-local:1.0-amd64");

        CliRun dry = CliRun.of(env(), "", java.util.stream.Stream.concat(java.util.Arrays.stream(local), Stream.of("--dry-run"))
                .toArray(String[]::new));
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("(nothing is pushed)").contains("--load").doesNotContain("--push");
    }

    @Test
    void badEndpointAndKeyValueAreExit2() throws IOException {
        Path ctx = TestContexts.busyboxApp(Files.createTempDirectory(tmp, "ctx"), "");
        assertThat(build("build", ctx, "team/x", "--endpoint", "s390x").err()).contains("Invalid --endpoint 's390x'");
        CliRun badArg = build("build", ctx, "team/x", "--build-arg", "NOEQUALS");
        assertThat(badArg.exitCode()).isEqualTo(2);
        assertThat(badArg.err()).contains("Invalid --build-arg 'NOEQUALS': expected KEY=VALUE");
        CliRun missingContext = build("build", tmp.resolve("nope"), "team/x");
        assertThat(missingContext.exitCode()).isEqualTo(2);
        assertThat(missingContext.err()).contains("is not a directory");
    }
}
