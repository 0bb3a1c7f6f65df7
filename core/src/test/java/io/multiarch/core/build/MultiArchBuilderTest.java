package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's handling of an abort, with a fake runner standing in for docker (the real builds run in
 * MultiArchBuildIT): what matters here is the order of events, which a real engine cannot stage.
 */
class MultiArchBuilderTest {
    @TempDir
    Path tmp;

    /**
     * A Jenkins abort interrupts the build while docker runs. The private DOCKER_CONFIG (it holds the login)
     * may only be deleted once the cancelled docker calls have ended: a call still ending writes there
     * ({@code buildx/}), and a deletion racing it failed or left the folder behind.
     */
    @Test
    void anAbortDeletesThePrivateConfigOnlyAfterTheCancelledBuildsHaveEnded() throws Exception {
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Path> config = new AtomicReference<>();
        CommandRunner runner = new CommandRunner() {
            @Override
            public CommandResult run(Command command, Consumer<String> lines) {
                List<String> argv = command.argv();
                if (argv.contains("info")) {
                    return new CommandResult(0, List.of("20.10.24|x86_64|linux"), false);
                }
                if (argv.contains("inspect")) {
                    return new CommandResult(0, List.of("Name: default", "Driver: docker"), false);
                }
                if (argv.contains("login")) {
                    config.set(Path.of(command.env().get("DOCKER_CONFIG")));
                    return new CommandResult(0, List.of("Login Succeeded"), false);
                }
                building.countDown();
                try {
                    Thread.sleep(60_000);
                    return new CommandResult(0, List.of(), false);
                } catch (InterruptedException e) {
                    // the process is being killed; it writes once more on its way out
                    try {
                        Thread.sleep(300);
                        Path dir = Path.of(command.env().get("DOCKER_CONFIG"));
                        Files.createDirectories(dir.resolve("buildx/activity"));
                        Files.writeString(dir.resolve("buildx/activity/default"), "last words");
                    } catch (InterruptedException | IOException ignored) {
                        // nothing to add
                    } finally {
                        ended.countDown();
                    }
                    Thread.currentThread().interrupt();
                    return new CommandResult(-1, List.of(), false);
                }
            }
        };
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        BuildRequest request = BuildRequest.builder(ImageRef.parse("127.0.0.1:5000/team/app:1.0"),
                        Platform.parseList("linux/amd64"), new BuildSpec(context, null, Map.of(), null, Map.of(), List.of()))
                .credentials("ci", Secret.of("canary-password"))
                .env(Map.of("HOME", tmp.toString()))
                .build();
        MultiArchBuilder builder = new MultiArchBuilder(runner, new AgentProbe(runner, tmp.resolve("probes"), Map.of(),
                tmp.resolve("no-binfmt")), new BuildListener() { }, Clock.systemUTC());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                builder.build(request);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        job.start();
        assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();

        job.interrupt();
        job.join(60_000);

        assertThat(job.isAlive()).isFalse();
        assertThat(ended.await(30, TimeUnit.SECONDS)).as("the cancelled build ended").isTrue();
        assertThat(thrown.get()).isInstanceOf(MultiarchException.class).hasMessageContaining("Interrupted while building");
        assertThat(config.get()).as("the private DOCKER_CONFIG").isNotNull().doesNotExist();
    }

    /**
     * A fake engine for the read-back without push: its build writes buildx's metadata (manifest and config
     * digests, as a docker-container builder loading into the classic store does) and its image inspect
     * answers with {@code inspected}.
     */
    private BuildOutcome buildWithoutPush(String inspected) throws IOException {
        String manifest = "sha256:" + "a".repeat(64);
        String config = "sha256:" + "c".repeat(64);
        CommandRunner runner = (command, lines) -> {
            List<String> argv = command.argv();
            if (argv.contains("info")) {
                return new CommandResult(0, List.of("20.10.24|x86_64|linux"), false);
            }
            if (argv.contains("--metadata-file")) {
                try {
                    Files.writeString(Path.of(argv.get(argv.indexOf("--metadata-file") + 1)),
                            "{\"containerimage.digest\":\"" + manifest + "\",\"containerimage.config.digest\":\"" + config + "\"}");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new CommandResult(0, List.of("#8 exporting to docker image format"), false);
            }
            if (argv.contains("image")) {
                return new CommandResult(0, List.of(inspected.replace("CONFIG", config)), false);
            }
            return argv.contains("buildx") ? new CommandResult(0, List.of("Name: c", "Driver: docker-container"), false)
                    : new CommandResult(1, List.of("unexpected " + argv), false);
        };
        Path context = Files.createDirectories(tmp.resolve("ctx-" + Math.abs(inspected.hashCode())));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        BuildRequest.Builder request = BuildRequest.builder(ImageRef.parse("127.0.0.1:5000/team/app:1.0"),
                Platform.parseList("linux/amd64"), new BuildSpec(context, null, Map.of(), null, Map.of(), List.of())).push(false);
        return new MultiArchBuilder(runner, new AgentProbe(runner, tmp.resolve("probes"), Map.of(), tmp.resolve("no-binfmt")),
                new BuildListener() { }, Clock.systemUTC()).build(request.build());
    }

    @Test
    void withoutPushTheLoadedImageIsReadBackAndItsIdMustBeWhatTheBuildLoaded() throws IOException {
        BuildOutcome ok = buildWithoutPush("{\"Id\":\"CONFIG\",\"Size\":2051284,\"Os\":\"linux\",\"Architecture\":\"amd64\"}");
        assertThat(ok.failure()).isNull();
        assertThat(ok.platforms().get(0).digest()).hasToString("sha256:" + "c".repeat(64));
        assertThat(ok.platforms().get(0).size()).isEqualTo(2051284);

        BuildOutcome moved = buildWithoutPush("{\"Id\":\"sha256:" + "e".repeat(64)
                + "\",\"Size\":1,\"Os\":\"linux\",\"Architecture\":\"amd64\"}");
        assertThat(moved.platforms().get(0).error()).contains("now names sha256:eeee").contains("another build with the same name");
        assertThat(moved.failure()).contains("linux/amd64 failed (nothing was pushed)");

        BuildOutcome wrongPlatform = buildWithoutPush("{\"Id\":\"CONFIG\",\"Size\":1,\"Os\":\"linux\",\"Architecture\":\"arm64\"}");
        assertThat(wrongPlatform.platforms().get(0).error()).contains("is linux/arm64, not linux/amd64");
    }
}
