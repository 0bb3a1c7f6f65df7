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
import java.util.Optional;
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

    RegistryClient client(CliContext context, String registry, RegistryListener listener) {
        CredentialStore store = DockerConfigCredentials.fromEnvironment(context.env());
        if (username != null || passwordStdin) {
            if (username == null || !passwordStdin) {
                throw MultiarchException.invalidInput("--username and --password-stdin go together: "
                        + "echo \"$PASSWORD\" | multiarch ... --username USER --password-stdin");
            }
            Credentials given = Credentials.basic(username, readPassword(context));
            CredentialStore explicit = host -> host.equals(registry) ? Optional.of(given) : Optional.empty();
            store = explicit.orElse(store);
        }
        return RegistryClient.builder().credentials(store).insecureRegistries(Set.copyOf(insecureRegistries))
                .listener(listener).build();
    }

    private static Secret readPassword(CliContext context) {
        try {
            String text = new String(context.in().readAllBytes(), StandardCharsets.UTF_8);
            text = text.replaceAll("[\\r\\n]+$", "");
            if (text.isEmpty()) {
                throw MultiarchException.invalidInput("--password-stdin was given but standard input was empty "
                        + "(pipe the password in: echo \"$PASSWORD\" | multiarch ...)");
            }
            return Secret.of(text);
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Cannot read the password from standard input: " + e.getMessage());
        }
    }
}
