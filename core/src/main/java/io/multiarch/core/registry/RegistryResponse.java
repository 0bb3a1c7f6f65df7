package io.multiarch.core.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A registry's answer: status, headers, and the body in memory (or in a file for blob downloads). */
record RegistryResponse(int status, HttpHeaders headers, byte[] body, Path file, URI uri) {

    boolean isSuccess() {
        return status / 100 == 2;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
