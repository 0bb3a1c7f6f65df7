package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.TempFiles;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Finds out what an agent can do: engine version and architecture ({@code docker info}), buildx and
 * its builder, and — for emulation — whether a platform really runs, by building a tiny image whose
 * {@code RUN} starts a static multi-call busybox of that platform through a symlink. That is what a
 * real build does, so it catches what the binfmt listing hides: a handler without the P flag
 * ("applet not found"), one without F (missing interpreter inside containers), or none at all.
 */
public final class AgentProbe {
    /** Where {@code scripts/setup.sh} and {@code multiarch setup-qemu} keep static busybox per Debian architecture. */
    public static final Path DEFAULT_PROBE_DIR = Path.of("/var/lib/multiarch-lab/busybox");

    private static final Map<String, String> DEBIAN_ARCH = Map.of(
            "linux/amd64", "amd64", "linux/arm64", "arm64", "linux/s390x", "s390x", "linux/ppc64le", "ppc64el",
            "linux/arm/v7", "armhf", "linux/arm/v6", "armel", "linux/386", "i386", "linux/riscv64", "riscv64",
            "linux/mips64le", "mips64el");
    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(2);

    /** Where the kernel's binfmt_misc handlers are listed. */
    public static final Path BINFMT_DIR = Path.of("/proc/sys/fs/binfmt_misc");

    private final CommandRunner runner;
    private final Path probeDir;
    private final Map<String, String> env;
    private final Path binfmtDir;
    private final boolean hostShortcut;
    private final Map<String, AgentCapabilities> cache = new ConcurrentHashMap<>();

    /** A probe whose local engine is the one this process's environment names. */
    public AgentProbe(CommandRunner runner, Path probeDir) {
        this(runner, probeDir, System.getenv(), BINFMT_DIR);
    }

    /**
     * @param env the environment docker runs with (its {@code DOCKER_HOST} tells whether the local
     *        agent's engine shares this kernel)
     * @param binfmtDir the kernel's binfmt_misc directory (injectable for tests)
     */
    public AgentProbe(CommandRunner runner, Path probeDir, Map<String, String> env, Path binfmtDir) {
        this(runner, probeDir, env, binfmtDir, true);
    }

    private AgentProbe(CommandRunner runner, Path probeDir, Map<String, String> env, Path binfmtDir, boolean hostShortcut) {
        this.runner = runner;
        this.probeDir = probeDir;
        this.env = Map.copyOf(env);
        this.binfmtDir = binfmtDir;
        this.hostShortcut = hostShortcut;
    }

    /**
     * The same probe, proving emulation always with a probe build on the engine (never the on-host
     * shortcut): what {@code setup-qemu} and {@code doctor} use, where thoroughness beats seconds.
     */
    public AgentProbe inBuildsOnly() {
        return new AgentProbe(runner, probeDir, env, binfmtDir, false);
    }

    /** The Debian architecture name of a platform ({@code ppc64el} for linux/ppc64le ...), or null. */
    public static String debianArch(Platform platform) {
        return DEBIAN_ARCH.get(platform.toString());
    }

    /** Probes engine, architecture and buildx (cheap; no emulation probe). Cached per agent. */
    public AgentCapabilities capabilities(Agent agent) {
        return cache.computeIfAbsent(agent.name(), name -> probe(agent));
    }

    private AgentCapabilities probe(Agent agent) {
        // two independent docker calls, run at once: the engine, and the client's buildx builder
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<CommandResult> inspectLater =
                pool.submit(() -> run(agent, DockerCommands.buildxInspect(), Duration.ofSeconds(60)));
        try {
            CommandResult info = run(agent, DockerCommands.info(), Duration.ofSeconds(30));
            String[] parts = info.lastLine().split("\\|");
            if (!info.ok() || parts.length < 3 || parts[0].isBlank()) {
                return new AgentCapabilities(agent, null, null, false, null, List.of(), false, Map.of(),
                        "docker engine " + (agent.dockerHost() == null ? "(default)" : agent.dockerHost())
                                + " does not answer: " + info.lastLine());
            }
            return describe(agent, parts, inspectLater.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while probing " + agent, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Probing " + agent + " failed: " + e.getCause(), e);
        } finally {
            // no docker process outlives the probe: one still writing to $DOCKER_CONFIG/buildx races
            // whoever deletes that folder next (a private per-build config, a test's temp dir)
            inspectLater.cancel(true);
            pool.shutdown();
            awaitQuietly(pool);
        }
    }

    /**
     * Waits up to 30 s for a shut-down pool's calls to end (the runner kills a call's process tree
     * when interrupted), also when this thread was interrupted; the interrupt is kept.
     */
    static void awaitQuietly(ExecutorService pool) {
        // an interrupted caller (a Jenkins abort) is exactly when the calls are still ending: wait anyway
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static AgentCapabilities describe(Agent agent, String[] info, CommandResult inspect) {
        String engineVersion = info[0].strip();
        Platform nativePlatform = null;
        try {
            nativePlatform = Platform.parse(info[2] + "/" + info[1]);
        } catch (MultiarchException e) {
            // unknown architecture name: leave native unknown
        }
        boolean buildx = inspect.ok();
        String driver = null;
        List<Platform> platforms = new ArrayList<>();
        if (buildx) {
            for (String line : inspect.tail()) {
                String trimmed = line.strip();
                if (trimmed.startsWith("Driver:") && driver == null) {
                    driver = trimmed.substring("Driver:".length()).strip();
                } else if (trimmed.startsWith("Platforms:")) {
                    for (String p : trimmed.substring("Platforms:".length()).split(",")) {
                        try {
                            platforms.add(Platform.parse(p.strip().replace("*", "")));
                        } catch (MultiarchException e) {
                            // a platform we do not model: skip
                        }
                    }
                }
            }
        }
        // one invocation means pushing every platform by digest (no tag moves before the verified
        // publish); the docker driver refuses push-by-digest even on an engine with the containerd
        // image store ("push-by-digest is currently not implemented for docker driver", buildx 0.13,
        // dockerd 26), so there it is one invocation per platform
        boolean multi = buildx && driver != null && !driver.isEmpty() && !driver.equals("docker");
        boolean containerdStore = info.length > 3 && info[3].contains("io.containerd.snapshotter");
        return new AgentCapabilities(agent, engineVersion, nativePlatform, buildx, driver, platforms, multi, Map.of(), null,
                containerdStore);
    }

    /**
     * Runs the emulation probe for each platform (in parallel) and returns the capabilities with the
     * results added. Native platforms are not probed.
     */
    public AgentCapabilities probeEmulation(AgentCapabilities caps, List<Platform> platforms) {
        if (!caps.usable()) {
            return caps;
        }
        List<Platform> toProbe = platforms.stream()
                .filter(p -> !caps.isNative(p) && !caps.emulation().containsKey(p)).distinct().toList();
        if (toProbe.isEmpty()) {
            return caps;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(toProbe.size(), 4));
        try {
            Map<Platform, Future<ProbeResult>> futures = new LinkedHashMap<>();
            for (Platform p : toProbe) {
                futures.put(p, pool.submit(() -> probeOne(caps, p)));
            }
            Map<Platform, ProbeResult> results = new LinkedHashMap<>();
            for (Map.Entry<Platform, Future<ProbeResult>> e : futures.entrySet()) {
                try {
                    results.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    results.put(e.getKey(), new ProbeResult(false, "probe failed: " + ex.getCause().getMessage()));
                }
            }
            AgentCapabilities updated = caps.withEmulation(results);
            cache.put(caps.agent().name(), updated);
            return updated;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while probing emulation", e);
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private ProbeResult probeOne(AgentCapabilities caps, Platform platform) {
        if (hostShortcut && sharesThisKernel(caps.agent())) {
            ProbeResult onHost = probeOnHost(platform);
            if (onHost != null && onHost.works()) {
                return onHost;
            }
            // not provable on the host (or broken there): the probe build gives the engine's own verdict
        }
        return probeInBuild(caps, platform);
    }

    /**
     * Whether the agent's engine runs on this machine's kernel (the default engine on a local unix
     * socket, with binfmt_misc visible here): then emulation can be proven without a build.
     */
    boolean sharesThisKernel(Agent agent) {
        if (agent.dockerHost() != null) {
            return false;
        }
        String host = env.get("DOCKER_HOST");
        boolean localSocket = host == null || host.isBlank() || host.startsWith("unix://");
        String context = env.get("DOCKER_CONTEXT");
        return localSocket && (context == null || context.isBlank() || context.equals("default"))
                && Files.isRegularFile(binfmtDir.resolve("register"));
    }

    private static final Map<String, String> QEMU_NAME = Map.of("arm64", "aarch64", "arm", "arm", "s390x", "s390x",
            "ppc64le", "ppc64le", "386", "i386", "riscv64", "riscv64", "mips64le", "mips64el", "amd64", "x86_64");

    /**
     * The fast probe for an engine on this kernel: the handler's flags must hold F (the interpreter
     * stays usable inside containers) and P (argv[0] kept), and a static busybox of the platform,
     * started here through a symlink as a build's {@code RUN} would, must report the right
     * {@code uname -m}. Null when it cannot be decided here.
     */
    ProbeResult probeOnHost(Platform platform) {
        String qemu = QEMU_NAME.get(platform.architecture());
        String debian = debianArch(platform);
        Path busybox = debian == null ? null : probeDir.resolve(debian).resolve("busybox");
        if (qemu == null || busybox == null || !Files.isRegularFile(busybox)) {
            return null;
        }
        Path entry = binfmtDir.resolve("qemu-" + qemu);
        String flags = null;
        boolean enabled = false;
        try {
            for (String line : Files.readAllLines(entry)) {
                if (line.equals("enabled")) {
                    enabled = true;
                } else if (line.startsWith("flags:")) {
                    flags = line.substring("flags:".length()).strip();
                }
            }
        } catch (IOException e) {
            return null; // registered under another name, or not at all: let the build probe decide
        }
        if (!enabled) {
            return new ProbeResult(false, "the qemu handler for " + platform + " (" + entry + ") is disabled: run 'multiarch setup-qemu'");
        }
        if (flags == null || !flags.contains("F")) {
            return new ProbeResult(false, "the qemu interpreter is not visible inside containers (flag F missing in " + entry
                    + "): run 'multiarch setup-qemu'");
        }
        if (!flags.contains("P")) {
            return new ProbeResult(false, "the binfmt handler for " + platform + " does not preserve argv[0] (flag P missing): "
                    + "run 'multiarch setup-qemu'");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("multiarch-probe-");
            Path copy = dir.resolve("busybox");
            Files.copy(busybox, copy);
            copy.toFile().setExecutable(true);
            Path sh = dir.resolve("sh");
            Files.createSymbolicLink(sh, copy.getFileName());
            StringBuilder out = new StringBuilder();
            CommandResult result = runner.run(new Command(List.of(sh.toString(), "-c", "echo multiarch-probe=$(uname -m)"),
                    Map.of(), dir, null, Duration.ofSeconds(30)), line -> out.append(line).append('\n'));
            String expected = expectedUname(platform);
            if (result.ok() && out.toString().contains("multiarch-probe=" + expected)) {
                return new ProbeResult(true, "runs " + platform + " binaries (uname -m: " + expected + ", flags " + flags + ")");
            }
            return new ProbeResult(false, diagnose(out.toString(), platform, result));
        } catch (IOException | MultiarchException e) {
            return null;
        } finally {
            TempFiles.deleteQuietly(dir);
        }
    }

    private ProbeResult probeInBuild(AgentCapabilities caps, Platform platform) {
        String debian = debianArch(platform);
        if (debian == null) {
            return new ProbeResult(false, "no probe binary is known for " + platform);
        }
        Path busybox = probeDir.resolve(debian).resolve("busybox");
        if (!Files.isRegularFile(busybox)) {
            return new ProbeResult(false, "probe binary " + busybox + " is missing (run 'multiarch setup-qemu' or scripts/setup.sh)");
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("multiarch-probe-");
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n"
                    + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n"
                    + "RUN [\"/bin/sh\", \"-c\", \"echo multiarch-probe=$(uname -m)\"]\n");
            BuildSpec spec = new BuildSpec(context, null, Map.of(), null, Map.of(), List.of());
            List<String> argv = caps.buildx()
                    ? DockerCommands.buildxBuild(spec, List.of(platform), List.of(), DockerCommands.Output.BUILD_ONLY, null, true)
                    : DockerCommands.classicBuild(spec, platform, List.of(), true);
            Map<String, String> env = new LinkedHashMap<>(caps.agent().env());
            env.put("DOCKER_BUILDKIT", "1");
            env.put("BUILDX_NO_DEFAULT_LOAD", "1");
            StringBuilder all = new StringBuilder();
            CommandResult result = runner.run(new Command(argv, env, null, null, PROBE_TIMEOUT),
                    line -> all.append(line).append('\n'));
            String output = all.toString();
            String expected = expectedUname(platform);
            if (result.ok() && output.contains("multiarch-probe=" + expected)) {
                return new ProbeResult(true, "runs " + platform + " binaries (uname -m: " + expected + ")");
            }
            return new ProbeResult(false, diagnose(output, platform, result));
        } catch (IOException e) {
            return new ProbeResult(false, "cannot prepare the probe: " + e.getMessage());
        } finally {
            TempFiles.deleteQuietly(context);
        }
    }

    static String diagnose(String output, Platform platform, CommandResult result) {
        String lower = output.toLowerCase(Locale.ROOT);
        if (lower.contains("applet not found")) {
            return "the binfmt handler for " + platform + " does not preserve argv[0] (flag P missing): "
                    + "run 'multiarch setup-qemu'";
        }
        if (lower.contains("exec format error")) {
            return "no qemu handler for " + platform + " is registered in binfmt_misc: run 'multiarch setup-qemu'";
        }
        if (lower.contains("no such file or directory") && lower.contains("qemu")) {
            return "the qemu interpreter is not visible inside containers (flag F missing): run 'multiarch setup-qemu'";
        }
        if (result.timedOut()) {
            return "the probe did not finish within " + PROBE_TIMEOUT.toSeconds() + " s (emulation hangs?)";
        }
        if (output.contains("multiarch-probe=")) {
            int at = output.indexOf("multiarch-probe=");
            String got = output.substring(at + "multiarch-probe=".length()).split("\\s", 2)[0];
            return "a " + platform + " binary reported uname -m '" + got + "' (wrong architecture)";
        }
        return "probe build failed (exit " + result.exitCode() + "): " + result.lastLine();
    }

    static String expectedUname(Platform platform) {
        return switch (platform.architecture()) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            case "arm" -> "arm"; // qemu-arm reports armv7l whatever the variant: match the prefix
            case "386" -> "i686";
            default -> platform.architecture();
        };
    }

    private CommandResult run(Agent agent, List<String> argv, Duration timeout) {
        return runner.run(new Command(argv, agent.env(), null, null, timeout), line -> { });
    }
}
