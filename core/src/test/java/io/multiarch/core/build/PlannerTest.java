package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    @TempDir
    Path probeDir;

    private final ImageRef image = ImageRef.parse("reg:5000/team/app:1.0");

    /** An amd64 engine "local" and an s390x engine "tcp://s390x:2375"; emulation works for arm64 only. */
    private CommandResult answer(Command c) {
        String host = c.env().getOrDefault("DOCKER_HOST", "local");
        String line = String.join(" ", c.argv());
        if (line.startsWith("docker info")) {
            return host.contains("dead") ? RecordingRunner.fail(1, "Cannot connect to the Docker daemon")
                    : RecordingRunner.ok("20.10.24|" + (host.contains("s390x") ? "s390x" : "x86_64") + "|linux|[[\"Backing Filesystem\",\"extfs\"]]");
        }
        if (line.startsWith("docker buildx inspect")) {
            return RecordingRunner.ok("Name:   default", "Driver: docker", " Platforms: linux/amd64, linux/arm64, linux/s390x");
        }
        if (line.contains("--platform linux/arm64")) {
            return RecordingRunner.ok("#6 0.2 multiarch-probe=aarch64");
        }
        return RecordingRunner.fail(1, "#6 0.1 exec /bin/sh: exec format error");
    }

    private Planner planner(RecordingRunner runner) throws Exception {
        for (String arch : List.of("arm64", "s390x", "ppc64el")) {
            Files.createDirectories(probeDir.resolve(arch));
            Files.writeString(probeDir.resolve(arch).resolve("busybox"), "not really busybox");
        }
        return new Planner(new AgentProbe(runner, probeDir, Map.of(), probeDir.resolve("no-binfmt-here")));
    }

    @Test
    void prefersNativeAgentsThenProvenEmulation() throws Exception {
        RecordingRunner runner = new RecordingRunner(this::answer);
        Agent s390x = Agent.of("tcp://s390x:2375");
        BuildPlan plan = planner(runner).plan(Platform.parseList("linux/amd64,linux/s390x,linux/arm64"), Map.of(),
                List.of(Agent.local(), s390x), Agent.local(), p -> image.withTag("1.0-" + p.architecture()));

        assertThat(plan.steps()).extracting(s -> s.platform() + " " + s.agent().agent().name() + " " + s.mode())
                .containsExactly("linux/amd64 local NATIVE", "linux/s390x tcp://s390x:2375 NATIVE", "linux/arm64 local EMULATED");
        assertThat(runner.commands).as("only the emulated platform is probed")
                .filteredOn(c -> c.argv().contains("--no-cache")).hasSize(1);
    }

    @Test
    void failsBeforeBuildingWhenEmulationDoesNotWorkAndSaysWhy() throws Exception {
        RecordingRunner runner = new RecordingRunner(this::answer);
        Planner planner = planner(runner);
        assertThatThrownBy(() -> planner.plan(Platform.parseList("linux/amd64,linux/ppc64le,linux/riscv64"), Map.of(),
                List.of(Agent.local()), Agent.local(), p -> image))
                .hasMessageContaining("No agent can build linux/ppc64le")
                .hasMessageContaining("no qemu handler for linux/ppc64le")
                .hasMessageContaining("linux/riscv64")
                .hasMessageContaining("probe binary")
                .hasMessageContaining("multiarch setup-qemu");
        assertThat(runner.commands).noneMatch(c -> c.argv().contains("--push"));
    }

    @Test
    void pinnedPlatformsGoToTheirAgentAndAnUnreachableOneIsReported() throws Exception {
        RecordingRunner runner = new RecordingRunner(this::answer);
        Planner planner = planner(runner);
        Agent dead = Agent.of("tcp://dead:2375");
        assertThatThrownBy(() -> planner.plan(Platform.parseList("linux/amd64,linux/s390x"),
                Map.of(Platform.parse("linux/s390x"), dead), List.of(Agent.local()), Agent.local(), p -> image))
                .hasMessageContaining("linux/s390x (tcp://dead:2375 is unusable)")
                .hasMessageContaining("does not answer");
    }

    @Test
    void diagnosesTheArgv0Pitfall() {
        String why = AgentProbe.diagnose("/bin/sh: applet not found", Platform.parse("linux/s390x"),
                new CommandResult(127, List.of(), false));
        assertThat(why).contains("flag P missing").contains("multiarch setup-qemu");
        assertThat(AgentProbe.expectedUname(Platform.parse("linux/arm/v7"))).isEqualTo("arm");
        assertThat(AgentProbe.expectedUname(Platform.parse("linux/arm64"))).isEqualTo("aarch64");
    }
}
