package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerCommandsTest {
    private final Map<String, String> args = new LinkedHashMap<>(Map.of("VERSION", "1.2"));
    private final BuildSpec spec = new BuildSpec(Path.of("/ctx"), Path.of("docker/Dockerfile.prod"), args, "runtime",
            Map.of("org.opencontainers.image.source", "https://example.com/app"), List.of("https_proxy", "no_proxy"));

    @Test
    void buildxPerPlatformPushesWithoutProvenanceAndKeepsProxyValuesOutOfArgv() {
        List<String> argv = DockerCommands.buildxBuild(spec, List.of(Platform.parse("linux/s390x")),
                List.of(ImageRef.parse("reg:5000/app:1.0-s390x")), DockerCommands.Output.PUSH, Path.of("/tmp/meta.json"), false);
        assertThat(argv).containsExactly("docker", "buildx", "build", "--progress", "plain", "--platform", "linux/s390x",
                "--tag", "reg:5000/app:1.0-s390x", "--file", "docker/Dockerfile.prod", "--target", "runtime",
                "--build-arg", "VERSION=1.2", "--build-arg", "https_proxy", "--build-arg", "no_proxy",
                "--label", "org.opencontainers.image.source=https://example.com/app",
                "--provenance=false", "--push", "--metadata-file", "/tmp/meta.json", "/ctx");
    }

    @Test
    void withoutPushTheImageIsLoadedAndAProbeKeepsNothing() {
        List<String> load = DockerCommands.buildxBuild(spec, List.of(Platform.parse("linux/s390x")),
                List.of(ImageRef.parse("reg:5000/app:1.0-s390x")), DockerCommands.Output.LOAD, null, false);
        assertThat(load).contains("--load").doesNotContain("--push", "--metadata-file");
        List<String> probe = DockerCommands.buildxBuild(spec, List.of(Platform.parse("linux/s390x")), List.of(),
                DockerCommands.Output.BUILD_ONLY, null, true);
        assertThat(probe).contains("--no-cache").doesNotContain("--load", "--push", "--tag");
    }

    @Test
    void oneInvocationPushesByDigestWithoutTags() {
        List<String> argv = DockerCommands.buildxBuildByDigest(spec, Platform.parseList("linux/amd64,linux/arm64"),
                ImageRef.parse("reg:5000/team/app:1.0"), Path.of("/tmp/m.json"));
        assertThat(argv).contains("--platform", "linux/amd64,linux/arm64")
                .contains("type=image,name=reg:5000/team/app,push-by-digest=true,name-canonical=true,push=true")
                .doesNotContain("--tag", "--push");
    }

    @Test
    void classicBuildAndPushWhereBuildxIsAbsent() {
        assertThat(DockerCommands.classicBuild(spec, Platform.parse("linux/arm/v7"), List.of(ImageRef.parse("r/a:1-arm-v7")), false))
                .startsWith("docker", "build", "--progress", "plain", "--platform", "linux/arm/v7", "--tag", "docker.io/r/a:1-arm-v7");
        assertThat(DockerCommands.push(ImageRef.parse("reg:5000/a:1"))).containsExactly("docker", "push", "reg:5000/a:1");
        assertThat(DockerCommands.login("reg:5000", "ci")).containsExactly("docker", "login", "reg:5000", "--username", "ci",
                "--password-stdin");
    }

    @Test
    void archImageTemplatesCoverDefaultAndTutorialLayouts() {
        ImageRef image = ImageRef.parse("reg:5000/team/app:1.0");
        assertThat(new ArchImageTemplate(null).apply(image, Platform.parse("linux/arm/v7")))
                .hasToString("reg:5000/team/app:1.0-arm-v7");
        assertThat(new ArchImageTemplate("{image}-{platform}:{tag}").apply(image, Platform.parse("linux/s390x")))
                .hasToString("reg:5000/team/app-s390x:1.0");
        assertThatThrownBy(() -> new ArchImageTemplate("{image}:{tag}")).hasMessageContaining("neither {arch} nor {platform}");
    }

    @Test
    void proxyVariablesAreFoundInBothSpellings() {
        assertThat(BuildSpec.proxyVariablesIn(Map.of("HTTP_PROXY", "http://u:p@proxy:3128", "no_proxy", "localhost", "x", "y")))
                .containsExactly("no_proxy", "HTTP_PROXY");
    }
}
