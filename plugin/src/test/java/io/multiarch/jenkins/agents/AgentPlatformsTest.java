package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.doctor.Check;
import io.multiarch.core.platform.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a doctor run on an agent becomes the result the controller caches. */
class AgentPlatformsTest {
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final Platform S390X = Platform.parse("linux/s390x");

    @Test
    void nativeEmulatedAndBrokenPlatformsWithTheDoctorsDetailAndFix() {
        AgentCapabilities caps = new AgentCapabilities(Agent.local(), "20.10.24+dfsg1", AMD64, true, "docker",
                List.of(AMD64, ARM64, S390X), false, Map.of(ARM64, new ProbeResult(true, "runs linux/arm64 binaries (uname -m: aarch64)"),
                        S390X, new ProbeResult(false, "the binfmt handler for linux/s390x does not preserve argv[0] (flag P missing)")),
                null);
        List<Check> checks = List.of(
                Check.ok("local", "buildx", "docker buildx at /usr/libexec/docker/cli-plugins/docker-buildx"),
                Check.ok("local", "platform linux/arm64", "emulated: runs linux/arm64 binaries (uname -m: aarch64)"),
                Check.fail("local", "platform linux/s390x", "emulation broken: the binfmt handler for linux/s390x does not preserve "
                        + "argv[0] (flag P missing)", "run 'multiarch setup-qemu --platforms linux/s390x' as root on this machine"));

        AgentPlatforms result = AgentPlatforms.from("amd64-box", 1_000L, caps, List.of(AMD64, ARM64, S390X), checks);

        assertTrue(result.isUsable());
        assertEquals("amd64-box", result.getNode());
        assertEquals(1_000L, result.getProbedAt());
        assertEquals("20.10.24+dfsg1", result.getEngineVersion());
        assertEquals("linux/amd64", result.getNativePlatform());
        assertTrue(result.isBuildx());
        assertEquals("docker", result.getBuilderDriver());
        assertFalse(result.isMultiPlatformBuild());
        assertEquals("docker buildx at /usr/libexec/docker/cli-plugins/docker-buildx", result.getBuildxDetail());
        assertEquals(AgentPlatforms.State.NATIVE, result.platform("linux/amd64").getState());
        assertEquals(AgentPlatforms.State.EMULATED, result.platform("linux/arm64").getState());
        assertEquals("runs linux/arm64 binaries (uname -m: aarch64)", result.platform("linux/arm64").getDetail());
        AgentPlatforms.PlatformProbe s390x = result.platform("linux/s390x");
        assertEquals(AgentPlatforms.State.BROKEN, s390x.getState());
        assertTrue(s390x.getDetail().contains("flag P missing"), s390x.getDetail());
        assertEquals("run 'multiarch setup-qemu --platforms linux/s390x' as root on this machine", s390x.getFix());
        assertNull(result.platform("linux/ppc64le"));
    }

    @Test
    void aBrokenPlatformWithoutADoctorLineStillGetsAFix() {
        AgentCapabilities caps = new AgentCapabilities(Agent.local(), "24.0.7", AMD64, false, null, List.of(), false,
                Map.of(S390X, new ProbeResult(false, "no qemu handler for linux/s390x is registered in binfmt_misc")), null);

        AgentPlatforms.PlatformProbe s390x = AgentPlatforms.from("box", 0L, caps, List.of(S390X), List.of()).platform("linux/s390x");

        assertEquals(AgentPlatforms.State.BROKEN, s390x.getState());
        assertEquals("emulation broken: no qemu handler for linux/s390x is registered in binfmt_misc", s390x.getDetail());
        assertTrue(s390x.getFix().contains("multiarch setup-qemu --platforms linux/s390x"), s390x.getFix());
    }

    @Test
    void anUnusableEngineIsAProblemWithTheDoctorsFixAndNoPlatforms() {
        AgentCapabilities down = new AgentCapabilities(Agent.local(), null, null, false, null, List.of(), false, Map.of(),
                "docker engine (default) does not answer: permission denied while trying to connect to the Docker daemon socket");
        List<Check> checks = List.of(Check.fail("local", "engine", down.problem(), "add this user to the docker group"));

        AgentPlatforms result = AgentPlatforms.from("box", 0L, down, List.of(ARM64), checks);

        assertFalse(result.isUsable());
        assertTrue(result.getProblem().contains("permission denied"), result.getProblem());
        assertEquals("add this user to the docker group", result.getFix());
        assertTrue(result.getPlatforms().isEmpty());
        assertNull(result.getNativePlatform());
    }

    @Test
    void aFailedProbeAlwaysHasAProblemAndAFix() {
        AgentPlatforms result = AgentPlatforms.failed("box", 0L, " ", null);
        assertFalse(result.isUsable());
        assertNotNull(result.getProblem());
        assertNotNull(result.getFix());
    }

    @Test
    void offlineKeepsEverythingElse() {
        AgentPlatforms online = AgentLabelsTest.s390xWithQemu("box");
        AgentPlatforms offline = online.offline();

        assertFalse(online.isOffline());
        assertTrue(offline.isOffline());
        assertSame(offline, offline.offline());
        assertEquals(AgentLabels.names(online), AgentLabels.names(offline));
        assertEquals(online.getProbedAt(), offline.getProbedAt());
    }

    @Test
    void survivesJavaSerializationAsRemotingDoes() throws Exception {
        AgentPlatforms result = AgentLabelsTest.s390xWithQemu("box");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(result);
        }
        AgentPlatforms back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (AgentPlatforms) in.readObject();
        }
        assertEquals(result.toString(), back.toString());
        assertEquals(AgentLabels.names(result), AgentLabels.names(back));
    }
}
