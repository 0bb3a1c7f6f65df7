package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine probe's handling of its two parallel docker calls. */
class AgentProbeTest {

    /**
     * CI saw this: with an unreachable engine the probe returned while {@code docker buildx inspect}
     * still ran and wrote to {@code $DOCKER_CONFIG/buildx}, racing the deletion of that folder.
     */
    @Test
    void anUnreachableEngineReturnsOnlyAfterTheBuildxCallHasEnded() throws InterruptedException {
        CountDownLatch inspectStarted = new CountDownLatch(1);
        AtomicBoolean inspectCancelled = new AtomicBoolean();
        CommandRunner runner = new CommandRunner() {
            @Override
            public CommandResult run(Command command, Consumer<String> lines) {
                if (command.argv().contains("inspect")) {
                    inspectStarted.countDown();
                    try {
                        Thread.sleep(60_000); // a slow builder; the probe must cancel it
                        return new CommandResult(0, List.of("Driver: docker"), false);
                    } catch (InterruptedException e) {
                        inspectCancelled.set(true); // the real runner kills the process tree here
                        Thread.currentThread().interrupt();
                        return new CommandResult(-1, List.of(), false);
                    }
                }
                try {
                    inspectStarted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new CommandResult(1, List.of("Cannot connect to the Docker daemon at unix:///nonexistent.sock."), false);
            }
        };
        AgentProbe probe = new AgentProbe(runner, Path.of("/nonexistent"), Map.of(), Path.of("/nonexistent"));

        AgentCapabilities caps = probe.capabilities(Agent.of("unix:///nonexistent.sock"));

        assertThat(caps.usable()).isFalse();
        assertThat(caps.problem()).contains("does not answer").contains("Cannot connect");
        assertThat(inspectCancelled).as("the buildx call was cancelled and had ended when the probe returned").isTrue();
    }

    private static AgentCapabilities probed(String driverStatus, String... inspect) {
        CommandRunner runner = (command, lines) -> command.argv().contains("inspect")
                ? new CommandResult(0, List.of(inspect), false)
                : new CommandResult(0, List.of("26.1.5|x86_64|linux|" + driverStatus), false);
        return new AgentProbe(runner, Path.of("/nonexistent"), Map.of(), Path.of("/nonexistent")).capabilities(Agent.local());
    }

    /**
     * One invocation pushes every platform by digest; buildx refuses that for the docker driver, also on
     * an engine with the containerd image store (seen with dockerd 26.1 and buildx 0.13).
     */
    @Test
    void onlyABuilderThatCanPushByDigestBuildsSeveralPlatformsInOneInvocation() {
        String containerdStore = "[[\"driver-type\",\"io.containerd.snapshotter.v1\"]]";
        AgentCapabilities dockerDriver = probed(containerdStore, "Name: default", "Driver: docker",
                "Platforms: linux/amd64, linux/s390x*");
        assertThat(dockerDriver.usable()).isTrue();
        assertThat(dockerDriver.buildx()).isTrue();
        assertThat(dockerDriver.builderDriver()).isEqualTo("docker");
        assertThat(dockerDriver.multiPlatformBuild()).isFalse();
        assertThat(dockerDriver.containerdStore()).isTrue();
        assertThat(dockerDriver.builderPlatforms()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/s390x");

        AgentCapabilities container = probed("[[\"Backing Filesystem\",\"extfs\"]]", "Name: multi",
                "Driver: docker-container", "Platforms: linux/amd64, linux/arm64");
        assertThat(container.multiPlatformBuild()).isTrue();
        assertThat(container.containerdStore()).isFalse();
        assertThat(container.nativePlatform()).hasToString("linux/amd64");
    }
}
