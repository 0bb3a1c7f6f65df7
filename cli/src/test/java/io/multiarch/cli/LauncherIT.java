package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/multiarch} on a copy of the built CLI (its own {@code cli/target}, so the
 * working tree's archive is left alone): it trains a class-data archive once, passes it to the JVM only
 * while it is newer than every jar, and when the training run fails says so once and does not retry until
 * a jar changes.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path home;
    Path target;
    Path jar;

    @BeforeEach
    void copyTheBuiltCli() throws IOException {
        Path built = ROOT.resolve("cli/target");
        try (Stream<Path> files = Files.list(built)) {
            jar = files.filter(p -> p.getFileName().toString().matches("multiarch-cli-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst()
                    .orElseThrow(() -> new AssertionError("no CLI jar in " + built + ": run ./mvnw package first"));
        }
        Files.createDirectories(home.resolve("bin"));
        Files.copy(ROOT.resolve("bin/multiarch"), home.resolve("bin/multiarch"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(home.resolve("cli/target/lib"));
        target = home.resolve("cli/target");
        jar = Files.copy(jar, target.resolve(jar.getFileName()));
        try (Stream<Path> libs = Files.list(built.resolve("lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, target.resolve("lib").resolve(lib.getFileName()));
            }
        }
    }

    private ExecResult launch(Map<String, String> env, String... args) {
        List<String> command = Stream.concat(Stream.of(home.resolve("bin/multiarch").toString()), Stream.of(args)).toList();
        return ExecResult.run(command, env, null, Duration.ofMinutes(2));
    }

    /** The java the launcher picks, as a JDK folder whose {@code bin/java} refuses the training run. */
    private Path jdkWhoseTrainingFails() throws IOException {
        List<String> command = launch(Map.of("MULTIARCH_PRINT_COMMAND", "1")).stdout().lines().toList();
        Path realJava = Path.of(command.get(0)).toRealPath();
        Path jdk = Files.createDirectories(home.resolve("jdk/bin"));
        Path release = realJava.getParent().getParent().resolve("release");
        if (Files.exists(release)) {
            Files.copy(release, home.resolve("jdk/release"));
        }
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/bash\n"
                + "for a in \"$@\"; do [[ $a == io.multiarch.cli.Training ]] && { echo 'training refused' >&2; exit 3; }; done\n"
                + "exec '" + realJava + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void theArchiveIsTrainedOnceAndPassedOnlyWhileItIsNewerThanTheJars() throws IOException {
        ExecResult first = launch(Map.of(), "--version");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).startsWith("multiarch ");
        List<String> command = launch(Map.of("MULTIARCH_PRINT_COMMAND", "1")).stdout().lines().toList();
        assertThat(command).contains("io.multiarch.cli.Main", "-cp");
        String archiveOption = command.stream().filter(o -> o.startsWith("-XX:AOTCache=") || o.startsWith("-XX:SharedArchiveFile="))
                .findFirst().orElseThrow(() -> new AssertionError("no archive option in " + command));
        Path archive = Path.of(archiveOption.substring(archiveOption.indexOf('=') + 1)).normalize();
        assertThat(archive).exists().startsWith(target);

        // a jar newer than the archive: it is trained again on the next run, not passed stale
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(1800)));
        List<String> stale = launch(Map.of("MULTIARCH_PRINT_COMMAND", "1")).stdout().lines().toList();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("retrained").isAfter(Instant.now().minusSeconds(600));
        assertThat(stale).contains(archiveOption);
    }

    @Test
    void aFailedTrainingRunIsReportedOnceAndNotRetriedUntilAJarChanges() throws IOException {
        Map<String, String> env = Map.of("JAVA", jdkWhoseTrainingFails().toString()); // after one good training run
        try (Stream<Path> archives = Files.list(target)) { // make the jars newer than that archive
            for (Path a : archives.filter(p -> p.getFileName().toString().matches("multiarch-\\d+\\.(aot|jsa)")).toList()) {
                Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }

        ExecResult first = launch(env, "--version");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).startsWith("multiarch ");
        assertThat(first.stderr()).contains("multiarch: note: the start-up archive could not be made");
        try (Stream<Path> failed = Files.list(target)) {
            Path marker = failed.filter(p -> p.getFileName().toString().endsWith(".failed")).findFirst().orElseThrow();
            assertThat(Files.readString(marker)).contains("training refused");
        }

        ExecResult second = launch(env, "--version");
        assertThat(second.exitCode()).isZero();
        assertThat(second.stderr()).as("said once").doesNotContain("note:");
        assertThat(launch(Map.of("JAVA", env.get("JAVA"), "MULTIARCH_PRINT_COMMAND", "1")).stdout())
                .as("the old archive is older than the jars: not passed").doesNotContain("-XX:AOTCache=")
                .doesNotContain("-XX:SharedArchiveFile=");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(launch(env, "--version").stderr()).as("a changed jar is worth another try").contains("note:");
    }
}
