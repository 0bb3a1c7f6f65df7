package io.multiarch.core.manifest;

import io.multiarch.core.image.Digest;
import io.multiarch.core.platform.Platform;
import java.util.List;
import java.util.Objects;

/**
 * A content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param platform for entries of a list: their platform, else null
 * @param osVersion for entries of a list: {@code os.version} (Windows), else null
 * @param urls foreign-layer URLs; non-empty means the blob is not held by the registry
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, String osVersion, List<String> urls) {
    public Descriptor {
        Objects.requireNonNull(digest, "digest");
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, List.of());
    }

    public boolean isForeign() {
        return !urls.isEmpty();
    }
}
