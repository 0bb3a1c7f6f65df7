package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.doctor.BinfmtRegistrar;
import io.multiarch.core.doctor.Doctor;
import io.multiarch.core.doctor.ProbeBinaries;
import io.multiarch.core.doctor.Registration;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.platform.Platform;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code multiarch setup-qemu}: registers the qemu handlers the right way, then proves each platform with a probe run. */
@Command(name = "setup-qemu", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Registers qemu user emulation on this host for the given platforms: the argv[0]-preserving "
                + "interpreters of qemu-user-static (/usr/libexec/qemu-binfmt/<arch>-binfmt-P) with the magic from "
                + "/usr/share/binfmts and the flags POCF (P keeps argv[0], so busybox applets work; F keeps the interpreter "
                + "usable inside containers). Idempotent: correct handlers are left alone, wrong ones re-registered, the "
                + "host's own architecture never. Then builds a tiny image per platform on the local engine whose RUN starts "
                + "a static busybox applet of that platform, and prints OK or FAIL per platform.",
            "Needs root to register (checking alone does not) and qemu-user-static installed."},
        footer = {"%nExamples:",
            "  sudo multiarch setup-qemu",
            "  sudo multiarch setup-qemu --platforms linux/arm64,linux/s390x",
            "  sudo multiarch setup-qemu --platforms linux/riscv64 --fetch-probes",
            "%nExit codes: 0 every platform runs, 1 a registration or a probe failed, 2 invalid input."})
final class SetupQemuCommand extends CommandBase {
    static final String DEFAULT_PLATFORMS = "linux/arm64,linux/s390x,linux/ppc64le,linux/arm/v7";


    @Option(names = {"-p", "--platforms"}, paramLabel = "LIST", defaultValue = DEFAULT_PLATFORMS,
            description = "Platforms to set up, comma-separated (default: ${DEFAULT-VALUE}).")
    String platforms;

    @Option(names = "--probe-dir", paramLabel = "DIR", defaultValue = "/var/lib/multiarch-lab/busybox",
            description = "Static busybox per Debian architecture (DIR/<arch>/busybox) used for the probe runs "
                    + "(default ${DEFAULT-VALUE}).")
    Path probeDir;

    @Option(names = "--fetch-probes",
            description = "Download missing probe binaries (busybox-static:<arch>) with dpkg --add-architecture and "
                    + "apt-get download. Debian only, as root.")
    boolean fetchProbes;


    SetupQemuCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        List<Platform> list = Platform.parseList(platforms);
        PrintStream out = context.out();
        CommandRunner runner = new ProcessCommandRunner(context.env());
        BinfmtRegistrar registrar = BinfmtRegistrar.forThisHost(runner);
        boolean ok = true;

        out.println("qemu handlers (" + registrar.binfmtDir() + ", flags " + BinfmtRegistrar.FLAGS + "):");
        for (Registration r : registrar.register(list)) {
            out.printf("  %-14s %-14s %s%n", r.platform(), r.outcome().label(), r.detail());
            ok &= r.ok();
        }

        ProbeBinaries binaries = new ProbeBinaries(probeDir, runner);
        List<Platform> emulated = list.stream().filter(p -> !registrar.isNative(p)).toList();
        List<Platform> missing = binaries.missing(emulated);
        if (!missing.isEmpty() && fetchProbes) {
            out.println("fetching probe binaries for " + missing + " (apt-get download busybox-static:<arch>) ...");
            try {
                binaries.fetch(missing);
            } catch (MultiarchException e) {
                out.println("  FAIL  " + e.getMessage());
            }
        }
        out.println("probe binaries (" + probeDir + "):");
        for (Platform p : emulated) {
            if (binaries.present(p)) {
                out.printf("  %-14s %-14s %s%n", p, "OK", binaries.path(p));
            } else {
                out.printf("  %-14s %-14s %s%n", p, "MISSING", binaries.path(p) == null ? "no probe binary known" : binaries.path(p));
                out.printf("  %-14s %-14s fix: %s%n", "", "", binaries.howToGet(p));
                ok = false;
            }
        }

        out.println("probe runs on the local engine (a static busybox of the platform, applets started through symlinks):");
        out.flush();
        AgentProbe probe = new AgentProbe(runner, probeDir).inBuildsOnly();
        AgentCapabilities caps = probe.capabilities(Agent.local());
        if (!caps.usable()) {
            out.printf("  %-14s %-14s %s%n", "engine", "FAIL", caps.problem());
            out.printf("  %-14s %-14s fix: %s, then run setup-qemu again%n", "", "", Doctor.engineFix(Agent.local(), caps.problem()));
            return 1;
        }
        caps = probe.probeEmulation(caps, list);
        int failed = 0;
        for (Platform p : list) {
            if (caps.isNative(p)) {
                out.printf("  %-14s %-14s %s%n", p, "OK", "native on this engine (" + caps.nativePlatform() + ")");
                continue;
            }
            ProbeResult result = caps.emulation().get(p);
            boolean works = result != null && result.works();
            out.printf("  %-14s %-14s %s%n", p, works ? "OK" : "FAIL", result == null ? "not probed" : result.detail());
            if (!works) {
                failed++;
            }
        }
        ok &= failed == 0;
        if (ok) {
            out.println("Every platform runs on this host (" + list.size() + " checked).");
        } else if (failed > 0) {
            out.println(failed + " of " + list.size() + " platforms do not run: fix what the FAIL lines say, then run "
                    + "setup-qemu again (or 'multiarch doctor').");
        } else {
            out.println("Every probe passed, but a step above failed (FAILED or MISSING).");
        }
        return ok ? 0 : 1;
    }
}
