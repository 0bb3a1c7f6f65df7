package io.multiarch.core.publish;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.util.List;

/**
 * A published (or, in a dry run, planned) list.
 *
 * @param listBytes the exact bytes of the list
 * @param tags where the list was pushed (in a dry run: where it would be pushed)
 */
public record PublishResult(ImageRef target, String mediaType, Digest listDigest, byte[] listBytes, List<Entry> entries,
        List<ImageRef> tags, boolean dryRun) {
    public PublishResult {
        entries = List.copyOf(entries);
        tags = List.copyOf(tags);
    }

    /** One entry: which source became which platform, with the digest it keeps. */
    public record Entry(Platform platform, ImageRef source, String mediaType, Digest digest, long size, long totalSize,
            boolean copied) {
    }
}
