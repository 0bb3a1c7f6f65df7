package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.core.registry.DockerConfigCredentials;
import io.multiarch.testing.LabRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishTokenAuthIT extends AbstractPublishIT {
    @Override
    LabRegistry.Auth auth() {
        return LabRegistry.Auth.TOKEN;
    }

    @Test
    void oneTokenCoversTheWholeCrossRepositoryRun() {
        int before = registry.tokenIssuer().requestCount();
        publish("team/one-token:1.0", List.of("latest"), templateSources("1.0"), ListFormat.AUTO);
        assertThat(registry.tokenIssuer().requestCount() - before).isEqualTo(1);
        assertThat(registry.tokenIssuer().requestedScopes()).contains("repository:team/one-token:pull,push",
                "repository:team/app-s390x:pull");
    }

    @Test
    void aWrongPasswordIsRejectedByTheTokenServiceAndMovesNothing() {
        publish("team/locked:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO);
        var before = head("team/locked:1.0").orElseThrow().digest();
        RegistryClient wrong = RegistryClient.builder().credentials(credentials("not-the-password")).build();
        assertThatThrownBy(() -> new ManifestPublisher(wrong, progress::add).publish(new PublishRequest(
                ImageRef.parse(registry.host() + "/team/locked:1.0"), List.of(), templateSources("1.0"), ListFormat.AUTO, false)))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("token service of " + registry.host())
                .hasMessageContaining("rejected the credentials of user '" + registry.username() + "'")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.REGISTRY));
        assertThat(head("team/locked:1.0").orElseThrow().digest()).isEqualTo(before);
    }

    @TempDir
    Path configDir;

    /** A docker config whose entry for the registry holds only an identity (OAuth2 refresh) token. */
    private RegistryClient identityTokenClient(String identityToken) throws IOException {
        Path dir = Files.createTempDirectory(configDir, "cfg");
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + java.util.Base64.getEncoder().encodeToString("<token>:".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\",\"identitytoken\":\"" + identityToken + "\"}}}");
        return RegistryClient.builder().credentials(DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_CONFIG",
                dir.toString()))).build();
    }

    /**
     * What {@code docker login} stores for registries that hand out refresh tokens (Azure's {@code az acr
     * login}, for one): {@code identitytoken} instead of a password. The client trades it on the token
     * service's OAuth2 endpoint (POST, grant_type=refresh_token) and the real registry accepts the result.
     */
    @Test
    void anIdentityTokenIsExchangedThroughTheOAuth2EndpointForTheWholeRun() throws IOException {
        int before = registry.tokenIssuer().requestCount();
        PublishResult result;
        try (RegistryClient client = identityTokenClient(registry.tokenIssuer().refreshToken())) {
            result = new ManifestPublisher(client, progress::add).publish(new PublishRequest(
                    ImageRef.parse(registry.host() + "/team/oauth:1.0"), List.of(), templateSources("1.0"), ListFormat.AUTO, false));
        }
        assertThat(registry.tokenIssuer().requestCount() - before).as("one token for the whole run").isEqualTo(1);
        assertThat(registry.tokenIssuer().grantTypes()).last().isEqualTo("refresh_token");
        assertThat(registry.tokenIssuer().requestedScopes()).contains("repository:team/oauth:pull,push");
        assertThat(head("team/oauth:1.0").orElseThrow().digest()).isEqualTo(result.listDigest());
    }

    @Test
    void aRevokedIdentityTokenIsARegistryErrorThatSaysToLogInAgain() throws IOException {
        try (RegistryClient client = identityTokenClient("revoked-" + registry.tokenIssuer().refreshToken())) {
            assertThatThrownBy(() -> new ManifestPublisher(client, progress::add).publish(new PublishRequest(
                    ImageRef.parse(registry.host() + "/team/oauth-revoked:1.0"), List.of(), templateSources("1.0"),
                    ListFormat.AUTO, false)))
                    .isInstanceOf(MultiarchException.class)
                    .hasMessageContaining("token service of " + registry.host())
                    .hasMessageContaining("rejected the identity token stored for it")
                    .hasMessageContaining("run 'docker login " + registry.host() + "' again")
                    .hasMessageNotContaining(registry.tokenIssuer().refreshToken())
                    .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.REGISTRY));
        }
        assertThat(head("team/oauth-revoked:1.0")).isEmpty();
    }
}
