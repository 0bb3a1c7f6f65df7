package io.multiarch.core.manifest;

import io.multiarch.core.image.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A manifest exactly as the registry served it: the bytes (never re-serialized, so the digest
 * stays), their digest and media type, plus what was parsed from them.
 *
 * @param config for an image manifest: its config descriptor, else null
 * @param layers for an image manifest: its layers, else empty
 * @param entries for a list or index: its entries, else empty
 */
public record Manifest(String mediaType, Digest digest, byte[] bytes, Descriptor config, List<Descriptor> layers,
        List<Descriptor> entries) {
    public Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(bytes, "bytes");
        layers = layers == null ? List.of() : List.copyOf(layers);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public boolean isList() {
        return MediaTypes.isList(mediaType);
    }

    public boolean isImage() {
        return MediaTypes.isImage(mediaType);
    }

    /** The descriptor another manifest would use to point at this one. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** Total size: the manifest, its config and its layers (for an image), or the manifest alone. */
    public long totalSize() {
        long total = bytes.length;
        if (config != null) {
            total += config.size();
        }
        for (Descriptor layer : layers) {
            total += layer.size();
        }
        return total;
    }
}
