package io.multiarch.core.doctor;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.TempFiles;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The static busybox per Debian architecture that {@link AgentProbe} runs to prove emulation
 * ({@code <probe dir>/<debian arch>/busybox}). Says which are missing and how to get them, and on Debian
 * (as root) gets them itself the way {@code scripts/setup.sh} does: {@code dpkg --add-architecture},
 * {@code apt-get update}, {@code apt-get download busybox-static:<arch>}, {@code dpkg-deb -x}.
 */
public final class ProbeBinaries {
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    private final Path probeDir;
    private final CommandRunner runner;

    public ProbeBinaries(Path probeDir, CommandRunner runner) {
        this.probeDir = probeDir;
        this.runner = runner;
    }

    public Path probeDir() {
        return probeDir;
    }

    /** Where the probe binary of a platform is (whether or not it exists); null when none is known. */
    public Path path(Platform platform) {
        String arch = AgentProbe.debianArch(platform);
        return arch == null ? null : probeDir.resolve(arch).resolve("busybox");
    }

    public boolean present(Platform platform) {
        Path path = path(platform);
        return path != null && Files.isRegularFile(path);
    }

    /** The platforms among {@code platforms} whose probe binary is missing. */
    public List<Platform> missing(List<Platform> platforms) {
        return platforms.stream().filter(p -> !present(p)).toList();
    }

    /** How to get the probe binary of a platform by hand (one line). */
    public String howToGet(Platform platform) {
        String arch = AgentProbe.debianArch(platform);
        if (arch == null) {
            return "no static busybox is known for " + platform + "; put one at " + probeDir + "/<arch>/busybox";
        }
        return "run 'multiarch setup-qemu --platforms " + platform + " --fetch-probes' as root on Debian, or: dpkg --add-architecture "
                + arch + " && apt-get update && apt-get download busybox-static:" + arch + " && dpkg-deb -x busybox-static_*_"
                + arch + ".deb x && install -D -m 0755 x/bin/busybox " + probeDir.resolve(arch).resolve("busybox")
                + (arch.equals("riscv64") ? " (Debian ships riscv64 packages from release 13 'trixie' on; on Debian 12 "
                        + "add a trixie apt source as scripts/setup.sh does)" : "");
    }

    /**
     * Downloads and installs the missing probe binaries (Debian only; needs root for
     * {@code dpkg --add-architecture} and {@code apt-get update}). Returns the platforms fetched.
     *
     * @throws MultiarchException naming the command that failed and its last output line
     */
    public List<Platform> fetch(List<Platform> platforms) {
        List<Platform> missing = missing(platforms);
        if (missing.isEmpty()) {
            return List.of();
        }
        for (Platform p : missing) {
            if (AgentProbe.debianArch(p) == null) {
                throw MultiarchException.failed("Cannot fetch a probe binary for " + p + ": " + howToGet(p));
            }
        }
        String nativeArch = run(List.of("dpkg", "--print-architecture"), null).lastLine();
        Set<String> foreign = new LinkedHashSet<>(run(List.of("dpkg", "--print-foreign-architectures"), null).tail());
        boolean added = false;
        for (Platform p : missing) {
            String arch = AgentProbe.debianArch(p);
            if (!arch.equals(nativeArch) && !foreign.contains(arch)) {
                run(List.of("dpkg", "--add-architecture", arch), null);
                foreign.add(arch);
                added = true;
            }
        }
        if (added) {
            run(List.of("apt-get", "update", "-qq"), null);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("multiarch-probes-");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Platform> fetched = new ArrayList<>();
            for (Platform p : missing) {
                String arch = AgentProbe.debianArch(p);
                run(List.of("apt-get", "download", "-qq", "-o", "APT::Sandbox::User=root", "busybox-static:" + arch), tmp);
                Path deb = findDeb(tmp, arch);
                Path extracted = tmp.resolve("x-" + arch);
                run(List.of("dpkg-deb", "-x", deb.toString(), extracted.toString()), null);
                Path busybox = extracted.resolve("bin").resolve("busybox");
                if (!Files.isRegularFile(busybox)) {
                    throw MultiarchException.failed("The package " + deb.getFileName() + " has no bin/busybox; "
                            + howToGet(p));
                }
                Path target = path(p);
                Files.createDirectories(target.getParent());
                Files.copy(busybox, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                fetched.add(p);
            }
            return List.copyOf(fetched);
        } catch (IOException e) {
            throw MultiarchException.failed("Cannot install probe binaries into " + probeDir + ": " + e.getMessage()
                    + " (run as root, or choose a writable --probe-dir)");
        } finally {
            TempFiles.deleteQuietly(tmp);
        }
    }

    private static Path findDeb(Path dir, String arch) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("busybox-static_")
                    && f.getFileName().toString().endsWith("_" + arch + ".deb")).findFirst()
                    .orElseThrow(() -> MultiarchException.failed("apt-get download busybox-static:" + arch
                            + " left no busybox-static_*_" + arch + ".deb in " + dir));
        }
    }

    private CommandResult run(List<String> argv, Path workDir) {
        CommandResult result = runner.run(new Command(argv, Map.of("DEBIAN_FRONTEND", "noninteractive"), workDir, null, APT_TIMEOUT),
                line -> { });
        if (!result.ok()) {
            throw MultiarchException.failed("'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): "
                    + result.lastLine() + " (fetching probe binaries needs root and a Debian system with apt)");
        }
        return result;
    }
}
