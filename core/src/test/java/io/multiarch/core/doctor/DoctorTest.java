package io.multiarch.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the doctor turns probed capabilities and this host's binfmt entries into OK lines and fixes. */
class DoctorTest {
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final Platform S390X = Platform.parse("linux/s390x");
    static final Platform RISCV64 = Platform.parse("linux/riscv64");

    @TempDir
    Path tmp;
    ProbeBinaries probes;

    @BeforeEach
    void probeBinaries() throws IOException {
        Path dir = tmp.resolve("busybox");
        for (String arch : List.of("arm64", "s390x")) {
            Files.createDirectories(dir.resolve(arch));
            Files.writeString(dir.resolve(arch).resolve("busybox"), "static busybox");
        }
        probes = new ProbeBinaries(dir, (c, l) -> {
            throw new AssertionError("no command expected: " + c);
        });
    }

    private static AgentCapabilities caps(Agent agent, boolean buildx, Map<Platform, ProbeResult> emulation) {
        return new AgentCapabilities(agent, "20.10.24+dfsg1", AMD64, buildx, buildx ? "docker" : null,
                List.of(AMD64, ARM64, S390X), false, emulation, null);
    }

    private static Check named(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + checks));
    }

    @Test
    void aHealthyAgentGetsOkLinesForEngineArchitectureBuildxBuilderAndEachPlatform() {
        AgentCapabilities caps = caps(Agent.local(), true, Map.of(
                ARM64, new ProbeResult(true, "runs linux/arm64 binaries (uname -m: aarch64)"),
                S390X, new ProbeResult(true, "runs linux/s390x binaries (uname -m: s390x)")));

        List<Check> checks = Doctor.agentChecks(caps, List.of(AMD64, ARM64, S390X), probes,
                "/usr/libexec/docker/cli-plugins/docker-buildx", null);

        assertThat(checks).extracting(Check::name).containsExactly("engine", "architecture", "buildx", "builder",
                "platform linux/amd64", "platform linux/arm64", "platform linux/s390x");
        assertThat(checks).allMatch(Check::ok).allMatch(c -> c.agent().equals("local") && c.fix() == null);
        assertThat(named(checks, "engine").detail()).isEqualTo("Docker engine 20.10.24+dfsg1 (default endpoint)");
        assertThat(named(checks, "architecture").detail()).startsWith("linux/amd64");
        assertThat(named(checks, "buildx").detail()).contains("/usr/libexec/docker/cli-plugins/docker-buildx");
        assertThat(named(checks, "builder").detail()).contains("driver docker").contains("one platform per invocation");
        assertThat(named(checks, "platform linux/amd64").detail()).isEqualTo("native");
        assertThat(named(checks, "platform linux/s390x").detail()).startsWith("emulated: runs linux/s390x");
    }

    @Test
    void anUnreachableEndpointIsOneFailWithAFixAndNothingElse() {
        Agent agent = Agent.of("unix:///nonexistent.sock");
        AgentCapabilities down = new AgentCapabilities(agent, null, null, false, null, List.of(), false, Map.of(),
                "docker engine unix:///nonexistent.sock does not answer: Cannot connect to the Docker daemon");

        List<Check> checks = Doctor.agentChecks(down, List.of(ARM64), probes, null, null);

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.agent()).isEqualTo("unix:///nonexistent.sock");
            assertThat(c.name()).isEqualTo("engine");
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("does not answer");
            assertThat(c.fix()).contains("DOCKER_HOST=unix:///nonexistent.sock docker version");
        });
    }

    @Test
    void aSocketThisUserMayNotUseSaysDockerGroup() {
        AgentCapabilities denied = new AgentCapabilities(Agent.local(), null, null, false, null, List.of(), false, Map.of(),
                "docker engine (default) does not answer: permission denied while trying to connect to the Docker daemon socket");

        Check engine = Doctor.agentChecks(denied, List.of(ARM64), probes, null, null).get(0);

        assertThat(engine.fix()).contains("docker group").contains("usermod -aG docker");
    }

    @Test
    void brokenEmulationAndAMissingProbeBinaryFailWithConcreteFixes() {
        AgentCapabilities caps = caps(Agent.local(), true, Map.of(
                S390X, new ProbeResult(false, "the binfmt handler for linux/s390x does not preserve argv[0] (flag P missing): "
                        + "run 'multiarch setup-qemu'"),
                RISCV64, new ProbeResult(false, "probe binary missing")));

        List<Check> checks = Doctor.agentChecks(caps, List.of(S390X, RISCV64), probes, null, null);

        Check s390x = named(checks, "platform linux/s390x");
        assertThat(s390x.ok()).isFalse();
        assertThat(s390x.detail()).contains("emulation broken").contains("flag P missing");
        assertThat(s390x.fix()).contains("multiarch setup-qemu --platforms linux/s390x").contains("as root on this machine");
        Check riscv = named(checks, "platform linux/riscv64");
        assertThat(riscv.ok()).isFalse();
        assertThat(riscv.detail()).contains("riscv64/busybox is missing");
        assertThat(riscv.fix()).contains("--fetch-probes").contains("apt-get download busybox-static:riscv64");
    }

    @Test
    void withoutBuildxTheFixNamesTheSystemWideFolderAndThePrivateConfigPitfall() {
        List<Check> checks = Doctor.agentChecks(caps(Agent.of("ssh://b@host"), false, Map.of()), List.of(AMD64), probes,
                null, null);

        Check buildx = named(checks, "buildx");
        assertThat(buildx.ok()).isFalse();
        assertThat(buildx.fix()).contains("/usr/libexec/docker/cli-plugins").contains("~/.docker/cli-plugins")
                .contains("DOCKER_CONFIG");
        assertThat(checks).extracting(Check::name).doesNotContain("builder");
        assertThat(named(checks, "engine").detail()).contains("ssh://b@host");
    }

    @Test
    void aFailedCheckWithoutAFixIsABug() {
        assertThatThrownBy(() -> Check.fail("a", "b", "broken", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Check.ok("a", "b", "fine").fix()).isNull();
    }

    private Doctor doctorOn(Path binfmt) throws IOException {
        Path definitions = Files.createDirectories(tmp.resolve("binfmts"));
        Files.writeString(definitions.resolve("qemu-s390x"), BinfmtRegistrarTest.S390X_DEFINITION);
        Files.writeString(definitions.resolve("qemu-aarch64"), BinfmtRegistrarTest.AARCH64_DEFINITION);
        BinfmtRegistrar registrar = new BinfmtRegistrar(binfmt, definitions, tmp.resolve("qemu-binfmt"), AMD64,
                (c, l) -> new CommandResult(1, List.of("no mount in unit tests"), false));
        return new Doctor((c, l) -> {
            throw new AssertionError("no command expected: " + c);
        }, null, registrar, probes, Map.of());
    }

    @Test
    void binfmtEntriesNeedFlagsPAndF() throws IOException {
        Path binfmt = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("register"), "");
        Files.writeString(binfmt.resolve("qemu-s390x"), BinfmtRegistrarTest.S390X_ENTRY);
        Files.writeString(binfmt.resolve("qemu-aarch64"), BinfmtRegistrarTest.S390X_ENTRY
                .replace("s390x-binfmt-P", "aarch64-binfmt-P").replace("POCF", "F"));

        List<Check> checks = doctorOn(binfmt).binfmtChecks(List.of(AMD64, S390X, ARM64, RISCV64));

        assertThat(checks).extracting(Check::name).containsExactly("binfmt linux/s390x", "binfmt linux/arm64", "binfmt linux/riscv64");
        assertThat(checks).allMatch(c -> c.agent().equals(Check.THIS_HOST));
        assertThat(checks.get(0).ok()).isTrue();
        assertThat(checks.get(0).detail()).isEqualTo("qemu-s390x -> /usr/libexec/qemu-binfmt/s390x-binfmt-P (flags POCF)");
        assertThat(checks.get(1).ok()).isFalse();
        assertThat(checks.get(1).detail()).contains("lacks flag P").contains("applet not found");
        assertThat(checks.get(1).fix()).contains("multiarch setup-qemu --platforms linux/arm64");
        assertThat(checks.get(2).ok()).isFalse();
        assertThat(checks.get(2).detail()).contains("no handler for linux/riscv64");
        assertThat(checks.get(2).fix()).contains("multiarch setup-qemu --platforms linux/riscv64");
    }

    @Test
    void aHandlerWithoutFlagFFailsAndADisabledOneToo() throws IOException {
        Path binfmt = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("register"), "");
        Files.writeString(binfmt.resolve("qemu-s390x"), BinfmtRegistrarTest.S390X_ENTRY.replace("POCF", "POC"));
        Files.writeString(binfmt.resolve("qemu-aarch64"), BinfmtRegistrarTest.S390X_ENTRY.replace("enabled", "disabled"));

        List<Check> checks = doctorOn(binfmt).binfmtChecks(List.of(S390X, ARM64));

        assertThat(checks.get(0).detail()).contains("lacks flag F").contains("inside each container");
        assertThat(checks.get(1).detail()).contains("disabled");
        assertThat(checks).noneMatch(Check::ok);
    }

    @Test
    void aHandlerRegisteredUnderAnotherNameIsFoundByItsMagic() throws IOException {
        Path binfmt = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("register"), "");
        Files.writeString(binfmt.resolve("s390x"), BinfmtRegistrarTest.S390X_ENTRY);

        List<Check> checks = doctorOn(binfmt).binfmtChecks(List.of(S390X));

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isTrue();
            assertThat(c.detail()).startsWith("s390x -> ");
        });
    }

    @Test
    void anUnmountedBinfmtMiscIsOneFail() throws IOException {
        List<Check> checks = doctorOn(Files.createDirectories(tmp.resolve("empty"))).binfmtChecks(List.of(S390X, ARM64));

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("binfmt_misc");
            assertThat(c.ok()).isFalse();
            assertThat(c.fix()).contains("multiarch setup-qemu");
        });
    }

    @Test
    void aBuildxPluginOnlyInTheUsersFolderIsFlagged() throws IOException {
        Path home = tmp.resolve("home");
        Path user = Files.createDirectories(home.resolve(".docker/cli-plugins")).resolve("docker-buildx");
        Files.writeString(user, "#!/bin/sh\n");
        Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path systemDir = Files.createDirectories(tmp.resolve("system"));

        assertThat(Doctor.findBuildxPlugin(Map.of("HOME", home.toString()), List.of(systemDir)))
                .startsWith(user.toString()).contains("per-user only").contains("system-wide");
        assertThat(Doctor.findBuildxPlugin(Map.of("HOME", home.toString(), "DOCKER_CONFIG", tmp.resolve("private").toString()),
                List.of(systemDir))).isNull();

        Path system = systemDir.resolve("docker-buildx");
        Files.writeString(system, "#!/bin/sh\n");
        Files.setPosixFilePermissions(system, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Doctor.findBuildxPlugin(Map.of("HOME", tmp.resolve("nobody").toString()), List.of(systemDir)))
                .isEqualTo(system.toString());
    }
}
