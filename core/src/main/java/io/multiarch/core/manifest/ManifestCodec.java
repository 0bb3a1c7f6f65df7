package io.multiarch.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.multiarch.core.Json;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.Digest;
import io.multiarch.core.platform.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads manifests and image configs, and writes manifest lists. A list is written once, with
 * fixed field order and formatting, so the same entries always give the same bytes and digest
 * (a re-run of a publish is idempotent).
 */
public final class ManifestCodec {
    public ManifestCodec() {
    }

    /**
     * Parses manifest bytes. {@code headerType} is the Content-Type the registry sent; the body's own
     * {@code mediaType} wins when present.
     */
    public Manifest parse(byte[] bytes, String headerType, Digest digest, String what) {
        JsonNode root;
        try {
            root = Json.read(bytes);
        } catch (IOException e) {
            throw MultiarchException.failed("The manifest of " + what + " is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw MultiarchException.failed("The manifest of " + what + " is not a JSON object");
        }
        String mediaType = root.path("mediaType").asText("");
        if (mediaType.isEmpty()) {
            mediaType = headerType == null ? "" : headerType.split(";")[0].trim();
        }
        if (mediaType.isEmpty() || mediaType.equals("application/json")) {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (mediaType.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED) || root.path("schemaVersion").asInt() == 1) {
            throw MultiarchException.failed(what + " is a Docker schema 1 manifest, which cannot go into a list "
                    + "(push it again with a current docker or buildx)");
        }
        if (MediaTypes.isList(mediaType)) {
            List<Descriptor> entries = new ArrayList<>();
            for (JsonNode entry : root.path("manifests")) {
                entries.add(descriptor(entry, what));
            }
            return new Manifest(mediaType, digest, bytes, null, List.of(), entries);
        }
        if (MediaTypes.isImage(mediaType)) {
            Descriptor config = descriptor(root.path("config"), what);
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode layer : root.path("layers")) {
                layers.add(descriptor(layer, what));
            }
            return new Manifest(mediaType, digest, bytes, config, layers, List.of());
        }
        throw MultiarchException.failed(what + " has media type '" + mediaType + "', which is neither an image "
                + "manifest nor a manifest list");
    }

    private Descriptor descriptor(JsonNode node, String what) {
        if (!node.isObject() || !node.hasNonNull("digest")) {
            throw MultiarchException.failed("The manifest of " + what + " has a descriptor without digest");
        }
        Platform platform = null;
        String osVersion = null;
        JsonNode p = node.path("platform");
        if (p.isObject() && p.hasNonNull("architecture") && p.hasNonNull("os")) {
            platform = new Platform(p.get("os").asText(), p.get("architecture").asText(), p.path("variant").asText(null));
            osVersion = p.path("os.version").asText(null);
        }
        List<String> urls = new ArrayList<>();
        node.path("urls").forEach(u -> urls.add(u.asText()));
        return new Descriptor(node.path("mediaType").asText(null), Digest.parse(node.get("digest").asText()),
                node.path("size").asLong(), platform, osVersion, urls);
    }

    /** Reads the platform fields of an image config blob. */
    public ImageConfig parseConfig(byte[] bytes, String what) {
        try {
            JsonNode root = Json.read(bytes);
            String os = root.path("os").asText("");
            String arch = root.path("architecture").asText("");
            if (os.isEmpty() || arch.isEmpty()) {
                throw MultiarchException.failed("The config of " + what + " names no os or architecture, so its "
                        + "platform cannot be checked (rebuild it with docker buildx build --platform)");
            }
            List<String> features = new ArrayList<>();
            root.path("os.features").forEach(f -> features.add(f.asText()));
            return new ImageConfig(new Platform(os, arch, root.path("variant").asText(null)),
                    root.path("os.version").asText(null), features);
        } catch (IOException e) {
            throw MultiarchException.failed("The config of " + what + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Writes a manifest list (Docker) or index (OCI): {@code schemaVersion}, {@code mediaType},
     * {@code manifests[]} with {@code mediaType}, {@code size}, {@code digest} and {@code platform}
     * ({@code architecture}, {@code os}, {@code os.version}, {@code os.features}, {@code variant}),
     * indented by three spaces like docker's own lists.
     */
    public byte[] writeList(String mediaType, List<ListEntry> entries) {
        if (!MediaTypes.isList(mediaType)) {
            throw new IllegalArgumentException("not a list media type: " + mediaType);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            gen.setPrettyPrinter(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("   ", "\n"))
                    .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("   ", "\n"))
                    .withoutSpacesInObjectEntries());
            gen.writeStartObject();
            gen.writeNumberField("schemaVersion", 2);
            gen.writeStringField("mediaType", mediaType);
            gen.writeArrayFieldStart("manifests");
            for (ListEntry entry : entries) {
                gen.writeStartObject();
                gen.writeStringField("mediaType", entry.mediaType());
                gen.writeNumberField("size", entry.size());
                gen.writeStringField("digest", entry.digest().toString());
                gen.writeObjectFieldStart("platform");
                gen.writeStringField("architecture", entry.platform().architecture());
                gen.writeStringField("os", entry.platform().os());
                if (entry.osVersion() != null) {
                    gen.writeStringField("os.version", entry.osVersion());
                }
                if (!entry.osFeatures().isEmpty()) {
                    gen.writeArrayFieldStart("os.features");
                    for (String feature : entry.osFeatures()) {
                        gen.writeString(feature);
                    }
                    gen.writeEndArray();
                }
                if (entry.platform().variant() != null) {
                    gen.writeStringField("variant", entry.platform().variant());
                }
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /** One entry of a list to write. */
    public record ListEntry(String mediaType, Digest digest, long size, Platform platform, String osVersion,
            List<String> osFeatures) {
        public ListEntry {
            osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        }
    }
}
