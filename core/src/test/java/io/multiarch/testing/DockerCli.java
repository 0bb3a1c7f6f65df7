package io.multiarch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real {@code docker} CLI (client 28, engine 20.10 installed by {@code scripts/setup.sh}) for tests.
 *
 * <p>Every command inherits this JVM's environment plus {@code extraEnv}; pass
 * {@code Map.of("DOCKER_CONFIG", dir.toString())} to use the credentials made by {@link #login(LabRegistry)}.
 * A temporary {@code DOCKER_CONFIG} hides {@code ~/.docker/cli-plugins}, but buildx is installed system-wide
 * ({@code /usr/libexec/docker/cli-plugins}) so {@code docker buildx} keeps working with it.
 */
public final class DockerCli {

    /** Timeout of {@link #run(Map, String...)}: generous, because emulated builds are 4x-10x slower. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static volatile boolean engineChecked;

    private DockerCli() {
    }

    /** Runs {@code docker args...} with an empty stdin and {@link #TIMEOUT}. Does not check the exit code. */
    public static ExecResult run(Map<String, String> extraEnv, String... args) {
        return runWithStdin(extraEnv, null, args);
    }

    /** Runs {@code docker args...} feeding {@code stdin} (UTF-8; null for none). Does not check the exit code. */
    public static ExecResult runWithStdin(Map<String, String> extraEnv, String stdin, String... args) {
        return run(extraEnv, stdin, TIMEOUT, args);
    }

    /** Runs {@code docker args...} with an explicit timeout. Does not check the exit code. */
    public static ExecResult run(Map<String, String> extraEnv, String stdin, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("docker");
        command.addAll(List.of(args));
        return ExecResult.run(command, extraEnv, stdin, timeout);
    }

    /** Like {@link #run(Map, String...)} but throws an {@link AssertionError} (with the output) on a non-zero exit. */
    public static ExecResult runOk(Map<String, String> extraEnv, String... args) {
        return run(extraEnv, args).assertOk();
    }

    /**
     * Fails the test (it does not skip it) unless the Docker engine answers {@code docker info}.
     * Also checks that the default engine's {@code docker0} bridge exists: stopping a second engine that
     * shared the network namespace has been seen to delete it, after which every {@code RUN} step fails with
     * "could not find bridge docker0". If it is missing it is recreated from the engine's "bridge" network
     * (subnet and gateway), and the test fails if that is not possible. Cheap after the first call.
     */
    public static void requireEngine() {
        if (engineChecked) {
            return;
        }
        synchronized (DockerCli.class) {
            if (engineChecked) {
                return;
            }
            ExecResult info;
            try {
                info = run(Map.of(), null, Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}");
            } catch (AssertionError e) {
                throw new AssertionError("The Docker engine does not answer `docker info`. Run scripts/setup.sh "
                        + "(as root) to install and start it, then rerun the tests.\n" + e.getMessage(), e);
            }
            if (!info.ok() || info.stdout().isBlank()) {
                throw new AssertionError("The Docker engine does not answer `docker info`. Run scripts/setup.sh "
                        + "(as root) to install and start it, then rerun the tests.\n" + info.describe());
            }
            ensureDefaultBridge();
            engineChecked = true;
        }
    }

    /**
     * Recreates the default engine's {@code docker0} bridge when it is gone (see {@link #requireEngine()});
     * every stop of another engine calls it, since {@code requireEngine} checks only once per JVM.
     */
    public static void ensureDefaultBridge() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean defaultEngine = dockerHost == null || dockerHost.isBlank()
                || dockerHost.equals("unix:///var/run/docker.sock");
        if (!defaultEngine || !Files.isDirectory(Path.of("/sys/class/net"))
                || Files.exists(Path.of("/sys/class/net/docker0"))) {
            return;
        }
        ExecResult net = run(Map.of(), null, Duration.ofSeconds(20), "network", "inspect", "bridge", "--format",
                "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}");
        String[] parts = net.stdout().trim().split("\\s+");
        if (!net.ok() || parts.length == 0 || !parts[0].contains("/")) {
            throw new AssertionError("The docker0 bridge is missing and the engine's bridge network cannot be read;"
                    + " restart dockerd (scripts/setup.sh).\n" + net.describe());
        }
        String prefix = parts[0].substring(parts[0].indexOf('/') + 1);
        String gateway = parts.length > 1 && !parts[1].isBlank() ? parts[1] : firstHost(parts[0]);
        List<List<String>> steps = List.of(
                List.of("ip", "link", "add", "docker0", "type", "bridge"),
                List.of("ip", "addr", "add", gateway + "/" + prefix, "dev", "docker0"),
                List.of("ip", "link", "set", "docker0", "up"));
        for (List<String> step : steps) {
            ExecResult r = ExecResult.run(step, Map.of(), null, Duration.ofSeconds(10));
            if (!r.ok()) {
                throw new AssertionError("The docker0 bridge is missing and recreating it failed; restart dockerd"
                        + " (scripts/setup.sh).\n" + r.describe());
            }
        }
    }

    private static String firstHost(String cidr) {
        String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        octets[3] = String.valueOf(Integer.parseInt(octets[3]) + 1);
        return String.join(".", octets);
    }

    /**
     * Makes a fresh {@code DOCKER_CONFIG} directory (mode 0700) holding credentials for {@code reg}:
     * for {@link LabRegistry.Auth#BASIC} and {@link LabRegistry.Auth#TOKEN} it runs
     * {@code docker login --username U --password-stdin HOST} (the password goes on stdin only), for
     * {@link LabRegistry.Auth#NONE} it writes an empty {@code config.json} ({@code {"auths":{}}}).
     * The directory is deleted when {@code reg} is closed. Note that {@code config.json} then holds
     * {@code "auth": base64("user:password")} (no credential helper is configured in a fresh directory), so a
     * test checking that the password never leaks must exclude this file and look for the base64 form too.
     *
     * @return the directory; pass it as {@code DOCKER_CONFIG}, and {@code dir/config.json} as skopeo's
     *         {@code --authfile}
     */
    public static Path login(LabRegistry reg) {
        requireEngine();
        Path dir;
        try {
            dir = Files.createTempDirectory("lab-docker-config-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            reg.deleteOnClose(dir);
            if (reg.auth() == LabRegistry.Auth.NONE) {
                Path config = dir.resolve("config.json");
                Files.writeString(config, "{\"auths\":{}}\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
                return dir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecResult r = runWithStdin(Map.of("DOCKER_CONFIG", dir.toString()), reg.password(),
                "login", "--username", reg.username(), "--password-stdin", reg.host());
        if (!r.ok()) {
            throw new AssertionError("docker login to the lab registry failed.\n" + r.describe()
                    + "\n  registry log tail:\n" + reg.logTail(40));
        }
        if (!Files.exists(dir.resolve("config.json"))) {
            throw new AssertionError("docker login succeeded but wrote no config.json in " + dir);
        }
        return dir;
    }

    /** {@code Map.of("DOCKER_CONFIG", dockerConfig)} for {@link #run(Map, String...)}. */
    public static Map<String, String> env(Path dockerConfig) {
        return Map.of("DOCKER_CONFIG", dockerConfig.toString());
    }
}
