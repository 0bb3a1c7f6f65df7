package io.multiarch.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.publish.PublishResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code publish.json}: the list digest, its type, tags and every entry. */
public final class PublishReport {
    private PublishReport() {
    }

    public static ObjectNode toJson(PublishResult result, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("target", result.target().name());
        root.put("mediaType", result.mediaType());
        root.put("digest", result.listDigest().toString());
        root.put("dryRun", result.dryRun());
        ArrayNode tags = root.putArray("tags");
        result.tags().forEach(t -> tags.add(t.toString()));
        ArrayNode entries = root.putArray("manifests");
        for (PublishResult.Entry e : result.entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("platform", e.platform().toString());
            entry.put("source", e.source().toString());
            entry.put("mediaType", e.mediaType());
            entry.put("digest", e.digest().toString());
            entry.put("manifestSize", e.size());
            entry.put("imageSize", e.totalSize());
            entry.put("copied", e.copied());
        }
        return root;
    }

    /** Writes {@code DIR/publish.json}, creating the directory. */
    public static Path write(Path dir, PublishResult result) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path file = dir.resolve("publish.json");
        try {
            Files.createDirectories(dir);
            json.writeValue(file.toFile(), toJson(result, json));
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Cannot write the report to '" + file + "': " + e.getMessage()
                    + " (choose a writable --report directory)");
        }
        return file;
    }
}
