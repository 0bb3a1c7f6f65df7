package io.multiarch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.multiarch.core.Json;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Credentials as the docker CLI stores them: {@code $DOCKER_CONFIG/config.json} (default
 * {@code ~/.docker/config.json}) with {@code auths}, per-registry {@code credHelpers} and a default
 * {@code credsStore}, in docker's order of precedence. Helper answers are cached for the life of
 * this object (one run), so a helper runs at most once per registry. A config without
 * {@code auths}, or no config at all, simply yields no credentials.
 */
public final class DockerConfigCredentials implements CredentialStore {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path configFile;
    private final String searchPath;
    private final Map<String, Optional<Credentials>> cache = new ConcurrentHashMap<>();
    private volatile JsonNode config;

    /**
     * @param configFile the config.json to read (it need not exist)
     * @param searchPath the PATH on which credential helpers are looked up; null for this process's
     */
    public DockerConfigCredentials(Path configFile, String searchPath) {
        this.configFile = configFile;
        this.searchPath = searchPath;
    }

    /** The config file docker would use with this environment ({@code DOCKER_CONFIG}, else {@code ~/.docker}). */
    public static DockerConfigCredentials fromEnvironment(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new DockerConfigCredentials(base.resolve("config.json"), env.get("PATH"));
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credentials> find(String registry) {
        return cache.computeIfAbsent(registry, this::lookUp);
    }

    private Optional<Credentials> lookUp(String registry) {
        JsonNode root = config();
        if (root == null) {
            return Optional.empty();
        }
        boolean hub = registry.equals("docker.io") || registry.equals("index.docker.io")
                || registry.equals("registry-1.docker.io");
        String serverKey = hub ? DOCKER_HUB_KEY : registry;
        JsonNode helpers = root.path("credHelpers");
        for (Iterator<String> it = helpers.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (sameRegistry(key, registry, hub)) {
                return runHelper(helpers.get(key).asText(), serverKey, registry);
            }
        }
        JsonNode auths = root.path("auths");
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (sameRegistry(key, registry, hub)) {
                Optional<Credentials> inline = fromAuthEntry(auths.get(key), registry);
                if (inline.isPresent()) {
                    return inline;
                }
            }
        }
        String store = root.path("credsStore").asText("");
        if (!store.isEmpty()) {
            return runHelper(store, serverKey, registry);
        }
        return Optional.empty();
    }

    private JsonNode config() {
        if (config == null) {
            synchronized (this) {
                if (config == null) {
                    config = readConfig();
                }
            }
        }
        return config.isMissingNode() ? null : config;
    }

    private JsonNode readConfig() {
        if (!Files.isRegularFile(configFile)) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            JsonNode node = Json.read(configFile);
            return node == null || !node.isObject() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Cannot read docker config '" + configFile + "': " + e.getMessage()
                    + " (fix the JSON or point DOCKER_CONFIG at another directory)");
        }
    }

    static boolean sameRegistry(String key, String registry, boolean hub) {
        String host = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (hub) {
            return host.equals("index.docker.io") || host.equals("docker.io") || host.equals("registry-1.docker.io");
        }
        return host.equalsIgnoreCase(registry);
    }

    private Optional<Credentials> fromAuthEntry(JsonNode entry, String registry) {
        if (entry == null || !entry.isObject()) {
            return Optional.empty();
        }
        String identityToken = entry.path("identitytoken").asText("");
        String auth = entry.path("auth").asText("");
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw MultiarchException.invalidInput("The 'auth' entry for " + registry + " in " + configFile
                        + " is not valid base64 (run 'docker login " + registry + "' again)");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw MultiarchException.invalidInput("The 'auth' entry for " + registry + " in " + configFile
                        + " is not 'user:password' (run 'docker login " + registry + "' again)");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        if (!identityToken.isEmpty()) {
            return Optional.of(new Credentials(username, null, Secret.of(identityToken)));
        }
        if (username.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Credentials.basic(username, Secret.of(password)));
    }

    private Optional<Credentials> runHelper(String helper, String serverKey, String registry) {
        String program = "docker-credential-" + helper;
        Process process;
        try {
            process = new ProcessBuilder(locate(program), "get").redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new MultiarchException(MultiarchException.Kind.REGISTRY, "The credential helper '" + program
                    + "' named in " + configFile + " for " + registry + " cannot be started: " + e.getMessage()
                    + " (install it on PATH or remove it from the config)", e);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverKey.getBytes(StandardCharsets.UTF_8));
            } catch (IOException earlyExit) {
                // the helper quit without reading its input; its exit code and output tell why
            }
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MultiarchException(MultiarchException.Kind.REGISTRY,
                        "The credential helper '" + program + "' did not answer within 30 s for " + registry);
            }
            String output = new String(out, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                String message = (output + " " + new String(err, StandardCharsets.UTF_8)).trim();
                if (message.toLowerCase().contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new MultiarchException(MultiarchException.Kind.REGISTRY, "The credential helper '" + program
                        + "' failed for " + registry + " (exit " + process.exitValue() + "): " + firstLine(message)
                        + " (check 'echo " + serverKey + " | " + program + " get')");
            }
            JsonNode answer = Json.read(output);
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            if (user.equals("<token>")) {
                return Optional.of(new Credentials(user, null, Secret.of(secret)));
            }
            return Optional.of(Credentials.basic(user, Secret.of(secret)));
        } catch (IOException e) {
            throw new MultiarchException(MultiarchException.Kind.REGISTRY, "The credential helper '" + program
                    + "' gave no usable answer for " + registry + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Interrupted while running " + program, e);
        }
    }

    private String locate(String program) {
        if (searchPath != null) {
            for (String dir : searchPath.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return program;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
