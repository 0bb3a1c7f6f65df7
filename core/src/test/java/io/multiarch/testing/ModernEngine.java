package io.multiarch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A current Docker engine beside the default one: dockerd 26 and containerd 1.7 from Debian trixie, which
 * {@code scripts/setup.sh} extracts into {@code /var/lib/multiarch-lab/modern-engine/root}, started with the
 * containerd image store ({@code features.containerd-snapshotter}) on private sockets, roots and bridge.
 * The default engine here is dockerd 20.10; this one is what most users run today. Stopped in
 * {@link #close()}, which also removes its bridge and everything it wrote.
 */
public final class ModernEngine implements AutoCloseable {
    public static final Path ROOT = Path.of(System.getenv().getOrDefault("MULTIARCH_LAB_DIR", "/var/lib/multiarch-lab"),
            "modern-engine", "root");
    private static final String BRIDGE = "mab1";
    private static final String BRIDGE_ADDRESS = "172.29.0.1/16";

    private final Path dir;
    private final Process containerd;
    private final Process dockerd;

    private ModernEngine(Path dir, Process containerd, Process dockerd) {
        this.dir = dir;
        this.containerd = containerd;
        this.dockerd = dockerd;
    }

    /** Starts containerd and dockerd and waits until {@code docker info} answers; fails (never skips) when absent. */
    public static ModernEngine start() {
        DockerCli.requireEngine();
        Path dockerdBinary = ROOT.resolve("usr/sbin/dockerd");
        Path containerdBinary = ROOT.resolve("usr/bin/containerd");
        if (!Files.isExecutable(dockerdBinary) || !Files.isExecutable(containerdBinary)) {
            throw new AssertionError("The modern engine for the tests is missing (" + dockerdBinary + ", " + containerdBinary
                    + "). Run scripts/setup.sh (as root), then rerun the tests.");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("lab-modern-"); // short: unix socket paths are limited to 108 bytes
        } catch (IOException e) {
            throw new AssertionError("cannot create the modern engine's directory: " + e.getMessage(), e);
        }
        Process containerd = null;
        Process dockerd = null;
        try {
            String path = ROOT.resolve("usr/bin") + ":" + ROOT.resolve("usr/sbin") + ":" + System.getenv("PATH");
            Files.writeString(dir.resolve("containerd.toml"), String.join("\n",
                    "version = 2",
                    "root = \"" + dir.resolve("containerd-root") + "\"",
                    "state = \"" + dir.resolve("containerd-state") + "\"",
                    "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
                    "[grpc]",
                    "  address = \"" + dir.resolve("containerd.sock") + "\"",
                    "[ttrpc]",
                    "  address = \"" + dir.resolve("containerd.sock.ttrpc") + "\"",
                    "[plugins.\"io.containerd.internal.v1.opt\"]",
                    "  path = \"" + dir.resolve("containerd-root/opt") + "\"", ""));
            Files.writeString(dir.resolve("daemon.json"), "{\"features\":{\"containerd-snapshotter\":true}}\n");
            ProcessBuilder c = new ProcessBuilder(containerdBinary.toString(), "--config", dir.resolve("containerd.toml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile());
            c.environment().put("PATH", path);
            containerd = c.start();
            waitFor(() -> Files.exists(dir.resolve("containerd.sock")), containerd, dir.resolve("containerd.log"), "containerd");
            EngineSupport.ensureBridge(BRIDGE, BRIDGE_ADDRESS);
            ProcessBuilder d = new ProcessBuilder(dockerdBinary.toString(), "--config-file", dir.resolve("daemon.json").toString(),
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                    "--containerd", dir.resolve("containerd.sock").toString(), "--bridge=" + BRIDGE,
                    "--iptables=false", "--ip6tables=false")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile());
            d.environment().put("PATH", path);
            d.environment().remove("DOCKER_HOST");
            dockerd = d.start();
            ModernEngine engine = new ModernEngine(dir, containerd, dockerd);
            String host = engine.dockerHost();
            try {
                waitFor(() -> DockerCli.run(Map.of("DOCKER_HOST", host), null, Duration.ofSeconds(10), "info").ok(), dockerd,
                        dir.resolve("dockerd.log"), "dockerd");
            } catch (AssertionError e) {
                engine.close();
                throw e;
            }
            return engine;
        } catch (IOException e) {
            stop(dockerd);
            stop(containerd);
            removeQuietly(dir);
            throw new AssertionError("cannot start the modern engine: " + e.getMessage(), e);
        } catch (AssertionError e) {
            if (dockerd == null) {
                stop(containerd);
                removeQuietly(dir);
            }
            throw e;
        }
    }

    private static void removeQuietly(Path dir) {
        ExecResult.run(List.of("rm", "-rf", dir.toString()), Map.of(), null, Duration.ofSeconds(60));
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check check, Process process, Path log, String what) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(what + " of the modern engine exited: " + Files.readString(log));
            }
            if (check.ok()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError(what + " of the modern engine did not come up within 60 s; see " + log);
    }

    /** {@code unix:///tmp/lab-modern-.../docker.sock}. */
    public String dockerHost() {
        return "unix://" + dir.resolve("docker.sock");
    }

    private static void stop(Process process) {
        EngineSupport.stop(process);
    }

    @Override
    public void close() {
        stop(dockerd);
        stop(containerd);
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1 && fields[1].startsWith(dir.toString())) {
                    mounts.add(fields[1]);
                }
            }
        } catch (IOException e) {
            // no mount table: nothing to unmount
        }
        mounts.sort(java.util.Comparator.reverseOrder());
        for (String mount : mounts) {
            ExecResult.run(List.of("umount", "-l", mount), Map.of(), null, Duration.ofSeconds(10));
        }
        EngineSupport.removeBridge(BRIDGE, BRIDGE_ADDRESS);
        removeQuietly(dir);
        DockerCli.ensureDefaultBridge();
    }
}
