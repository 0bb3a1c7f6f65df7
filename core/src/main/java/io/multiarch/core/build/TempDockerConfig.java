package io.multiarch.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.exec.Command;
import io.multiarch.core.exec.CommandResult;
import io.multiarch.core.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private {@code DOCKER_CONFIG} for one build: a fresh directory (mode 0700) holding a copy of the
 * user's config.json without any credentials, the user's CLI plugins, buildx builders and docker
 * contexts linked in (so buildx, a {@code --builder} and a {@code currentContext} stay visible), and a
 * {@code docker login} done with the password on standard input. The agent's own
 * {@code ~/.docker/config.json} is never touched; {@link #close()} deletes the directory, also after
 * a failure.
 */
public final class TempDockerConfig implements AutoCloseable {
    /** What the docker client keeps beside config.json that a build needs: plugins, buildx builders, contexts. */
    static final java.util.List<String> SHARED_DIRS = java.util.List.of("cli-plugins", "buildx", "contexts");

    private final Path dir;

    private TempDockerConfig(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the directory and logs in to {@code registry} through every agent in {@code agents}
     * (the engine may check the login itself).
     *
     * @param env the environment docker would see (for {@code DOCKER_CONFIG} / {@code HOME})
     */
    public static TempDockerConfig create(Map<String, String> env, Path parent) {
        Path dir;
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            dir = parent == null
                    ? Files.createTempDirectory("multiarch-docker-config-", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(parent, "multiarch-docker-config-", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Cannot create a private DOCKER_CONFIG: "
                    + e.getMessage(), e);
        }
        TempDockerConfig config = new TempDockerConfig(dir);
        try {
            Path userDir = userConfigDir(env);
            config.copyConfigWithoutCredentials(userDir.resolve("config.json"));
            // linked, not copied: buildx records its builders' state there, as it would without us
            for (String shared : SHARED_DIRS) {
                Path userShared = userDir.resolve(shared);
                if (Files.isDirectory(userShared)) {
                    Files.createSymbolicLink(dir.resolve(shared), userShared);
                }
            }
        } catch (IOException | RuntimeException e) {
            config.close();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Cannot prepare a private DOCKER_CONFIG: "
                    + e.getMessage(), e);
        }
        return config;
    }

    static Path userConfigDir(Map<String, String> env) {
        String configured = env.get("DOCKER_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

    private void copyConfigWithoutCredentials(Path userConfig) throws IOException {
        ObjectMapper json = io.multiarch.core.Json.mapper();
        ObjectNode copy = json.createObjectNode();
        if (Files.isRegularFile(userConfig)) {
            try {
                if (json.readTree(userConfig.toFile()) instanceof ObjectNode original) {
                    copy = original;
                }
            } catch (IOException e) {
                // an unreadable user config: start from an empty one, as docker would fail on it anyway
            }
            copy.remove("auths");
            copy.remove("credsStore");
            copy.remove("credHelpers");
        }
        Path file = dir.resolve("config.json");
        json.writeValue(file.toFile(), copy);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Logs in with the password on stdin; fails with the registry's answer (never the password). */
    public void login(CommandRunner runner, Agent agent, String registry, String username, Secret password) {
        Map<String, String> env = new HashMap<>(agent.env());
        env.put("DOCKER_CONFIG", dir.toString());
        CommandResult result = runner.run(new Command(DockerCommands.login(registry, username), env, null, password,
                Duration.ofMinutes(2)), line -> { });
        if (!result.ok()) {
            String reason = result.lastLine().replace(password.reveal(), "****");
            throw new MultiarchException(MultiarchException.Kind.REGISTRY, "docker login to " + registry + " as '" + username
                    + "' failed on agent " + agent + ": " + reason + " (check the credentials)");
        }
    }

    public Path dir() {
        return dir;
    }

    /** {@code DOCKER_CONFIG} pointing here. */
    public Map<String, String> env() {
        return Map.of("DOCKER_CONFIG", dir.toString());
    }

    /**
     * Deletes the directory: the login ({@code config.json}) first, then the rest. A docker process that is
     * still ending may add a file meanwhile (buildx writes {@code buildx/}), so a failed pass is retried.
     */
    @Override
    public void close() {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.deleteIfExists(dir.resolve("config.json"));
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                last = e;
                try {
                    Thread.sleep(100); // let the process that is still writing there finish
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Could not delete the private DOCKER_CONFIG "
                + dir + " (it may hold a registry login; delete it by hand): " + last.getMessage(), last);
    }
}
