package io.multiarch.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which apt/dpkg commands fetching probe binaries runs, in which order (a recording runner that plays
 * dpkg and apt-get; the real download runs in SetupQemuCommandIT).
 */
class DoctorProbeBinariesTest {
    @TempDir
    Path tmp;
    final List<List<String>> commands = new ArrayList<>();

    private CommandRunner debian(String foreign, boolean downloadFails) {
        return (command, lines) -> {
            List<String> argv = command.argv();
            commands.add(argv);
            try {
                if (argv.equals(List.of("dpkg", "--print-architecture"))) {
                    return result(0, "amd64");
                }
                if (argv.equals(List.of("dpkg", "--print-foreign-architectures"))) {
                    return result(0, foreign);
                }
                if (argv.get(0).equals("apt-get") && argv.get(1).equals("download")) {
                    if (downloadFails) {
                        return result(100, "E: Unable to locate package busybox-static:riscv64");
                    }
                    String arch = argv.get(argv.size() - 1).substring("busybox-static:".length());
                    Files.writeString(command.workDir().resolve("busybox-static_1.35.0-4+b3_" + arch + ".deb"), "deb");
                }
                if (argv.get(0).equals("dpkg-deb")) {
                    Path bin = Files.createDirectories(Path.of(argv.get(3)).resolve("bin"));
                    Files.writeString(bin.resolve("busybox"), "busybox of " + argv.get(2));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return result(0, "");
        };
    }

    private static CommandResult result(int code, String output) {
        return new CommandResult(code, List.of(output.split("\n")), false);
    }

    @Test
    void addsOnlyNewArchitecturesUpdatesOnceAndInstallsEachBusybox() throws IOException {
        ProbeBinaries probes = new ProbeBinaries(tmp.resolve("busybox"), debian("arm64\ns390x", false));
        List<Platform> wanted = Platform.parseList("linux/arm64,linux/ppc64le,linux/arm/v7");

        List<Platform> fetched = probes.fetch(wanted);

        assertThat(fetched).isEqualTo(wanted);
        assertThat(commands).filteredOn(c -> c.get(0).equals("dpkg") && c.get(1).equals("--add-architecture"))
                .containsExactly(List.of("dpkg", "--add-architecture", "ppc64el"), List.of("dpkg", "--add-architecture", "armhf"));
        assertThat(commands).filteredOn(c -> c.get(0).equals("apt-get") && c.get(1).equals("update")).hasSize(1);
        assertThat(commands).filteredOn(c -> c.get(0).equals("apt-get") && c.get(1).equals("download"))
                .extracting(c -> c.get(c.size() - 1))
                .containsExactly("busybox-static:arm64", "busybox-static:ppc64el", "busybox-static:armhf");
        assertThat(Files.readString(tmp.resolve("busybox/ppc64el/busybox"))).contains("busybox-static_1.35.0-4+b3_ppc64el.deb");
        assertThat(probes.missing(wanted)).isEmpty();
        assertThat(Files.isExecutable(tmp.resolve("busybox/armhf/busybox"))).isTrue();
    }

    @Test
    void nothingRunsWhenEveryBinaryIsThere() throws IOException {
        Files.createDirectories(tmp.resolve("busybox/s390x"));
        Files.writeString(tmp.resolve("busybox/s390x/busybox"), "x");
        ProbeBinaries probes = new ProbeBinaries(tmp.resolve("busybox"), debian("", false));

        assertThat(probes.fetch(List.of(Platform.parse("linux/s390x")))).isEmpty();
        assertThat(commands).isEmpty();
    }

    @Test
    void aFailedDownloadNamesTheCommandAndApt() {
        ProbeBinaries probes = new ProbeBinaries(tmp.resolve("busybox"), debian("riscv64", true));

        assertThatThrownBy(() -> probes.fetch(List.of(Platform.parse("linux/riscv64"))))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("'apt-get download -qq -o APT::Sandbox::User=root busybox-static:riscv64' failed (exit 100)")
                .hasMessageContaining("Unable to locate package");
        assertThat(commands).noneMatch(c -> c.contains("--add-architecture"));
    }

    @Test
    void howToGetIsACommandLine() {
        ProbeBinaries probes = new ProbeBinaries(Path.of("/var/lib/multiarch-lab/busybox"), debian("", false));
        assertThat(probes.howToGet(Platform.parse("linux/ppc64le")))
                .contains("dpkg --add-architecture ppc64el").contains("apt-get download busybox-static:ppc64el")
                .contains("/var/lib/multiarch-lab/busybox/ppc64el/busybox");
        assertThat(probes.path(Platform.parse("windows/amd64"))).isNull();
        assertThat(commands).isEmpty();
    }
}
