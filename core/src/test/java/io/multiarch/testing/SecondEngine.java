package io.multiarch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A second, independent Docker engine (a second "agent") beside the default one: its own bridge,
 * data root, exec root, pid file and socket, as environment.md describes. Stopped cleanly in
 * {@link #close()}, which also removes its bridge (never the default engine's docker0).
 */
public final class SecondEngine implements AutoCloseable {
    private static final String BRIDGE = "mab0";
    private static final String BRIDGE_ADDRESS = "172.30.0.1/16";

    private final Path dir;
    private final String socket;
    private final Process process;

    private SecondEngine(Path dir, String socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /** Starts the engine and waits until {@code docker info} answers on its socket. */
    public static SecondEngine start() {
        DockerCli.requireEngine();
        try {
            Path dir = Files.createTempDirectory("lab-engine-b-");
            String socket = "/run/lab-engine-b-" + ProcessHandle.current().pid() + ".sock";
            EngineSupport.ensureBridge(BRIDGE, BRIDGE_ADDRESS);
            Path execRoot = Path.of("/run/lab-engine-b-" + ProcessHandle.current().pid());
            ProcessBuilder builder = new ProcessBuilder("dockerd", "--data-root", dir.resolve("data").toString(),
                    "--exec-root", execRoot.toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                    "-H", "unix://" + socket, "--bridge=" + BRIDGE)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile());
            builder.environment().remove("DOCKER_HOST");
            Process process = builder.start();
            SecondEngine engine = new SecondEngine(dir, socket, process);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("second dockerd exited: " + Files.readString(dir.resolve("dockerd.log")));
                }
                if (DockerCli.run(Map.of("DOCKER_HOST", engine.dockerHost()), null, Duration.ofSeconds(10), "info").ok()) {
                    return engine;
                }
                Thread.sleep(300);
            }
            engine.close();
            throw new AssertionError("second dockerd did not answer within 60 s; see " + dir.resolve("dockerd.log"));
        } catch (IOException e) {
            throw new AssertionError("cannot start a second dockerd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@code unix:///run/...sock}. */
    public String dockerHost() {
        return "unix://" + socket;
    }

    @Override
    public void close() {
        EngineSupport.stop(process);
        EngineSupport.removeBridge(BRIDGE, BRIDGE_ADDRESS);
        ExecResult.run(List.of("rm", "-rf", dir.toString(), "/run/lab-engine-b-" + ProcessHandle.current().pid()),
                Map.of(), null, Duration.ofSeconds(60));
        DockerCli.ensureDefaultBridge(); // stopping this engine has been seen to delete docker0
    }
}
