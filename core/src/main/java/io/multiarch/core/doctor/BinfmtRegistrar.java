package io.multiarch.core.doctor;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Registers qemu user emulation in binfmt_misc the way multi-architecture builds need it: the
 * {@code -binfmt-P} interpreter that qemu-user-static installs ({@code /usr/libexec/qemu-binfmt/<name>-binfmt-P}),
 * the magic and mask of its definition ({@code /usr/share/binfmts/qemu-<name>}), and the flags
 * {@code POCF}:
 * <ul>
 * <li>{@code P} preserves argv[0], so multi-call binaries started through a symlink (busybox applets) work
 * instead of failing with "applet not found";</li>
 * <li>{@code F} opens the interpreter at registration, so it also works inside containers, whose file
 * system does not have it;</li>
 * <li>{@code O} and {@code C} hand the binary over as an open file and take credentials from it (setuid
 * binaries).</li>
 * </ul>
 * Idempotent: a correct entry is left alone, a wrong one (other interpreter, missing flag, other magic,
 * disabled) is removed ({@code -1} written to it) and registered again. The host's own architecture is
 * never registered. All paths are injectable so unit tests run against a temporary directory.
 */
public final class BinfmtRegistrar {
    public static final Path DEFAULT_BINFMT_DIR = Path.of("/proc/sys/fs/binfmt_misc");
    public static final Path DEFAULT_DEFINITIONS_DIR = Path.of("/usr/share/binfmts");
    public static final Path DEFAULT_INTERPRETER_DIR = Path.of("/usr/libexec/qemu-binfmt");
    /** The flags every handler gets. */
    public static final String FLAGS = "POCF";

    private static final Map<String, String> QEMU_NAMES = Map.of(
            "amd64", "x86_64", "arm64", "aarch64", "arm", "arm", "386", "i386", "ppc64le", "ppc64le",
            "s390x", "s390x", "riscv64", "riscv64", "mips64le", "mips64el", "loong64", "loongarch64");

    private final Path binfmtDir;
    private final Path definitionsDir;
    private final Path interpreterDir;
    private final Platform host;
    private final CommandRunner runner;

    /**
     * @param binfmtDir where binfmt_misc is (or gets) mounted
     * @param definitionsDir where qemu-user-static's definitions are
     * @param interpreterDir where its {@code -binfmt-P} interpreters are
     * @param host this machine's platform (never registered), or null when unknown
     * @param runner runs {@code mount} when binfmt_misc is not mounted
     */
    public BinfmtRegistrar(Path binfmtDir, Path definitionsDir, Path interpreterDir, Platform host, CommandRunner runner) {
        this.binfmtDir = binfmtDir;
        this.definitionsDir = definitionsDir;
        this.interpreterDir = interpreterDir;
        this.host = host;
        this.runner = runner;
    }

    /** The registrar for this machine: the default paths and the JVM's architecture. */
    public static BinfmtRegistrar forThisHost(CommandRunner runner) {
        return new BinfmtRegistrar(DEFAULT_BINFMT_DIR, DEFAULT_DEFINITIONS_DIR, DEFAULT_INTERPRETER_DIR, hostPlatform(), runner);
    }

    /** This machine's platform, from the JVM's {@code os.arch}; null when it is not one we model. */
    public static Platform hostPlatform() {
        try {
            return Platform.parse("linux/" + System.getProperty("os.arch"));
        } catch (MultiarchException e) {
            return null;
        }
    }

    public Platform host() {
        return host;
    }

    /**
     * The qemu name of a platform ({@code aarch64} for linux/arm64, {@code arm} for every arm variant ...).
     *
     * @throws MultiarchException (invalid input) for platforms qemu user emulation does not cover here
     */
    public static String qemuName(Platform platform) {
        return qemuNameOf(platform).orElseThrow(() -> MultiarchException.invalidInput("Unknown platform '" + platform
                + "' for qemu emulation: expected a linux platform such as linux/arm64, linux/s390x, linux/ppc64le, "
                + "linux/arm/v7, linux/arm/v6, linux/386 or linux/riscv64"));
    }

    static Optional<String> qemuNameOf(Platform platform) {
        if (!platform.os().equals("linux")) {
            return Optional.empty();
        }
        return Optional.ofNullable(QEMU_NAMES.get(platform.architecture()));
    }

    /**
     * Whether the host runs this platform without emulation: its own architecture, or 386 on an amd64
     * host (x86-64 CPUs run 32-bit x86 binaries).
     */
    public boolean isNative(Platform platform) {
        if (host == null) {
            return false;
        }
        if (host.architecture().equals(platform.architecture())) {
            return true;
        }
        return host.architecture().equals("amd64") && platform.architecture().equals("386");
    }

    /** The {@code -binfmt-P} interpreter of a qemu name. */
    public Path interpreterFor(String qemu) {
        return interpreterDir.resolve(qemu + "-binfmt-P");
    }

    /** Whether binfmt_misc is mounted (its {@code register} file exists). */
    public boolean mounted() {
        return Files.exists(binfmtDir.resolve("register"));
    }

    public Path binfmtDir() {
        return binfmtDir;
    }

    /** The registered entry {@code qemu-<qemu>}, if there is one. */
    public Optional<BinfmtEntry> entry(String qemu) {
        return readEntry("qemu-" + qemu);
    }

    /** Every registered entry (all files but {@code register} and {@code status}). */
    public List<BinfmtEntry> entries() {
        List<BinfmtEntry> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(binfmtDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("register") && !name.equals("status")) {
                    readEntry(name).ifPresent(result::add);
                }
            }
        } catch (IOException e) {
            // not mounted or not readable: no entries to show
        }
        return result;
    }

    private Optional<BinfmtEntry> readEntry(String name) {
        Path file = binfmtDir.resolve(name);
        try {
            return Optional.of(BinfmtEntry.parse(name, Files.readString(file, StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Files.exists(file) ? Optional.of(new BinfmtEntry(name, false, null, "", 0, null, null)) : Optional.empty();
        }
    }

    /** qemu-user-static's definition for a qemu name, if installed. */
    public Optional<BinfmtDefinition> definition(String qemu) {
        Path file = definitionsDir.resolve("qemu-" + qemu);
        try {
            return Optional.of(BinfmtDefinition.parse("qemu-" + qemu, Files.readString(file, StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw MultiarchException.failed("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Whether any qemu definition is installed at all (qemu-user-static present). */
    public boolean qemuInstalled() {
        try (Stream<Path> files = Files.list(definitionsDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("qemu-"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Registers a handler for each platform that needs one (see the class comment) and says per
     * platform what was done. Mounts binfmt_misc first when it is not mounted.
     *
     * @throws MultiarchException (invalid input) when a platform has no qemu emulation, before anything is written
     */
    public List<Registration> register(List<Platform> platforms) {
        platforms.forEach(BinfmtRegistrar::qemuName);
        String mountProblem = null;
        if (platforms.stream().anyMatch(p -> !isNative(p))) {
            mountProblem = ensureMounted();
        }
        List<Registration> results = new ArrayList<>();
        for (Platform platform : platforms) {
            if (isNative(platform)) {
                results.add(new Registration(platform, null, Outcome.NATIVE, "the host (" + host
                        + ") runs " + platform + " binaries itself: no handler is registered"));
            } else if (mountProblem != null) {
                results.add(new Registration(platform, "qemu-" + qemuName(platform), Outcome.FAILED, mountProblem));
            } else {
                results.add(registerOne(platform));
            }
        }
        return List.copyOf(results);
    }

    /** Mounts binfmt_misc when its register file is missing; returns why that failed, or null. */
    private String ensureMounted() {
        if (mounted()) {
            return null;
        }
        CommandResult result = runner.run(new Command(List.of("mount", "-t", "binfmt_misc", "binfmt_misc", binfmtDir.toString()),
                Map.of(), null, null, Duration.ofSeconds(30)), line -> { });
        if (mounted()) {
            return null;
        }
        String why = result.lastLine();
        String lower = why.toLowerCase(Locale.ROOT);
        String hint = lower.contains("only root") || lower.contains("permission denied") || lower.contains("must be superuser")
                ? "run as root (sudo multiarch setup-qemu)"
                : "run as root on the host, or in a container started with --privileged";
        return "binfmt_misc is not mounted at " + binfmtDir + " and 'mount -t binfmt_misc binfmt_misc " + binfmtDir
                + "' failed (exit " + result.exitCode() + "): " + why + " (" + hint + ")";
    }

    private Registration registerOne(Platform platform) {
        String qemu = qemuName(platform);
        String handler = "qemu-" + qemu;
        Optional<BinfmtDefinition> found = definition(qemu);
        if (found.isEmpty()) {
            return new Registration(platform, handler, Outcome.FAILED, qemuInstalled()
                    ? "the installed qemu-user-static has no handler for " + platform + " (" + definitionsDir.resolve(handler)
                            + " is missing); a newer qemu-user-static may have it"
                    : "qemu-user-static is not installed (" + definitionsDir.resolve(handler)
                            + " is missing): run 'apt-get install qemu-user-static' as root");
        }
        BinfmtDefinition definition = found.get();
        Path interpreter = interpreterFor(qemu);
        if (!Files.isRegularFile(interpreter)) {
            return new Registration(platform, handler, Outcome.FAILED, "the argv[0]-preserving interpreter " + interpreter
                    + " is missing: run 'apt-get install qemu-user-static' as root (Debian 12, Ubuntu 23.04 and later ship "
                    + "the -binfmt-P interpreters)");
        }
        Optional<BinfmtEntry> existing = entry(qemu);
        String wrong = existing.map(e -> problems(e, definition, interpreter)).orElse(null);
        if (existing.isPresent() && wrong == null) {
            return new Registration(platform, handler, Outcome.ALREADY_OK, describe(handler, interpreter));
        }
        try {
            if (existing.isPresent()) {
                write(binfmtDir.resolve(handler), "-1");
            }
            write(binfmtDir.resolve("register"), definition.registrationLine(interpreter.toString(), FLAGS));
        } catch (IOException e) {
            return new Registration(platform, handler, Outcome.FAILED, explain(e, handler));
        }
        return existing.isPresent()
                ? new Registration(platform, handler, Outcome.REREGISTERED, describe(handler, interpreter) + " (was: " + wrong + ")")
                : new Registration(platform, handler, Outcome.REGISTERED, describe(handler, interpreter));
    }

    /** What is wrong with an entry compared with the handler we would register; null when nothing. */
    static String problems(BinfmtEntry entry, BinfmtDefinition definition, Path interpreter) {
        List<String> problems = new ArrayList<>();
        if (!entry.enabled()) {
            problems.add("disabled");
        }
        if (!interpreter.toString().equals(entry.interpreter())) {
            problems.add("interpreter " + entry.interpreter());
        }
        String missing = entry.missingFlags(FLAGS);
        if (!missing.isEmpty()) {
            problems.add("flags '" + entry.flags() + "' lack " + missing);
        }
        if (!entry.matches(definition)) {
            problems.add("magic/mask differ from " + definition.name() + "'s definition");
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    private static String describe(String handler, Path interpreter) {
        return handler + " -> " + interpreter + " (flags " + FLAGS + ")";
    }

    String explain(IOException e, String handler) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (e instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("operation not permitted")) {
            return "permission denied writing to " + binfmtDir + ": run as root (sudo multiarch setup-qemu)";
        }
        if (lower.contains("read-only file system")) {
            return binfmtDir + " is read-only: run setup-qemu on the host, or in a container started with --privileged";
        }
        if (lower.contains("file exists")) {
            return "the kernel still has an entry named " + handler + " (removing it failed): "
                    + "run 'echo -1 > " + binfmtDir.resolve(handler) + "' as root and try again";
        }
        return "the kernel rejected the registration of " + handler + ": " + message;
    }

    /** One write of {@code text} plus a newline, as {@code echo text > file} does (procfs wants one write). */
    private static void write(Path file, String text) throws IOException {
        Files.write(file, (text + "\n").getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
