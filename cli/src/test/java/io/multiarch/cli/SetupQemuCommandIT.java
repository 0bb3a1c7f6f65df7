package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiarch setup-qemu} on this machine: the real binfmt_misc, qemu-user-static and engine. It must
 * leave the handlers scripts/setup.sh registered untouched ("already OK") and prove each platform with a
 * probe build. Nothing here removes or changes a real handler (destructive cases run against a temporary
 * directory in BinfmtRegistrarTest).
 */
class SetupQemuCommandIT {
    static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        DockerCli.requireEngine();
    }

    /** The text of every qemu handler the kernel has now. */
    private static Map<String, String> handlers() throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(BINFMT)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("qemu-")).toList()) {
                result.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return result;
    }

    private static CliRun run(String... args) {
        return CliRun.of(System.getenv(), "", args);
    }

    @Test
    void theHandlersOfSetupShAreAlreadyOkAndEveryDefaultPlatformRuns() throws IOException {
        Map<String, String> before = handlers();

        CliRun run = run("setup-qemu");

        assertThat(run.exitCode()).as(run.all()).isZero();
        for (String[] p : List.of(new String[] {"linux/arm64", "aarch64"}, new String[] {"linux/s390x", "s390x"},
                new String[] {"linux/ppc64le", "ppc64le"}, new String[] {"linux/arm/v7", "arm"})) {
            assertThat(run.out()).as(run.all()).containsPattern("(?m)^  " + p[0] + " +already OK +qemu-" + p[1]
                    + " -> /usr/libexec/qemu-binfmt/" + p[1] + "-binfmt-P \\(flags POCF\\)$");
        }
        assertThat(run.out()).containsPattern("(?m)^  linux/arm64 +OK +runs linux/arm64 binaries \\(uname -m: aarch64\\)$")
                .containsPattern("(?m)^  linux/s390x +OK +runs linux/s390x binaries \\(uname -m: s390x\\)$")
                .containsPattern("(?m)^  linux/ppc64le +OK +runs linux/ppc64le binaries \\(uname -m: ppc64le\\)$")
                .containsPattern("(?m)^  linux/arm/v7 +OK +runs linux/arm/v7 binaries")
                .contains("Every platform runs on this host (4 checked).")
                .doesNotContain("FAIL");
        assertThat(handlers()).as("setup-qemu must not change correct handlers").isEqualTo(before);

        CliRun again = run("setup-qemu", "--platforms", "linux/s390x");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).containsPattern("(?m)^  linux/s390x +already OK ");
        assertThat(handlers()).isEqualTo(before);
    }

    @Test
    void theHostsOwnPlatformIsNeverRegistered() throws IOException {
        CliRun run = run("setup-qemu", "--platforms", "linux/amd64,linux/arm64");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("(?m)^  linux/amd64 +native +the host \\(linux/amd64\\) runs linux/amd64 binaries itself")
                .containsPattern("(?m)^  linux/amd64 +OK +native on this engine");
        assertThat(handlers()).doesNotContainKey("qemu-x86_64");
    }

    @Test
    void aMissingProbeBinaryFailsWithHowToGetIt() {
        CliRun run = run("setup-qemu", "--platforms", "linux/arm64", "--probe-dir", tmp.resolve("empty").toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^  linux/arm64 +already OK ")
                .containsPattern("(?m)^  linux/arm64 +MISSING +" + tmp.resolve("empty/arm64/busybox") + "$")
                .contains("fix: run 'multiarch setup-qemu --platforms linux/arm64 --fetch-probes' as root on Debian, or: "
                        + "dpkg --add-architecture arm64 && apt-get update && apt-get download busybox-static:arm64")
                .containsPattern("(?m)^  linux/arm64 +FAIL +probe binary .* is missing");
    }

    @Test
    void fetchProbesDownloadsTheStaticBusyboxFromDebian() throws IOException {
        ExecFacts.requireForeignArchitecture("arm64");
        Path dir = tmp.resolve("probes");

        CliRun run = run("setup-qemu", "--platforms", "linux/arm64", "--probe-dir", dir.toString(), "--fetch-probes");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Files.isExecutable(dir.resolve("arm64/busybox"))).isTrue();
        assertThat(Files.size(dir.resolve("arm64/busybox"))).isGreaterThan(500_000);
        assertThat(run.out()).containsPattern("(?m)^  linux/arm64 +OK +" + dir.resolve("arm64/busybox") + "$")
                .containsPattern("(?m)^  linux/arm64 +OK +runs linux/arm64 binaries");
    }

    @Test
    void anUnknownPlatformIsInvalidInput() throws IOException {
        Map<String, String> before = handlers();
        CliRun run = run("setup-qemu", "--platforms", "linux/s390x,windows/arm64");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown platform 'windows/arm64' for qemu emulation");
        assertThat(handlers()).isEqualTo(before);
    }

    /** Facts about this machine that a test needs and must not change itself. */
    static final class ExecFacts {
        private ExecFacts() {
        }

        /** Fails unless dpkg already knows the foreign architecture (scripts/setup.sh adds it), so the test adds none. */
        static void requireForeignArchitecture(String arch) throws IOException {
            Process p = new ProcessBuilder("dpkg", "--print-foreign-architectures").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(out.lines().toList()).as("dpkg foreign architectures (run scripts/setup.sh as root)").contains(arch);
        }
    }
}
