package io.multiarch.core.build;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one platform.
 *
 * @param agent the name of the agent (engine) that built it
 * @param image the per-architecture image reference it was pushed as
 * @param digest its manifest digest, when the push succeeded
 * @param size the image's total size (manifest, config, layers) in bytes; 0 when unknown
 * @param exitCode the build command's exit code (0 on success, -1 when it never ran)
 * @param log the platform's own log file, or null
 * @param error a one-line reason when it did not succeed, else null
 */
public record PlatformResult(Platform platform, String agent, BuildMode mode, Instant start, Instant end,
        PlatformStatus status, int exitCode, ImageRef image, Digest digest, long size, Path log, String error) {
    public PlatformResult {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(status, "status");
    }

    public Duration duration() {
        return start == null || end == null ? Duration.ZERO : Duration.between(start, end);
    }

    public boolean succeeded() {
        return status == PlatformStatus.SUCCEEDED;
    }

    /**
     * The image as one reference naming exactly what was built: {@code repo:tag@digest} for a per-arch tag
     * with a known digest, {@code repo@digest} for an image pushed by digest only, else the image as named.
     */
    public String reference() {
        if (digest == null || digest.equals(image.digest())) {
            return image.toString();
        }
        return image.digest() != null ? image.withDigest(digest).toString() : image + "@" + digest;
    }
}
