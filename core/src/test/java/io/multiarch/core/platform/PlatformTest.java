package io.multiarch.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest
    @CsvSource({
        "linux/amd64, linux/amd64",
        "amd64, linux/amd64",
        "x86_64, linux/amd64",
        "aarch64, linux/arm64",
        "linux/arm64/v8, linux/arm64",
        "armv7l, linux/arm/v7",
        "armhf, linux/arm/v7",
        "linux/arm, linux/arm/v7",
        "linux/arm/6, linux/arm/v6",
        "armel, linux/arm/v6",
        "ppc64el, linux/ppc64le",
        "LINUX/S390X, linux/s390x",
        "i386, linux/386",
        "windows/amd64, windows/amd64",
        "linux/amd64/v3, linux/amd64/v3",
    })
    void parsesAndNormalisesAliases(String text, String expected) {
        assertThat(Platform.parse(text)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({"linux/sparc", "linux/", "linux/amd64/v9", "linux/s390x/v2", "a/b/c/d", "linux//arm"})
    void rejectsJunkWithAHelpfulMessage(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("expected os/arch[/variant]")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.INVALID_INPUT));
    }

    @Test
    void parsesListsInOrderAndRejectsDuplicates() {
        assertThat(Platform.parseList("linux/s390x, amd64,aarch64"))
                .extracting(Platform::toString).containsExactly("linux/s390x", "linux/amd64", "linux/arm64");
        assertThatThrownBy(() -> Platform.parseList("amd64,x86_64")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Platform.parseList(" , ")).hasMessageContaining("Empty platform list");
    }

    @Test
    void matchesConfigsThatOmitOrAddVariants() {
        assertThat(Platform.parse("linux/arm64").isSatisfiedBy(new Platform("linux", "arm64", "v8"))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").isSatisfiedBy(new Platform("linux", "arm", null))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").isSatisfiedBy(new Platform("linux", "arm", "v6"))).isFalse();
        assertThat(Platform.parse("linux/s390x").isSatisfiedBy(Platform.of("linux", "amd64"))).isFalse();
    }
}
