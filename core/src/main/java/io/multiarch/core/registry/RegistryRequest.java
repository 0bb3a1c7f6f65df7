package io.multiarch.core.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a registry: method, path (or an absolute URL a registry gave us, such as an upload
 * {@code Location}), headers, an optional repeatable body, and the token scope it needs.
 */
final class RegistryRequest {
    final String method;
    final String target;
    final Map<String, String> headers = new LinkedHashMap<>();
    final String scope;
    byte[] body;
    Path bodyFile;
    Path responseFile;
    Duration timeout = Duration.ofMinutes(2);

    private RegistryRequest(String method, String target, String scope) {
        this.method = Objects.requireNonNull(method);
        this.target = Objects.requireNonNull(target);
        this.scope = scope;
    }

    static RegistryRequest of(String method, String target, String scope) {
        return new RegistryRequest(method, target, scope);
    }

    RegistryRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RegistryRequest body(byte[] bytes, String contentType) {
        this.body = bytes;
        return header("Content-Type", contentType);
    }

    /** Streams the body from a file (a blob being uploaded); still repeatable for retries. */
    RegistryRequest bodyFile(Path file) {
        this.bodyFile = file;
        return header("Content-Type", "application/octet-stream");
    }

    /** Writes a successful (2xx) response body to this file instead of memory (a blob download). */
    RegistryRequest toFile(Path file) {
        this.responseFile = file;
        this.timeout = Duration.ofHours(1);
        return this;
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}
