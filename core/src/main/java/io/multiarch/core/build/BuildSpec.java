package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build, the same for every platform: context, Dockerfile, build arguments, target stage,
 * labels, and the names of the proxy variables to pass through as build arguments.
 *
 * @param dockerfile the Dockerfile, or null for {@code context/Dockerfile}
 * @param proxyVariables names of proxy variables set in the environment; passed as
 *        {@code --build-arg NAME} (value taken from the environment, so it never shows in argv)
 */
public record BuildSpec(Path context, Path dockerfile, Map<String, String> buildArgs, String target,
        Map<String, String> labels, List<String> proxyVariables) {
    /** The proxy variables the classic tutorial passes by hand, in both spellings. */
    public static final List<String> PROXY_VARIABLES =
            List.of("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

    public BuildSpec {
        Objects.requireNonNull(context, "context");
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        proxyVariables = proxyVariables == null ? List.of() : List.copyOf(proxyVariables);
    }

    /** The proxy variables that are set (non-empty) in {@code env}. */
    public static List<String> proxyVariablesIn(Map<String, String> env) {
        return PROXY_VARIABLES.stream().filter(name -> env.get(name) != null && !env.get(name).isEmpty()).toList();
    }

    /** Checks that the context and Dockerfile exist, before anything runs. */
    public void validate() {
        if (!Files.isDirectory(context)) {
            throw MultiarchException.invalidInput("Build context '" + context + "' is not a directory (pass --context DIR)");
        }
        Path file = effectiveDockerfile();
        if (!Files.isRegularFile(file)) {
            throw MultiarchException.invalidInput("Dockerfile '" + file + "' does not exist (pass --file PATH)");
        }
    }

    public Path effectiveDockerfile() {
        if (dockerfile == null) {
            return context.resolve("Dockerfile");
        }
        return dockerfile; // like docker, a relative --file is relative to the working directory
    }

    /** Parses {@code KEY=VALUE}; the value may be empty or contain '='. */
    public static Map.Entry<String, String> parseKeyValue(String text, String option) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0) {
            throw MultiarchException.invalidInput("Invalid " + option + " '" + text + "': expected KEY=VALUE");
        }
        return Map.entry(text.substring(0, eq), text.substring(eq + 1));
    }
}
