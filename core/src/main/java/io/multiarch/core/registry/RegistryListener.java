package io.multiarch.core.registry;

/** What the registry client tells its caller as it works; every method has a no-op default. */
public interface RegistryListener {
    RegistryListener NONE = new RegistryListener() { };

    /** A request failed with a retryable status (0 = connection failure) and will be tried again. */
    default void retrying(String registry, String request, int status, int attempt) { }

    /** A blob was mounted from another repository of the same registry (no bytes moved). */
    default void blobMounted(String registry, String targetRepository, String digest, String fromRepository) { }

    /** A blob's bytes were uploaded (a mount was not possible). */
    default void blobUploaded(String registry, String targetRepository, String digest, long size) { }

    /** A blob or manifest was already present in the target repository. */
    default void alreadyPresent(String registry, String targetRepository, String digest) { }
}
