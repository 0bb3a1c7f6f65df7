package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecsTest {
    @TempDir
    Path dir;

    @Test
    void templateFillsOsArchAndVariant() {
        List<Source> sources = SourceSpecs.fromTemplate(Platform.parseList("linux/amd64,linux/arm/v7,linux/arm/v6"),
                "reg:5000/app:1.0-OS-ARCHVARIANT");
        assertThat(sources).extracting(s -> s.image().toString()).containsExactly(
                "reg:5000/app:1.0-linux-amd64", "reg:5000/app:1.0-linux-armv7", "reg:5000/app:1.0-linux-armv6");
        assertThat(sources.get(1).platform()).isEqualTo(Platform.parse("linux/arm/v7"));
    }

    @Test
    void templateWithoutPlaceholderOrWithCollisionsIsRejected() {
        assertThatThrownBy(() -> SourceSpecs.fromTemplate(Platform.parseList("amd64"), "reg/app:1.0"))
                .hasMessageContaining("no ARCH or OS placeholder");
        assertThatThrownBy(() -> SourceSpecs.fromTemplate(Platform.parseList("arm/v6,arm/v7"), "reg/app-ARCH:1.0"))
                .hasMessageContaining("more than one platform").hasMessageContaining("VARIANT");
    }

    @Test
    void readsManifestToolSpecs() throws IOException {
        Path spec = dir.resolve("manifest.yaml");
        Files.writeString(spec, """
                image: myprivreg:5000/someimage:1.0
                tags: ['latest', 'stable']
                manifests:
                  - image: myprivreg:5000/someimage:ppc64le
                    platform:
                      architecture: ppc64le
                      os: linux
                  - image: myprivreg:5000/someimage:armv7
                    platform:
                      architecture: arm
                      os: linux
                      variant: v7
                  - image: myprivreg:5000/someimage:any
                """);
        SourceSpecs.SpecFile parsed = SourceSpecs.fromYaml(spec);
        assertThat(parsed.image()).hasToString("myprivreg:5000/someimage:1.0");
        assertThat(parsed.tags()).containsExactly("latest", "stable");
        assertThat(parsed.sources()).extracting(Source::platform)
                .containsExactly(Platform.parse("linux/ppc64le"), Platform.parse("linux/arm/v7"), null);
    }

    @Test
    void badSpecsSayWhereTheyAreBad() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "image: reg/app:1\nmanifests:\n  - image: reg/app-x:1\n    platform: {architecture: sparc}\n");
        assertThatThrownBy(() -> SourceSpecs.fromYaml(spec)).hasMessageContaining("manifests[0].platform")
                .hasMessageContaining("sparc");
        Files.writeString(spec, "image: reg/app:1\n");
        assertThatThrownBy(() -> SourceSpecs.fromYaml(spec)).hasMessageContaining("no 'manifests' list");
        assertThatThrownBy(() -> SourceSpecs.fromYaml(dir.resolve("missing.yaml"))).hasMessageContaining("does not exist");
        Files.writeString(spec, "image: [unclosed\n");
        assertThatThrownBy(() -> SourceSpecs.fromYaml(spec)).hasMessageContaining("not valid YAML");
    }
}
