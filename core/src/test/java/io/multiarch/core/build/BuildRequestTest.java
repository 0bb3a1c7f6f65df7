package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.publish.ListFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a build request refuses before anything runs. */
class BuildRequestTest {
    private static BuildRequest.Builder request(String platforms) {
        return BuildRequest.builder(ImageRef.parse("reg:5000/team/app:1.0"), Platform.parseList(platforms),
                new BuildSpec(Path.of("."), null, Map.of(), null, Map.of(), List.of()));
    }

    @Test
    void twoPlatformsWithTheSamePerArchNameAreRefused() {
        assertThatThrownBy(() -> request("linux/arm/v6,linux/arm/v7").archImages("{image}:{tag}-{arch}").build())
                .isInstanceOf(MultiarchException.class)
                .hasMessageContaining("reg:5000/team/app:1.0-arm is the same for linux/arm/v6 and linux/arm/v7")
                .hasMessageContaining("{variant} or {os}")
                .satisfies(e -> assertThat(((MultiarchException) e).kind()).isEqualTo(MultiarchException.Kind.INVALID_INPUT));
        assertThatThrownBy(() -> request("linux/amd64,windows/amd64").build())
                .hasMessageContaining("is the same for linux/amd64 and windows/amd64");
        assertThat(request("linux/arm/v6,linux/arm/v7").build().archImage(Platform.parse("linux/arm/v6")))
                .hasToString("reg:5000/team/app:1.0-arm-v6");
    }

    @Test
    void withoutPushTheListOptionsAreRefusedNotIgnored() {
        assertThatThrownBy(() -> request("linux/s390x").push(false).extraTags(List.of("latest")).build())
                .hasMessageContaining("Extra tags [latest] name the list");
        assertThatThrownBy(() -> request("linux/s390x").push(false).allowPartial(true).build())
                .hasMessageContaining("--allow-partial");
        assertThatThrownBy(() -> request("linux/s390x").push(false).format(ListFormat.OCI).build())
                .hasMessageContaining("--format oci");
        BuildRequest local = request("linux/s390x").push(false).build();
        assertThat(local.push()).isFalse();
        assertThat(local.publish()).as("no push, no list").isFalse();
    }
}
