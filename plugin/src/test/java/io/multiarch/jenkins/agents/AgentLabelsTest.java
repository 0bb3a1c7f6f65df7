package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.platform.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The automatic label names from a probe result: no Jenkins needed. */
class AgentLabelsTest {
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final Platform S390X = Platform.parse("linux/s390x");
    static final Platform PPC64LE = Platform.parse("linux/ppc64le");
    static final Platform ARMV7 = Platform.parse("linux/arm/v7");

    /** An s390x engine with buildx where arm64 and arm/v7 run under qemu and ppc64le does not. */
    static AgentPlatforms s390xWithQemu(String node) {
        AgentCapabilities caps = new AgentCapabilities(Agent.local(), "20.10.24+dfsg1", S390X, true, "docker", List.of(S390X, ARM64),
                false, Map.of(ARM64, new ProbeResult(true, "runs linux/arm64 binaries (uname -m: aarch64)"),
                        ARMV7, new ProbeResult(true, "runs linux/arm/v7 binaries (uname -m: arm)"),
                        PPC64LE, new ProbeResult(false, "no qemu handler for linux/ppc64le is registered in binfmt_misc: run 'multiarch setup-qemu'")),
                null);
        return AgentPlatforms.from(node, 0L, caps, List.of(AMD64, ARM64, S390X, PPC64LE, ARMV7), List.of());
    }

    @Test
    void archTextIsTheArchitectureWithItsVariantAfterADash() {
        assertEquals("amd64", AgentLabels.archText("linux/amd64"));
        assertEquals("arm64", AgentLabels.archText("aarch64"));
        assertEquals("arm-v7", AgentLabels.archText("linux/arm/v7"));
        assertEquals("arm-v7", AgentLabels.archText("armhf"));
        assertEquals("ppc64le", AgentLabels.archText("ppc64el"));
        assertEquals("s390x", AgentLabels.archText("linux/s390x"));
        assertEquals("windows-amd64", AgentLabels.archText("windows/amd64"));
        assertThrows(MultiarchException.class, () -> AgentLabels.archText("sparc"));
    }

    @Test
    void nativeAndEmulatedLabelNames() {
        assertEquals("multiarch-native-s390x", AgentLabels.nativeLabel("linux/s390x"));
        assertEquals("multiarch-emulated-arm64", AgentLabels.emulatedLabel("linux/arm64"));
        assertEquals("multiarch-emulated-arm-v7", AgentLabels.emulatedLabel("linux/arm/v7"));
    }

    @Test
    void theNativePlatformAndEveryProvedEmulationGiveALabelBrokenOnesNone() {
        assertEquals(List.of("multiarch-native-s390x", "multiarch-emulated-arm64", "multiarch-emulated-arm-v7"),
                AgentLabels.names(s390xWithQemu("s390x-box")));
    }

    @Test
    void noLabelWithoutAProbeOrWithAnUnusableEngine() {
        assertEquals(List.of(), AgentLabels.names(null));
        assertEquals(List.of(), AgentLabels.names(AgentPlatforms.failed("box", 0L, "Cannot run 'docker'", null)));
    }

    @Test
    void anUnknownNativeArchitectureGivesOnlyEmulatedLabels() {
        AgentCapabilities caps = new AgentCapabilities(Agent.local(), "24.0.7", null, false, null, List.of(), false,
                Map.of(ARM64, new ProbeResult(true, "runs linux/arm64 binaries (uname -m: aarch64)")), null);
        assertEquals(List.of("multiarch-emulated-arm64"), AgentLabels.names(AgentPlatforms.from("box", 0L, caps, List.of(ARM64), List.of())));
    }
}
