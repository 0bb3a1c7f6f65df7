package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import org.junit.jupiter.api.Test;

class PlatformResultTest {
    private static final Digest IMAGE = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest INDEX = Digest.parse("sha256:" + "2".repeat(64));

    private static PlatformResult result(String image, Digest digest) {
        return new PlatformResult(Platform.parse("linux/s390x"), "local", BuildMode.EMULATED, null, null,
                PlatformStatus.SUCCEEDED, 0, ImageRef.parse(image), digest, 0, null, null);
    }

    /** One reference, never {@code repo@index@image} (seen once for images pushed by digest in one invocation). */
    @Test
    void theReferenceNamesTheImageOnceWithItsDigest() {
        assertThat(result("reg:5000/app:1.0-s390x", IMAGE).reference()).isEqualTo("reg:5000/app:1.0-s390x@" + IMAGE);
        assertThat(result("reg:5000/app@" + IMAGE, IMAGE).reference()).isEqualTo("reg:5000/app@" + IMAGE);
        assertThat(result("reg:5000/app@" + INDEX, IMAGE).reference()).isEqualTo("reg:5000/app@" + IMAGE);
        assertThat(result("reg:5000/app:1.0-s390x", null).reference()).isEqualTo("reg:5000/app:1.0-s390x");
    }
}
