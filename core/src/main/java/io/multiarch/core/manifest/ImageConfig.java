package io.multiarch.core.manifest;

import io.multiarch.core.platform.Platform;
import java.util.List;

/**
 * The platform fields of an image's config blob ({@code os}, {@code architecture}, {@code variant},
 * {@code os.version}, {@code os.features}): the truth about what an image runs on.
 */
public record ImageConfig(Platform platform, String osVersion, List<String> osFeatures) {
    public ImageConfig {
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }
}
