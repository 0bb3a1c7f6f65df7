package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.publish.PublishResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of a multi-architecture build: every platform's result and, when published, the list.
 *
 * @param image the image repository the list is published to (its tag is the first of {@code tags})
 * @param tags every tag the list was (or would have been) published under
 * @param publish the published list, or null when nothing was published
 * @param failure why the list was not published (or published without some platforms), or null
 * @param failureKind what kind of failure that was (a registry refusing the publish is
 *        {@link MultiarchException.Kind#REGISTRY}), or null
 */
public record BuildOutcome(ImageRef image, List<String> tags, List<PlatformResult> platforms, PublishResult publish,
        Instant start, Instant end, String failure, MultiarchException.Kind failureKind) {
    public BuildOutcome {
        tags = List.copyOf(tags);
        platforms = List.copyOf(platforms);
    }

    /** An outcome whose failure, if any, is a failed operation (a platform's build). */
    public BuildOutcome(ImageRef image, List<String> tags, List<PlatformResult> platforms, PublishResult publish,
            Instant start, Instant end, String failure) {
        this(image, tags, platforms, publish, start, end, failure,
                failure == null ? null : MultiarchException.Kind.OPERATION_FAILED);
    }

    /** Whether anything failed: a platform, or the publish. */
    public boolean failed() {
        return failure != null;
    }

    public boolean published() {
        return publish != null && !publish.dryRun();
    }

    public Digest listDigest() {
        return publish == null ? null : publish.listDigest();
    }

    public boolean allSucceeded() {
        return platforms.stream().allMatch(PlatformResult::succeeded);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
