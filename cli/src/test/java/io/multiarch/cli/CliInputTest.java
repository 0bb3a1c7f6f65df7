package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input gets exit code 2 and a message naming the input and the fix, with no stack trace. */
class CliInputTest {
    @Test
    void invalidPlatformIsExit2NamingIt() {
        CliRun run = CliRun.of("push-manifest", "--target", "reg:5000/app:1", "--platforms", "linux/sparc",
                "--template", "reg:5000/app-ARCH:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid platform 'linux/sparc'").contains("linux/s390x").doesNotContain("\tat ");
    }

    @Test
    void invalidReferenceIsExit2() {
        CliRun run = CliRun.of("push-manifest", "--target", "Reg/App", "reg:5000/app-amd64:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid image reference 'Reg/App'");
    }

    @Test
    void templateWithoutPlatformsIsAUsageError() {
        CliRun run = CliRun.of("push-manifest", "--target", "reg:5000/app:1", "--template", "reg:5000/app-ARCH:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--platforms").contains("--help");
    }

    @Test
    void twoSourceModesAtOnceAreRejected() {
        CliRun run = CliRun.of("push-manifest", "--target", "reg:5000/app:1", "--spec", "x.yaml",
                "--platforms", "linux/amd64", "--template", "reg:5000/app-ARCH:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void usernameNeedsPasswordStdin() {
        CliRun run = CliRun.of("push-manifest", "--target", "reg:5000/app:1", "--username", "me", "reg:5000/app-amd64:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--username and --password-stdin go together");
    }

    @Test
    void missingTargetIsExplained() {
        CliRun run = CliRun.of("push-manifest", "reg:5000/app-amd64:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--target is required");
    }

    @Test
    void missingSpecFileIsExit2() {
        CliRun run = CliRun.of("push-manifest", "--spec", "/nonexistent/manifest.yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Spec file '/nonexistent/manifest.yaml' does not exist");
    }

    @Test
    void unreachableRegistryIsExit3WithHint() {
        CliRun run = CliRun.of("inspect", "127.0.0.1:1/app:1");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("127.0.0.1:1 could not be reached").doesNotContain("\tat ");
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun run = CliRun.of("inspect", "--debug", "127.0.0.1:1/app:1");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\tat ");
    }

    @Test
    void everyOptionHasHelpText() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main(), new picocli.CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getDeclaredConstructor(CliContext.class).newInstance(new CliContext(null, null, null, java.util.Map.of()));
                } catch (NoSuchMethodException e) {
                    return picocli.CommandLine.defaultFactory().create(cls);
                }
            }
        });
        Main.addSubcommands(cli, new String[0]);
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().options().forEach(option ->
                assertThat(String.join(" ", option.description())).as(sub.getCommandName() + " " + option.longestName())
                        .isNotBlank()));
        assertThat(cli.getSubcommands()).containsKeys("build", "buildx", "push-manifest", "inspect", "setup-qemu", "doctor");
    }
}
