package io.multiarch.core.image;

import io.multiarch.core.MultiarchException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference parsed as docker parses it: {@code [registry[:port]/]path[:tag][@digest]}.
 * A first path component is a registry when it contains a dot or a colon or is {@code localhost};
 * otherwise the registry is Docker Hub ({@code docker.io}), where single-component names get the
 * {@code library/} namespace. Without tag and digest the tag is {@code latest}.
 *
 * @param registry the registry host as written by users ({@code docker.io} for Docker Hub)
 * @param repository the repository path inside the registry, e.g. {@code team/app}
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest, or null
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    /**
     * Parses a reference.
     *
     * @throws MultiarchException (invalid input) that names the reference and what is wrong with it
     */
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw MultiarchException.invalidInput("Empty image reference: expected e.g. registry.example.com/team/app:1.0");
        }
        String rest = text.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (MultiarchException e) {
                throw bad(text, "the part after '@' must be a digest like sha256:<64 hex digits>");
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw bad(text, "tag '" + tag + "' may hold only letters, digits, '_', '.', '-' (max 128, not starting with '.' or '-')");
            }
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                if (!HOST.matcher(first).matches()) {
                    throw bad(text, "registry '" + first + "' is not a valid host[:port]");
                }
                registry = first;
                path = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (path.isEmpty()) {
            throw bad(text, "the repository name is missing");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw bad(text, "repository '" + path + "' must be lowercase letters, digits and separators (. _ __ -) "
                        + "between '/'-separated parts");
            }
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (path.length() > 255) {
            throw bad(text, "the repository name is longer than 255 characters");
        }
        return new ImageRef(registry, path, tag, digest);
    }

    private static MultiarchException bad(String text, String why) {
        return MultiarchException.invalidInput("Invalid image reference '" + text + "': " + why);
    }

    /** The same repository with another tag and no digest. */
    public ImageRef withTag(String newTag) {
        if (newTag == null || !TAG.matcher(newTag).matches()) {
            throw MultiarchException.invalidInput("Invalid tag '" + newTag
                    + "': use letters, digits, '_', '.', '-' (max 128, not starting with '.' or '-')");
        }
        return new ImageRef(registry, repository, newTag, null);
    }

    /** The same repository pointing at a digest (no tag). */
    public ImageRef withDigest(Digest newDigest) {
        return new ImageRef(registry, repository, null, Objects.requireNonNull(newDigest, "digest"));
    }

    /** What to ask the registry for: the digest when there is one, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code registry/repository}, as docker prints a name without tag. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The host the registry API answers on ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name());
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }
}
