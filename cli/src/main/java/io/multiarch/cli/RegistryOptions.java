package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.registry.CredentialStore;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.RegistryListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Registry access options shared by commands: credentials and insecure registries. */
final class RegistryOptions {
    @Option(names = "--insecure-registry", paramLabel = "HOST",
            description = "Registry reached over plain HTTP (or HTTPS without certificate checks). Repeatable. "
                    + "Loopback registries (localhost, 127.0.0.1) always are.")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = {"-u", "--username"}, paramLabel = "USER",
            description = "User name for the target registry; the password is read from standard input "
                    + "(--password-stdin). Without it, credentials come from $DOCKER_CONFIG/config.json "
                    + "(auths, credHelpers, credsStore) like docker's.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password for --username from standard input.")
    boolean passwordStdin;

    /**
     * The password given with {@code --username ... --password-stdin}, or null when neither was
     * given; one without the other is invalid input.
     */
    Secret password(CliContext context) {
        if (username == null && !passwordStdin) {
            return null;
        }
        if (username == null || !passwordStdin) {
            throw MultiarchException.invalidInput("--username and --password-stdin go together: "
                    + "echo \"$PASSWORD\" | multiarch ... --username USER --password-stdin");
        }
        try {
            String text = new String(context.in().readAllBytes(), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            if (text.isEmpty()) {
                throw MultiarchException.invalidInput("--password-stdin was given but standard input was empty "
                        + "(pipe the password in: echo \"$PASSWORD\" | multiarch ...)");
            }
            return Secret.of(text);
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Cannot read the password from standard input: " + e.getMessage());
        }
    }

    /** Docker's credential store, with the given user first for {@code registry} (read once from stdin). */
    CredentialStore credentials(CliContext context, String registry) {
        CredentialStore store = DockerConfigCredentials.fromEnvironment(context.env());
        Secret password = password(context);
        if (password == null) {
            return store;
        }
        Credentials given = Credentials.basic(username, password);
        return CredentialStore.given(registry, given).orElse(store);
    }

    RegistryClient client(CliContext context, String registry, RegistryListener listener) {
        return RegistryClient.builder().credentials(credentials(context, registry))
                .insecureRegistries(Set.copyOf(insecureRegistries)).listener(listener).build();
    }
}
