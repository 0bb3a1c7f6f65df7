package io.multiarch.testing;

/**
 * An image pushed by {@link TestImages#push(LabRegistry, java.nio.file.Path, String, String)}.
 *
 * @param reference {@code host/repo:tag} as pushed, e.g. {@code 127.0.0.1:41234/team/app-s390x:1.0}
 * @param digest the manifest digest reported by {@code docker push} ({@code sha256:<64 hex>}); equals the
 *        SHA-256 of the manifest bytes the registry serves
 * @param platform the platform of the image content, e.g. {@code linux/s390x} (not necessarily what the
 *        repository name suggests: tests push mislabelled images on purpose)
 */
public record PushedImage(String reference, String digest, String platform) {

    /** {@code host/repo} (reference without the tag). */
    public String repositoryReference() {
        int slash = reference.indexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? reference.substring(0, colon) : reference;
    }

    /** The repository path without host, e.g. {@code team/app-s390x}. */
    public String repository() {
        String repoRef = repositoryReference();
        return repoRef.substring(repoRef.indexOf('/') + 1);
    }

    /** The tag, e.g. {@code 1.0}. */
    public String tag() {
        int slash = reference.indexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? reference.substring(colon + 1) : "latest";
    }

    /** {@code host/repo@sha256:...}. */
    public String digestReference() {
        return repositoryReference() + "@" + digest;
    }
}
