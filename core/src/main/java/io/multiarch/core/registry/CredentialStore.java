package io.multiarch.core.registry;

import java.util.Optional;

/** Where credentials for a registry host come from. */
@FunctionalInterface
public interface CredentialStore {
    /** Credentials for this registry (as users write it: {@code docker.io}, {@code host:5000}), if any. */
    Optional<Credentials> find(String registry);

    /** No credentials anywhere: every registry is accessed anonymously. */
    static CredentialStore anonymous() {
        return registry -> Optional.empty();
    }

    /** These credentials for exactly this registry (host[:port], case-insensitive), nothing for others. */
    static CredentialStore given(String registry, Credentials credentials) {
        return host -> host.equalsIgnoreCase(registry) ? Optional.of(credentials) : Optional.empty();
    }

    /** Asks this store first and {@code fallback} when this one has nothing. */
    default CredentialStore orElse(CredentialStore fallback) {
        return registry -> {
            Optional<Credentials> found = find(registry);
            return found.isPresent() ? found : fallback.find(registry);
        };
    }
}
