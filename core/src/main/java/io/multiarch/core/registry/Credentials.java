package io.multiarch.core.registry;

import io.multiarch.core.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or an identity token, for registries that hand out OAuth refresh
 * tokens through {@code docker login}).
 */
public record Credentials(String username, Secret password, Secret identityToken) {
    public Credentials {
        Objects.requireNonNull(username, "username");
    }

    public static Credentials basic(String username, Secret password) {
        return new Credentials(username, Objects.requireNonNull(password, "password"), null);
    }

    /** The value of a Basic {@code Authorization} header. */
    String basicHeader() {
        String pair = username + ":" + (password == null ? "" : password.reveal());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
