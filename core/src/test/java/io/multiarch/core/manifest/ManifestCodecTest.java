package io.multiarch.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.image.Digest;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    private final ManifestCodec codec = new ManifestCodec();

    private static Digest d(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }

    @Test
    void writesListsByteForByteLikeTheGoldenFile() throws IOException {
        byte[] list = codec.writeList(MediaTypes.DOCKER_LIST, List.of(
                new ManifestCodec.ListEntry(MediaTypes.DOCKER_MANIFEST, d('a'), 736, Platform.parse("linux/amd64"), null, null),
                new ManifestCodec.ListEntry(MediaTypes.DOCKER_MANIFEST, d('b'), 737, Platform.parse("linux/arm/v7"), null, null),
                new ManifestCodec.ListEntry(MediaTypes.DOCKER_MANIFEST, d('c'), 738, Platform.of("windows", "amd64"),
                        "10.0.17763.1", List.of("win32k"))));
        try (InputStream golden = getClass().getResourceAsStream("/golden/docker-list.json")) {
            assertThat(new String(list, StandardCharsets.UTF_8))
                    .isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8).stripTrailing());
        }
        // the same entries always give the same bytes, hence the same digest
        assertThat(Digest.sha256(list)).isEqualTo(Digest.sha256(codec.writeList(MediaTypes.DOCKER_LIST,
                codec.parse(list, null, Digest.sha256(list), "x").entries().stream()
                        .map(e -> new ManifestCodec.ListEntry(e.mediaType(), e.digest(), e.size(), e.platform(), e.osVersion(),
                                e.osVersion() == null ? null : List.of("win32k")))
                        .toList())));
    }

    @Test
    void parsesImagesAndListsKeepingTheExactBytes() {
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"c\","
                + "\"digest\":\"" + d('c') + "\",\"size\":10},\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + d('1')
                + "\",\"size\":100},{\"mediaType\":\"f\",\"digest\":\"" + d('2') + "\",\"size\":5,\"urls\":[\"https://x\"]}]}";
        byte[] bytes = image.getBytes(StandardCharsets.UTF_8);
        Manifest m = codec.parse(bytes, "application/json", Digest.sha256(bytes), "img");
        assertThat(m.isImage()).isTrue();
        assertThat(m.bytes()).isSameAs(bytes);
        assertThat(m.config().digest()).isEqualTo(d('c'));
        assertThat(m.layers()).hasSize(2);
        assertThat(m.layers().get(1).isForeign()).isTrue();
        assertThat(m.totalSize()).isEqualTo(bytes.length + 10 + 100 + 5);
    }

    @Test
    void readsPlatformFromConfigsAndRefusesConfigsWithoutOne() {
        ImageConfig config = codec.parseConfig("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}".getBytes(), "x");
        assertThat(config.platform()).isEqualTo(Platform.parse("linux/arm/v7"));
        assertThatThrownBy(() -> codec.parseConfig("{\"rootfs\":{}}".getBytes(), "reg/app:1"))
                .hasMessageContaining("reg/app:1").hasMessageContaining("no os or architecture");
    }

    @Test
    void refusesSchema1() {
        byte[] bytes = "{\"schemaVersion\":1,\"name\":\"x\"}".getBytes();
        assertThatThrownBy(() -> codec.parse(bytes, null, Digest.sha256(bytes), "reg/old:1"))
                .hasMessageContaining("schema 1");
    }
}
