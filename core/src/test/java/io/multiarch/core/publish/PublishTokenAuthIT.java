package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.LabRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
