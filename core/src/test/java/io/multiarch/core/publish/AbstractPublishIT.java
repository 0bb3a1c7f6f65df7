package io.multiarch.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.Secret;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.manifest.MediaTypes;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.registry.CredentialStore;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.DockerCli;
import io.multiarch.testing.ExecResult;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.PushedImage;
import io.multiarch.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Publishing against a real registry (distribution 2.8.2) with real per-arch images pushed by the
 * real docker engine; results checked the way a user would: skopeo, docker run --platform.
 * One subclass per authentication mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractPublishIT {
    static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64", "linux/s390x");

    LabRegistry registry;
    Path dockerConfig;
    final Map<String, PushedImage> sources = new java.util.LinkedHashMap<>();
    final List<String> progress = new CopyOnWriteArrayList<>();

    abstract LabRegistry.Auth auth();

    @BeforeAll
    void startRegistryAndPushSources() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(auth());
        dockerConfig = DockerCli.login(registry);
        for (String platform : PLATFORMS) {
            String arch = platform.substring("linux/".length());
            sources.put(platform, TestImages.push(registry, dockerConfig, platform, "team/app-" + arch + ":1.0"));
        }
    }

    @AfterAll
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    CredentialStore credentials(String password) {
        if (registry.auth() == LabRegistry.Auth.NONE) {
            return CredentialStore.anonymous();
        }
        Credentials creds = Credentials.basic(registry.username(), Secret.of(password));
        return host -> host.equals(registry.host()) ? Optional.of(creds) : Optional.empty();
    }

    RegistryClient client() {
        return RegistryClient.builder().credentials(credentials(registry.password())).build();
    }

    PublishResult publish(String target, List<String> extraTags, List<Source> list, ListFormat format) {
        return new ManifestPublisher(client(), progress::add)
                .publish(new PublishRequest(ImageRef.parse(registry.host() + "/" + target), extraTags, list, format, false));
    }

    List<Source> templateSources(String tag) {
        return SourceSpecs.fromTemplate(Platform.parseList(String.join(",", PLATFORMS)),
                registry.host() + "/team/app-ARCH:" + tag);
    }

    String skopeoRaw(String repoAndTag) {
        return ExecResult.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile",
                dockerConfig.resolve("config.json").toString(), "docker://" + registry.host() + "/" + repoAndTag), Map.of(), null, ExecResult.DEFAULT_TIMEOUT).assertOk().stdout();
    }

    @Test
    void publishesACrossRepositoryListKeepingEveryDigestWithoutUploadingLayers() {
        PublishResult result = publish("team/app:1.0", List.of("latest"), templateSources("1.0"), ListFormat.AUTO);

        assertThat(result.mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
        assertThat(result.entries()).extracting(e -> e.platform().toString()).containsExactlyElementsOf(PLATFORMS);
        for (PublishResult.Entry entry : result.entries()) {
            assertThat(entry.digest().toString()).as(entry.platform() + " keeps its digest")
                    .isEqualTo(sources.get(entry.platform().toString()).digest());
        }
        String raw = skopeoRaw("team/app:1.0");
        assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(result.listBytes());
        assertThat(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(result.listDigest());
        assertThat(skopeoRaw("team/app:latest")).isEqualTo(raw);
        for (String platform : PLATFORMS) {
            assertThat(raw).contains(sources.get(platform).digest());
        }
        assertThat(registry.countLogLines(LabRegistry.blobUploadCompleted("team/app")))
                .as("no layer or config re-uploaded: every blob mounted").isZero();
        assertThat(registry.countLogLines(LabRegistry.blobMounted("team/app"))).isGreaterThanOrEqualTo(PLATFORMS.size() * 2L);

        String image = registry.host() + "/team/app:1.0";
        Map<String, String> env = DockerCli.env(dockerConfig);
        DockerCli.run(env, "rmi", "-f", image);
        assertThat(DockerCli.runOk(env, "run", "--rm", "--platform", "linux/s390x", image, "uname", "-m").stdout().trim())
                .isEqualTo("s390x");
        DockerCli.run(env, "rmi", "-f", image);
        assertThat(DockerCli.runOk(env, "run", "--rm", "--platform", "linux/arm64", image, "uname", "-m").stdout().trim())
                .isEqualTo("aarch64");
        DockerCli.run(env, "rmi", "-f", image);
    }

    @Test
    void republishingTheSameSourcesGivesTheSameListDigest() {
        PublishResult first = publish("team/again:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO);
        PublishResult second = publish("team/again:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO);
        assertThat(second.listDigest()).isEqualTo(first.listDigest());
        assertThat(second.entries()).extracting(PublishResult.Entry::copied).containsOnly(false);
    }

    @Test
    void aMissingSourceFailsAndLeavesTheTargetTagAlone() {
        Digest before = publish("team/stable:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO).listDigest();
        List<Source> withMissing = new ArrayList<>(templateSources("1.0"));
        withMissing.add(new Source(ImageRef.parse(registry.host() + "/team/app-ppc64le:1.0"), Platform.parse("linux/ppc64le")));

        assertThatThrownBy(() -> publish("team/stable:1.0", List.of("latest"), withMissing, ListFormat.AUTO))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("team/app-ppc64le:1.0 does not exist")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.OPERATION_FAILED));
        assertThat(head("team/stable:1.0")).map(Descriptor::digest).contains(before);
        assertThat(head("team/stable:latest")).isEmpty();
    }

    @Test
    void aMislabelledSourceFailsAndLeavesTheTargetTagAlone() {
        Digest before = publish("team/guarded:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO).listDigest();
        // an amd64 image pushed under an s390x name: the classic silent wrong-architecture mistake
        TestImages.push(registry, dockerConfig, "linux/amd64", "team/liar-s390x:1.0");
        List<Source> list = List.of(
                new Source(ImageRef.parse(sources.get("linux/amd64").reference()), Platform.parse("linux/amd64")),
                new Source(ImageRef.parse(registry.host() + "/team/liar-s390x:1.0"), Platform.parse("linux/s390x")));

        assertThatThrownBy(() -> publish("team/guarded:1.0", List.of(), list, ListFormat.AUTO))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("team/liar-s390x:1.0 was given as linux/s390x but its image config says linux/amd64")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.OPERATION_FAILED));
        assertThat(head("team/guarded:1.0")).map(Descriptor::digest).contains(before);
    }

    @Test
    void forcedOciFormatGivesAnOciIndexOfTheSameImages() {
        PublishResult result = publish("team/oci:1.0", List.of(), templateSources("1.0"), ListFormat.OCI);
        assertThat(result.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        String raw = skopeoRaw("team/oci:1.0");
        assertThat(raw).contains("\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"");
        assertThat(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(result.listDigest());
        for (String platform : PLATFORMS) {
            assertThat(raw).contains(sources.get(platform).digest());
        }
    }

    @Test
    void theSecretNeverReachesProgressOrResults() {
        progress.clear();
        PublishResult result = publish("team/quiet:1.0", List.of(), templateSources("1.0"), ListFormat.AUTO);
        String everything = String.join("\n", progress) + result + new String(result.listBytes(), StandardCharsets.UTF_8);
        assertThat(progress).isNotEmpty();
        if (registry.password() != null) {
            assertThat(everything).doesNotContain(registry.password());
        }
    }

    Optional<Descriptor> head(String repoAndTag) {
        return client().headManifest(ImageRef.parse(registry.host() + "/" + repoAndTag));
    }
}
