package io.multiarch.jenkins;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import java.net.URI;
import java.util.Locale;

/**
 * The registry part of the docker-workflow shape {@code [url: 'https://registry.example.com', credentialsId: ...]}:
 * the host a URL names, and image names qualified with it (as docker-commons' {@code DockerRegistryEndpoint.imageName}
 * does). No Jenkins types.
 */
final class RegistryHosts {
    private RegistryHosts() {
    }

    /**
     * The registry host ({@code host} or {@code host:port}) of a registry URL such as
     * {@code https://registry.example.com:5000/}, {@code registry.example.com} or
     * {@code https://index.docker.io/v1/}; Docker Hub's spellings become {@code docker.io}.
     */
    static String host(String url) {
        String text = Values.text(url);
        if (text == null) {
            return null;
        }
        String withScheme = text.contains("://") ? text : "https://" + text;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw MultiarchException.invalidInput("Registry URL '" + url + "' is not a URL (e.g. https://registry.example.com)");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw MultiarchException.invalidInput("Registry URL '" + url + "' names no host (e.g. https://registry.example.com)");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io") || host.equals("docker.io")) {
            return ImageRef.DOCKER_HUB;
        }
        boolean defaultPort = uri.getPort() < 0
                || (uri.getPort() == 443 && "https".equals(uri.getScheme()))
                || (uri.getPort() == 80 && "http".equals(uri.getScheme()));
        return defaultPort ? host : host + ":" + uri.getPort();
    }

    /** Whether the image reference names its registry (docker's rule: a first component with '.' or ':', or localhost). */
    static boolean namesRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /**
     * The image with {@code host} in front when it names no registry of its own; fails when it names
     * another registry than {@code host}, because the credentials given for {@code host} would not apply.
     */
    static String qualify(String image, String host) {
        if (host == null) {
            return image;
        }
        if (!namesRegistry(image)) {
            return host.equals(ImageRef.DOCKER_HUB) ? image : host + "/" + image;
        }
        String registry = ImageRef.parse(image).registry();
        if (!registry.equalsIgnoreCase(host)) {
            throw MultiarchException.invalidInput("The image '" + image + "' is on registry " + registry
                    + " but the registry URL names " + host + "; name the image without a registry, or the same one");
        }
        return image;
    }
}
