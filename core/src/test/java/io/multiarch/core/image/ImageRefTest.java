package io.multiarch.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io, library/busybox, latest",
        "team/app:1.0, docker.io, team/app, 1.0",
        "docker.io/busybox:1, docker.io, library/busybox, 1",
        "index.docker.io/team/app, docker.io, team/app, latest",
        "localhost/app, localhost, app, latest",
        "localhost:5000/team/app:v2, localhost:5000, team/app, v2",
        "127.0.0.1:5000/a/b/c:x_y.z-1, 127.0.0.1:5000, a/b/c, x_y.z-1",
        "registry.example.com/deep/nested/path/app, registry.example.com, deep/nested/path/app, latest",
        "[::1]:5000/app:1, [::1]:5000, app, 1",
    })
    void parsesLikeDocker(String text, String registry, String repository, String tag) {
        ImageRef ref = ImageRef.parse(text);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isNull();
    }

    @Test
    void keepsDigestsAndPrefersThemAsReference() {
        ImageRef ref = ImageRef.parse("reg:5000/app:1.0@sha256:" + HEX);
        assertThat(ref.tag()).isEqualTo("1.0");
        assertThat(ref.digest()).hasToString("sha256:" + HEX);
        assertThat(ref.reference()).isEqualTo("sha256:" + HEX);
        assertThat(ref).hasToString("reg:5000/app:1.0@sha256:" + HEX);
        ImageRef byDigest = ImageRef.parse("app@sha256:" + HEX);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.apiHost()).isEqualTo("registry-1.docker.io");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Team/App:1 | must be lowercase",
        "reg:5000/app:-bad | tag '-bad'",
        "app@sha256:abc | digest",
        "reg:5000/ | repository name is missing",
        "app:1.0:2.0 | ",
    })
    void rejectsInvalidReferencesNamingThem(String text, String why) {
        assertThatThrownBy(() -> ImageRef.parse(text))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("Invalid image reference '" + text + "'")
                .hasMessageContaining(why == null ? "" : why);
    }

    @Test
    void withTagAndDigestKeepTheRepository() {
        ImageRef ref = ImageRef.parse("reg:5000/team/app:1.0");
        assertThat(ref.withTag("latest")).hasToString("reg:5000/team/app:latest");
        assertThat(ref.withDigest(Digest.parse("sha256:" + HEX))).hasToString("reg:5000/team/app@sha256:" + HEX);
        assertThatThrownBy(() -> ref.withTag("bad tag")).hasMessageContaining("Invalid tag 'bad tag'");
    }

    @Test
    void digestsHashExactBytes() {
        Digest d = Digest.sha256("abc".getBytes());
        assertThat(d).hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(d.matches("abc".getBytes())).isTrue();
        assertThat(d.matches("abd".getBytes())).isFalse();
        assertThatThrownBy(() -> Digest.parse("md5:abc")).hasMessageContaining("expected sha256:");
    }
}
