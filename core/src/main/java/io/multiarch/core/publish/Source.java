package io.multiarch.core.publish;

import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.util.Objects;

/**
 * One image that goes into a list.
 *
 * @param image where it is now (any repository, any registry)
 * @param platform the platform it is meant to be; null to take it from the image's config
 */
public record Source(ImageRef image, Platform platform) {
    public Source {
        Objects.requireNonNull(image, "image");
    }
}
