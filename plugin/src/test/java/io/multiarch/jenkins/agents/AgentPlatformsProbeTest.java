package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent side of the probe, with docker answered by a fake: the engine's doctor and probe run unchanged, only
 * the processes are replaced. (AgentPlatformsProbeITest runs the real docker.)
 */
class AgentPlatformsProbeTest {
    @TempDir
    Path tmp;

    /** An amd64 engine with buildx (docker driver) where arm64 runs under qemu and s390x lacks the P flag. */
    private static CommandResult docker(Command command, Consumer<String> lines) {
        List<String> argv = command.argv();
        String joined = String.join(" ", argv);
        if (joined.startsWith("docker version")) {
            return new CommandResult(0, List.of("20.10.24+dfsg1"), false);
        }
        if (joined.startsWith("docker info")) {
            return new CommandResult(0, List.of("x86_64|linux|[[\"Backing Filesystem\",\"extfs\"]]"), false);
        }
        if (joined.equals("docker buildx version")) {
            return new CommandResult(0, List.of("github.com/docker/buildx 0.13.1"), false);
        }
        if (joined.equals("docker buildx inspect")) {
            return new CommandResult(0, List.of("Name:   default", "Driver: docker", "Platforms: linux/amd64, linux/arm64, linux/s390x"), false);
        }
        if (argv.contains("build")) {
            String platform = argv.get(argv.indexOf("--platform") + 1);
            if (platform.equals("linux/arm64")) {
                lines.accept("#6 0.412 multiarch-probe=aarch64");
                return new CommandResult(0, List.of("#6 0.412 multiarch-probe=aarch64"), false);
            }
            lines.accept("#5 0.101 sh: applet not found");
            return new CommandResult(1, List.of("#5 0.101 sh: applet not found"), false);
        }
        throw new AssertionError("unexpected command " + joined);
    }

    private Path probeDir(String... debianArchs) throws IOException {
        Path dir = tmp.resolve("busybox");
        for (String arch : debianArchs) {
            Files.createDirectories(dir.resolve(arch));
            Files.writeString(dir.resolve(arch).resolve("busybox"), "static busybox");
        }
        return dir;
    }

    @Test
    void theDoctorsFindingsBecomeTheAgentsPlatforms() throws IOException {
        Path dir = probeDir("arm64", "s390x");

        AgentPlatforms result = AgentPlatformsProbe.probe("amd64-box", List.of("linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le"),
                dir.toString(), 42L, Map.of("HOME", tmp.toString()), AgentPlatformsProbeTest::docker);

        assertTrue(result.isUsable(), result.toString());
        assertEquals(42L, result.getProbedAt());
        assertEquals("20.10.24+dfsg1", result.getEngineVersion());
        assertEquals("linux/amd64", result.getNativePlatform());
        assertTrue(result.isBuildx());
        assertEquals("docker", result.getBuilderDriver());
        assertEquals(AgentPlatforms.State.NATIVE, result.platform("linux/amd64").getState());
        assertEquals(AgentPlatforms.State.EMULATED, result.platform("linux/arm64").getState());
        AgentPlatforms.PlatformProbe s390x = result.platform("linux/s390x");
        assertEquals(AgentPlatforms.State.BROKEN, s390x.getState());
        assertTrue(s390x.getDetail().contains("flag P missing"), s390x.getDetail());
        assertTrue(s390x.getFix().contains("multiarch setup-qemu --platforms linux/s390x"), s390x.getFix());
        AgentPlatforms.PlatformProbe ppc64le = result.platform("linux/ppc64le");
        assertEquals(AgentPlatforms.State.BROKEN, ppc64le.getState());
        assertTrue(ppc64le.getDetail().contains("ppc64el/busybox is missing"), ppc64le.getDetail());
        assertTrue(ppc64le.getFix().contains("--fetch-probes"), ppc64le.getFix());
        assertEquals(List.of("multiarch-native-amd64", "multiarch-emulated-arm64"), AgentLabels.names(result));
    }

    @Test
    void withoutDockerTheProblemSaysToInstallIt() {
        CommandRunner none = (command, lines) -> {
            throw MultiarchException.failed("Cannot run 'docker': error=2, No such file or directory (is it installed and on PATH?)");
        };

        AgentPlatforms result = AgentPlatformsProbe.probe("box", List.of("linux/arm64"), null, 0L, Map.of(), none);

        assertFalse(result.isUsable());
        assertTrue(result.getProblem().contains("Cannot run 'docker'"), result.getProblem());
        assertTrue(result.getFix().contains("install the Docker engine"), result.getFix());
        assertEquals(List.of(), AgentLabels.names(result));
    }

    @Test
    void anEngineThatDoesNotAnswerIsAProblemWithTheDoctorsFix() {
        CommandRunner down = (command, lines) -> new CommandResult(1,
                List.of("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"), false);

        AgentPlatforms result = AgentPlatformsProbe.probe("box", List.of("linux/arm64"), null, 0L, Map.of(), down);

        assertFalse(result.isUsable());
        assertTrue(result.getProblem().contains("does not answer"), result.getProblem());
        assertTrue(result.getFix().contains("start the Docker engine"), result.getFix());
    }

    @Test
    void platformListsAreNormalised() {
        assertEquals(List.of("linux/arm64", "linux/arm/v7", "linux/ppc64le"), AgentPlatformsProbe.platformList("aarch64, armhf,ppc64el"));
        assertThrows(MultiarchException.class, () -> AgentPlatformsProbe.platformList("linux/sparc"));
        assertEquals(List.of("linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le", "linux/arm/v7"),
                AgentPlatformsProbe.DEFAULT_PLATFORMS);
    }
}
