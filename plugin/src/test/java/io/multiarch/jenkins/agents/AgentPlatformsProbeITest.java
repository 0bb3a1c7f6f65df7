package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.doctor.BinfmtRegistrar;
import io.multiarch.core.platform.Platform;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent side of the probe against this machine's real Docker engine and qemu (the lab of scripts/setup.sh);
 * skipped where docker or the probe binaries are missing.
 */
class AgentPlatformsProbeITest {
    @Test
    void probesThisMachinesEngineLikeTheDoctor() {
        Platform host = BinfmtRegistrar.hostPlatform();
        Assumptions.assumeTrue(host != null && host.equals(Platform.parse("linux/amd64")), "needs an amd64 host");
        Assumptions.assumeTrue(Files.isRegularFile(AgentProbe.DEFAULT_PROBE_DIR.resolve("arm64").resolve("busybox")),
                "needs the probe binaries of scripts/setup.sh");

        AgentPlatforms result = AgentPlatformsProbe.probe("this-machine", List.of("linux/amd64", "linux/arm64"),
                AgentPlatformsProbe.DEFAULT_PROBE_DIR, System.currentTimeMillis(), System.getenv());
        Assumptions.assumeTrue(result.isUsable(), () -> "needs a Docker engine: " + result.getProblem());

        assertEquals("linux/amd64", result.getNativePlatform());
        assertEquals(AgentPlatforms.State.NATIVE, result.platform("linux/amd64").getState());
        assertEquals(AgentPlatforms.State.EMULATED, result.platform("linux/arm64").getState(), result.toString());
        assertTrue(result.platform("linux/arm64").getDetail().contains("uname -m: aarch64"), result.toString());
        assertEquals(List.of("multiarch-native-amd64", "multiarch-emulated-arm64"), AgentLabels.names(result));
    }
}
