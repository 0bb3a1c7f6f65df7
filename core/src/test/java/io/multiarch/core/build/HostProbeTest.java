package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions of the on-host emulation probe, with a temporary directory standing in for
 * binfmt_misc. The probe's real run (a foreign busybox through qemu) is exercised by the build ITs.
 */
class HostProbeTest {
    @TempDir
    Path binfmt;
    @TempDir
    Path probes;

    @BeforeEach
    void layout() throws IOException {
        Files.writeString(binfmt.resolve("register"), "");
        Files.createDirectories(probes.resolve("s390x"));
        Files.writeString(probes.resolve("s390x/busybox"), "not a binary: the flag checks come first");
    }

    private AgentProbe probe(Map<String, String> env) {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.fail(126, "exec format error"));
        return new AgentProbe(runner, probes, env, binfmt);
    }

    private void entry(String flags, boolean enabled) throws IOException {
        Files.writeString(binfmt.resolve("qemu-s390x"), (enabled ? "enabled" : "disabled")
                + "\ninterpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P\nflags: " + flags + "\noffset 0\n");
    }

    @Test
    void onlyTheLocalEngineOnThisKernelIsProbedOnTheHost() {
        assertThat(probe(Map.of()).sharesThisKernel(Agent.local())).isTrue();
        assertThat(probe(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock")).sharesThisKernel(Agent.local())).isTrue();
        assertThat(probe(Map.of("DOCKER_HOST", "tcp://builder:2376")).sharesThisKernel(Agent.local())).isFalse();
        assertThat(probe(Map.of("DOCKER_CONTEXT", "remote")).sharesThisKernel(Agent.local())).isFalse();
        assertThat(probe(Map.of()).sharesThisKernel(Agent.of("ssh://s390x-host"))).isFalse();
    }

    @Test
    void missingFlagsAreDiagnosedWithoutRunningAnything() throws IOException {
        entry("OC", true);
        assertThat(probe(Map.of()).probeOnHost(Platform.parse("linux/s390x")).detail()).contains("flag F missing");
        entry("F", true);
        assertThat(probe(Map.of()).probeOnHost(Platform.parse("linux/s390x")).detail()).contains("flag P missing");
        entry("POCF", false);
        assertThat(probe(Map.of()).probeOnHost(Platform.parse("linux/s390x")).detail()).contains("disabled");
    }

    @Test
    void undecidableOnTheHostLeavesItToTheBuildProbe() throws IOException {
        assertThat(probe(Map.of()).probeOnHost(Platform.parse("linux/s390x"))).as("no handler file").isNull();
        entry("POCF", true);
        assertThat(probe(Map.of()).probeOnHost(Platform.parse("linux/ppc64le"))).as("no probe binary").isNull();
    }

    @Test
    void aBinaryThatDoesNotRunIsAFailure() throws IOException {
        entry("POCF", true);
        AgentCapabilities.ProbeResult result = probe(Map.of()).probeOnHost(Platform.parse("linux/s390x"));
        assertThat(result.works()).isFalse();
        assertThat(result.detail()).contains("no qemu handler");
    }
}
