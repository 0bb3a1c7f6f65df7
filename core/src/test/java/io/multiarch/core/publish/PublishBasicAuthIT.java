package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.LabRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishBasicAuthIT extends AbstractPublishIT {
    @Override
    LabRegistry.Auth auth() {
        return LabRegistry.Auth.BASIC;
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorAndMovesNothing() {
        publish("team/locked:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO);
        var before = head("team/locked:1.0").orElseThrow().digest();
        RegistryClient wrong = RegistryClient.builder().credentials(credentials("not-the-password")).build();
        assertThatThrownBy(() -> new ManifestPublisher(wrong, progress::add).publish(new PublishRequest(
                ImageRef.parse(registry.host() + "/team/locked:1.0"), List.of(), templateSources("1.0"), ListFormat.AUTO, false)))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining(registry.host())
                .hasMessageContaining("refused user '" + registry.username() + "'")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.REGISTRY));
        assertThat(head("team/locked:1.0").orElseThrow().digest()).isEqualTo(before);
    }

    @Test
    void noCredentialsAtAllSaysHowToLogIn() {
        RegistryClient anonymous = RegistryClient.builder().build();
        assertThatThrownBy(() -> anonymous.fetchManifest(ImageRef.parse(registry.host() + "/team/app-amd64:1.0")))
                .hasMessageContaining("requires a login").hasMessageContaining("docker login " + registry.host());
    }
}
