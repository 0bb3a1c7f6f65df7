package io.multiarch.core.build;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Docker engine a build can use: the local one (whatever {@code DOCKER_HOST} the environment
 * names) or a given endpoint (unix socket, tcp, ssh).
 *
 * @param name how reports and messages call it
 * @param dockerHost the endpoint, or null for the environment's default engine
 */
public record Agent(String name, String dockerHost) {
    public Agent {
        Objects.requireNonNull(name, "name");
    }

    public static Agent local() {
        return new Agent("local", null);
    }

    public static Agent of(String dockerHost) {
        return new Agent(dockerHost, dockerHost);
    }

    /** The environment that points docker at this engine. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        if (dockerHost != null) {
            env.put("DOCKER_HOST", dockerHost);
            env.put("DOCKER_CONTEXT", null);
        }
        return env;
    }

    @Override
    public String toString() {
        return name;
    }
}
