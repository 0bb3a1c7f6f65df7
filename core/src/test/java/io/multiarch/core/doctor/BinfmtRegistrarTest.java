package io.multiarch.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.doctor.Registration.Outcome;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registrar against a temporary directory standing in for binfmt_misc (a plain {@code register} file
 * collects what would be written to the kernel). Definition and entry texts are copied from this machine's
 * {@code /usr/share/binfmts/qemu-*} and {@code /proc/sys/fs/binfmt_misc/qemu-*}.
 */
class BinfmtRegistrarTest {
    /** /usr/share/binfmts/qemu-s390x of qemu-user-static 7.2 (Debian 12). */
    static final String S390X_DEFINITION = """
            package qemu-user-static
            interpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P
            magic \\x7f\\x45\\x4c\\x46\\x02\\x02\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x16
            offset 0
            mask \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfc\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff
            credentials no
            fix_binary yes
            preserve yes
            """;
    /** /usr/share/binfmts/qemu-aarch64. */
    static final String AARCH64_DEFINITION = """
            package qemu-user-static
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            magic \\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00
            offset 0
            mask \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff
            credentials no
            fix_binary yes
            preserve yes
            """;
    /** /proc/sys/fs/binfmt_misc/qemu-s390x as registered by scripts/setup.sh. */
    static final String S390X_ENTRY = """
            enabled
            interpreter /usr/libexec/qemu-binfmt/s390x-binfmt-P
            flags: POCF
            offset 0
            magic 7f454c4602020100000000000000000000020016
            mask fffffffffffffffcfffffffffffffffffffeffff
            """;

    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform S390X = Platform.parse("linux/s390x");
    static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path tmp;
    Path binfmt;
    Path definitions;
    Path interpreters;
    final List<Command> commands = new ArrayList<>();

    @BeforeEach
    void layout() throws IOException {
        binfmt = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("register"), "");
        Files.writeString(binfmt.resolve("status"), "enabled\n");
        definitions = Files.createDirectories(tmp.resolve("binfmts"));
        Files.writeString(definitions.resolve("qemu-s390x"), S390X_DEFINITION);
        Files.writeString(definitions.resolve("qemu-aarch64"), AARCH64_DEFINITION);
        interpreters = Files.createDirectories(tmp.resolve("qemu-binfmt"));
        Files.writeString(interpreters.resolve("s390x-binfmt-P"), "#!fake\n");
        Files.writeString(interpreters.resolve("aarch64-binfmt-P"), "#!fake\n");
    }

    private BinfmtRegistrar registrar(Platform host, CommandRunner runner) {
        return new BinfmtRegistrar(binfmt, definitions, interpreters, host, runner);
    }

    private BinfmtRegistrar registrar() {
        return registrar(AMD64, recording(0, ""));
    }

    private CommandRunner recording(int exitCode, String output) {
        return (command, lines) -> {
            commands.add(command);
            return new CommandResult(exitCode, List.of(output), false);
        };
    }

    private String registerFile() throws IOException {
        return Files.readString(binfmt.resolve("register"), StandardCharsets.ISO_8859_1);
    }

    /** What the kernel would show for the handler the registrar registers, with the temp interpreter path. */
    private String kernelEntry(String interpreter, String flags) {
        return S390X_ENTRY.replace("/usr/libexec/qemu-binfmt/s390x-binfmt-P", interpreter).replace("POCF", flags);
    }

    @Test
    void registersTheBinfmtPInterpreterWithFlagsPocfAndTheDefinitionsMagic() throws IOException {
        List<Registration> results = registrar().register(List.of(S390X));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REGISTERED);
            assertThat(r.handler()).isEqualTo("qemu-s390x");
            assertThat(r.detail()).contains("s390x-binfmt-P").contains("POCF");
        });
        assertThat(registerFile()).isEqualTo(":qemu-s390x:M:0:"
                + "\\x7f\\x45\\x4c\\x46\\x02\\x02\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x16:"
                + "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfc\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff:"
                + interpreters.resolve("s390x-binfmt-P") + ":POCF\n");
        assertThat(commands).isEmpty();
    }

    @Test
    void aCorrectEntryIsLeftAloneSoASecondRunWritesNothing() throws IOException {
        BinfmtRegistrar registrar = registrar();
        registrar.register(List.of(S390X));
        // the kernel now shows the entry
        Files.writeString(binfmt.resolve("qemu-s390x"), kernelEntry(interpreters.resolve("s390x-binfmt-P").toString(), "POCF"));
        Files.writeString(binfmt.resolve("register"), "");

        List<Registration> again = registrar.register(List.of(S390X));

        assertThat(again).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_OK);
            assertThat(r.outcome().label()).isEqualTo("already OK");
        });
        assertThat(registerFile()).isEmpty();
        assertThat(Files.readString(binfmt.resolve("qemu-s390x"))).doesNotContain("\n-1\n");
    }

    @Test
    void anEntryWithTheStaticInterpreterAndOnlyFlagFIsRemovedAndRegisteredAgain() throws IOException {
        Path entry = binfmt.resolve("qemu-s390x");
        Files.writeString(entry, kernelEntry("/usr/bin/qemu-s390x-static", "F"));

        List<Registration> results = registrar().register(List.of(S390X));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REREGISTERED);
            assertThat(r.detail()).contains("interpreter /usr/bin/qemu-s390x-static").contains("flags 'F' lack POC");
        });
        assertThat(Files.readString(entry)).endsWith("-1\n");
        assertThat(registerFile()).startsWith(":qemu-s390x:M:0:").endsWith(interpreters.resolve("s390x-binfmt-P") + ":POCF\n");
    }

    @Test
    void aDisabledOrForeignMagicEntryIsRegisteredAgain() throws IOException {
        Path entry = binfmt.resolve("qemu-s390x");
        String good = kernelEntry(interpreters.resolve("s390x-binfmt-P").toString(), "POCF");
        Files.writeString(entry, good.replace("enabled", "disabled"));
        assertThat(registrar().register(List.of(S390X)).get(0).detail()).contains("was: disabled");

        Files.writeString(entry, good.replace("7f454c4602020100000000000000000000020016", "7f454c4602010100000000000000000002001500"));
        Files.writeString(binfmt.resolve("register"), "");
        Registration r = registrar().register(List.of(S390X)).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.REREGISTERED);
        assertThat(r.detail()).contains("magic/mask differ");
        assertThat(registerFile()).startsWith(":qemu-s390x:");
    }

    @Test
    void theHostsOwnArchitectureIsNeverRegistered() throws IOException {
        List<Registration> onAmd64 = registrar().register(List.of(AMD64, Platform.parse("linux/386")));
        assertThat(onAmd64).extracting(Registration::outcome).containsExactly(Outcome.NATIVE, Outcome.NATIVE);

        List<Registration> onArm64 = registrar(ARM64, recording(0, "")).register(List.of(ARM64, S390X));
        assertThat(onArm64).extracting(Registration::outcome).containsExactly(Outcome.NATIVE, Outcome.REGISTERED);
        assertThat(registerFile()).doesNotContain("qemu-aarch64").contains(":qemu-s390x:");
    }

    @Test
    void withoutQemuUserStaticItSaysToInstallIt() throws IOException {
        Files.delete(definitions.resolve("qemu-s390x"));
        Files.delete(definitions.resolve("qemu-aarch64"));

        Registration r = registrar().register(List.of(S390X)).get(0);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).contains("qemu-user-static is not installed").contains("apt-get install qemu-user-static");
        assertThat(registerFile()).isEmpty();
    }

    @Test
    void withoutTheBinfmtPInterpreterItRefusesToRegisterAnArgv0LosingHandler() throws IOException {
        Files.delete(interpreters.resolve("s390x-binfmt-P"));

        Registration r = registrar().register(List.of(S390X)).get(0);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).contains(interpreters.resolve("s390x-binfmt-P").toString()).contains("apt-get install qemu-user-static");
        assertThat(registerFile()).isEmpty();
    }

    @Test
    void anUnknownPlatformIsInvalidInputAndNothingIsWritten() throws IOException {
        assertThatThrownBy(() -> registrar().register(List.of(S390X, Platform.parse("windows/arm64"))))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("Unknown platform 'windows/arm64'")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.INVALID_INPUT));
        assertThat(registerFile()).isEmpty();
    }

    @Test
    void platformsMapToQemuNames() {
        assertThat(BinfmtRegistrar.qemuName(ARM64)).isEqualTo("aarch64");
        assertThat(BinfmtRegistrar.qemuName(Platform.parse("linux/arm/v7"))).isEqualTo("arm");
        assertThat(BinfmtRegistrar.qemuName(Platform.parse("linux/arm/v6"))).isEqualTo("arm");
        assertThat(BinfmtRegistrar.qemuName(Platform.parse("linux/386"))).isEqualTo("i386");
        assertThat(BinfmtRegistrar.qemuName(Platform.parse("linux/ppc64le"))).isEqualTo("ppc64le");
        assertThat(BinfmtRegistrar.qemuName(Platform.parse("linux/riscv64"))).isEqualTo("riscv64");
        assertThat(BinfmtRegistrar.qemuName(S390X)).isEqualTo("s390x");
    }

    @Test
    void anUnmountedBinfmtMiscIsMountedThroughTheRunner() throws IOException {
        Files.delete(binfmt.resolve("register"));
        CommandRunner mounting = (command, lines) -> {
            commands.add(command);
            try {
                Files.writeString(binfmt.resolve("register"), "");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new CommandResult(0, List.of(), false);
        };

        Registration r = registrar(AMD64, mounting).register(List.of(S390X)).get(0);

        assertThat(commands).extracting(Command::argv)
                .containsExactly(List.of("mount", "-t", "binfmt_misc", "binfmt_misc", binfmt.toString()));
        assertThat(r.outcome()).isEqualTo(Outcome.REGISTERED);
        assertThat(registerFile()).startsWith(":qemu-s390x:");
    }

    @Test
    void aFailedMountAsNonRootSaysRunAsRoot() throws IOException {
        Files.delete(binfmt.resolve("register"));

        List<Registration> results = registrar(AMD64, recording(32, "mount: only root can use \"--types\" option"))
                .register(List.of(S390X, ARM64));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.detail()).contains("binfmt_misc is not mounted").contains("only root").contains("run as root");
        });
    }

    @Test
    void writeErrorsBecomeInstructions() {
        BinfmtRegistrar registrar = registrar();
        assertThat(registrar.explain(new AccessDeniedException(binfmt.resolve("register").toString()), "qemu-s390x"))
                .contains("permission denied").contains("run as root");
        assertThat(registrar.explain(new IOException("Read-only file system"), "qemu-s390x"))
                .contains("read-only").contains("--privileged");
        assertThat(registrar.explain(new IOException("File exists"), "qemu-s390x"))
                .contains("echo -1 > " + binfmt.resolve("qemu-s390x"));
    }

    @Test
    void aRegisterFileThatCannotBeWrittenFailsThatPlatformOnly() throws IOException {
        Files.delete(binfmt.resolve("register"));
        Files.createDirectory(binfmt.resolve("register")); // mounted, but writing fails

        List<Registration> results = registrar().register(List.of(S390X, AMD64));

        assertThat(results.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get(0).detail()).contains("qemu-s390x");
        assertThat(results.get(1).outcome()).isEqualTo(Outcome.NATIVE);
    }

    @Test
    void realEntryAndDefinitionTextsParse() {
        BinfmtEntry entry = BinfmtEntry.parse("qemu-s390x", S390X_ENTRY);
        assertThat(entry.enabled()).isTrue();
        assertThat(entry.interpreter()).isEqualTo("/usr/libexec/qemu-binfmt/s390x-binfmt-P");
        assertThat(entry.flags()).isEqualTo("POCF");
        assertThat(entry.hasFlags("PF")).isTrue();
        assertThat(entry.offset()).isZero();
        assertThat(entry.magic()).isEqualTo("7f454c4602020100000000000000000000020016");
        assertThat(entry.mask()).isEqualTo("fffffffffffffffcfffffffffffffffffffeffff");

        BinfmtDefinition definition = BinfmtDefinition.parse("qemu-s390x", S390X_DEFINITION);
        assertThat(definition.interpreter()).isEqualTo("/usr/libexec/qemu-binfmt/s390x-binfmt-P");
        assertThat(definition.offset()).isZero();
        assertThat(definition.magicHex()).isEqualTo(entry.magic());
        assertThat(definition.maskHex()).isEqualTo(entry.mask());
        assertThat(entry.matches(definition)).isTrue();
        assertThat(entry.matches(BinfmtDefinition.parse("qemu-aarch64", AARCH64_DEFINITION))).isFalse();

        BinfmtEntry flagFOnly = BinfmtEntry.parse("qemu-s390x", S390X_ENTRY.replace("flags: POCF", "flags: F"));
        assertThat(flagFOnly.missingFlags("POCF")).isEqualTo("POC");
        assertThat(BinfmtEntry.parse("x", "disabled\ninterpreter /bin/false\nflags: \nextension .x\n").enabled()).isFalse();
    }

    @Test
    void theKernelsMaskedMagicStillMatches() {
        // the kernel may store magic & mask: 0x03 under mask 0xfe shows as 0x02
        BinfmtDefinition unmasked = BinfmtDefinition.parse("qemu-s390x", S390X_DEFINITION.replace("\\x02\\x00\\x16", "\\x03\\x00\\x16"));
        assertThat(BinfmtEntry.parse("qemu-s390x", S390X_ENTRY).matches(unmasked)).isTrue();
    }

    @Test
    void entriesListsHandlersButNotRegisterOrStatus() throws IOException {
        Files.writeString(binfmt.resolve("qemu-s390x"), S390X_ENTRY);
        assertThat(registrar().entries()).extracting(BinfmtEntry::name).containsExactly("qemu-s390x");
    }
}
