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
