package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.image.Digest;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.testing.ExecResult;
import io.multiarch.testing.LabRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishNoAuthIT extends AbstractPublishIT {
    @Override
    LabRegistry.Auth auth() {
        return LabRegistry.Auth.NONE;
    }

    @Test
    void retriesThroughAnOverloadedFrontHonouringRetryAfter() {
        java.util.List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (io.multiarch.testing.FaultyProxy proxy = io.multiarch.testing.FaultyProxy.start(registry, 3, 503, "1")) {
            io.multiarch.core.registry.RegistryClient client = io.multiarch.core.registry.RegistryClient.builder()
                    .sleeper(d -> {
                        waits.add(d);
                        Thread.sleep(d.toMillis());
                    })
                    .listener(new io.multiarch.core.registry.RegistryListener() {
                        @Override
                        public void retrying(String host, String request, int status, int attempt) {
                            retries.add(status + " " + request);
                        }
                    }).build();
            List<Source> viaProxy = templateSources("1.0").stream().map(s -> new Source(
                    io.multiarch.core.image.ImageRef.parse(s.image().toString().replace(registry.host(), proxy.host())),
                    s.platform())).toList();
            PublishResult result = new ManifestPublisher(client, progress::add).publish(new PublishRequest(
                    io.multiarch.core.image.ImageRef.parse(proxy.host() + "/team/retried:1.0"), List.of(), viaProxy,
                    ListFormat.AUTO, false));
            assertThat(proxy.injected()).hasSize(3);
            assertThat(retries).hasSize(3).allMatch(r -> r.startsWith("503 "));
            assertThat(waits).containsOnly(java.time.Duration.ofSeconds(1));
            assertThat(skopeoRaw("team/retried:1.0").getBytes(StandardCharsets.UTF_8)).isEqualTo(result.listBytes());
        }
    }

    @Test
    void ociSourcesGiveAnOciIndexByDefault() {
        for (String platform : PLATFORMS) {
            String arch = platform.substring("linux/".length());
            ExecResult.run(List.of("skopeo", "copy", "--quiet", "--format", "oci", "--src-tls-verify=false",
                    "--dest-tls-verify=false", "docker://" + sources.get(platform).reference(),
                    "docker://" + registry.host() + "/team/oci-" + arch + ":1.0"), Map.of(), null, ExecResult.DEFAULT_TIMEOUT)
                    .assertOk();
        }
        PublishResult result = publish("team/oci-app:1.0", List.of(), templateSources("1.0").stream()
                .map(s -> new Source(io.multiarch.core.image.ImageRef.parse(s.image().toString().replace("/team/app-", "/team/oci-")),
                        s.platform())).toList(), ListFormat.AUTO);
        assertThat(result.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(result.entries()).extracting(PublishResult.Entry::mediaType).containsOnly(MediaTypes.OCI_MANIFEST);
        String raw = skopeoRaw("team/oci-app:1.0");
        assertThat(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(result.listDigest());
    }
}
