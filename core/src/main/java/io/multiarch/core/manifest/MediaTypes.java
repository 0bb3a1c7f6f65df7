package io.multiarch.core.manifest;

import java.util.Set;

/** The manifest media types a registry can hold, and the Accept header that asks for all of them. */
public final class MediaTypes {
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /**
     * Every type we understand. Registry 2.8 converts to schema1 when no Accept is sent, returns a
     * platform's image instead of a list when only image types are accepted, and answers 404 for an
     * OCI index unless its type is accepted: so always send all four.
     */
    public static final String ACCEPT_ALL = String.join(", ", DOCKER_LIST, OCI_INDEX, DOCKER_MANIFEST, OCI_MANIFEST);

    private static final Set<String> LISTS = Set.of(DOCKER_LIST, OCI_INDEX);
    private static final Set<String> IMAGES = Set.of(DOCKER_MANIFEST, OCI_MANIFEST);

    private MediaTypes() {
    }

    public static boolean isList(String mediaType) {
        return LISTS.contains(mediaType);
    }

    public static boolean isImage(String mediaType) {
        return IMAGES.contains(mediaType);
    }

    /** A short human name: "Docker manifest list v2", "OCI index" ... */
    public static String describe(String mediaType) {
        return switch (mediaType) {
            case DOCKER_MANIFEST -> "Docker image manifest v2";
            case DOCKER_LIST -> "Docker manifest list v2";
            case OCI_MANIFEST -> "OCI image manifest";
            case OCI_INDEX -> "OCI image index";
            default -> mediaType;
        };
    }
}
