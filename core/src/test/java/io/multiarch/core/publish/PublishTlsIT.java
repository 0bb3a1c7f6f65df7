package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.DockerCli;
import io.multiarch.testing.ExecResult;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.PushedImage;
import io.multiarch.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A registry on loopback that speaks HTTPS only, with a self-signed certificate, as docker accepts it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishTlsIT {
    LabRegistry registry;
    Path dockerConfig;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.startTls();
        dockerConfig = DockerCli.login(registry);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void publishesToAHttpsOnlyLoopbackRegistry() {
        PushedImage amd64 = TestImages.push(registry, dockerConfig, "linux/amd64", "tls/app-amd64:1.0");
        PushedImage s390x = TestImages.push(registry, dockerConfig, "linux/s390x", "tls/app-s390x:1.0");
        PublishResult result;
        try (RegistryClient client = RegistryClient.builder().build()) {
            result = new ManifestPublisher(client, line -> { }).publish(new PublishRequest(
                    ImageRef.parse(registry.host() + "/tls/app:1.0"), List.of(),
                    SourceSpecs.fromTemplate(Platform.parseList("linux/amd64,linux/s390x"), registry.host() + "/tls/app-ARCH:1.0"),
                    ListFormat.AUTO, false));
        }
        assertThat(result.mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
        String raw = ExecResult.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.host() + "/tls/app:1.0"), Map.of(), null, ExecResult.DEFAULT_TIMEOUT).assertOk().stdout();
        assertThat(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(result.listDigest());
        assertThat(raw).contains(amd64.digest()).contains(s390x.digest());
    }
}
