package io.multiarch.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The three ways to name a list's sources: a template, a manifest-tool YAML spec, or references. */
public final class SourceSpecs {
    private SourceSpecs() {
    }

    /**
     * manifest-tool's from-args: each platform fills the {@code OS}, {@code ARCH} and {@code VARIANT}
     * placeholders of the template, e.g. {@code reg/app-ARCH:1.0} or {@code reg/app:1.0-ARCHVARIANT}.
     */
    public static List<Source> fromTemplate(List<Platform> platforms, String template) {
        if (template == null || !(template.contains("ARCH") || template.contains("OS"))) {
            throw MultiarchException.invalidInput("Template '" + template + "' has no ARCH or OS placeholder, so every "
                    + "platform would name the same image (e.g. use reg/app-ARCH:1.0 or reg/app:1.0-OS-ARCHVARIANT)");
        }
        List<Source> sources = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Platform platform : platforms) {
            String name = template.replace("VARIANT", platform.variant() == null ? "" : platform.variant())
                    .replace("ARCH", platform.architecture())
                    .replace("OS", platform.os());
            if (!names.add(name)) {
                throw MultiarchException.invalidInput("Template '" + template + "' gives '" + name + "' for more than one "
                        + "platform; add the VARIANT placeholder");
            }
            ImageRef ref;
            try {
                ref = ImageRef.parse(name);
            } catch (MultiarchException e) {
                throw MultiarchException.invalidInput("Template '" + template + "' gives an invalid reference for "
                        + platform + ": " + e.getMessage());
            }
            sources.add(new Source(ref, platform));
        }
        return List.copyOf(sources);
    }

    /** Plain references; each image's platform comes from its config. */
    public static List<Source> fromReferences(List<String> references) {
        return references.stream().map(r -> new Source(ImageRef.parse(r), null)).toList();
    }

    /** A manifest-tool spec: {@code image}, {@code tags}, {@code manifests[].image}, {@code manifests[].platform}. */
    public record SpecFile(ImageRef image, List<String> tags, List<Source> sources) {
    }

    public static SpecFile fromYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw MultiarchException.invalidInput("Spec file '" + file + "' does not exist");
        } catch (IOException e) {
            throw MultiarchException.invalidInput("Spec file '" + file + "' is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw MultiarchException.invalidInput("Spec file '" + file + "' must be a YAML mapping with image, tags and manifests");
        }
        ImageRef image = root.hasNonNull("image") ? parseIn(file, "image", root.get("image").asText()) : null;
        List<String> tags = new ArrayList<>();
        root.path("tags").forEach(t -> tags.add(t.asText()));
        JsonNode manifests = root.path("manifests");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw MultiarchException.invalidInput("Spec file '" + file + "' has no 'manifests' list "
                    + "(each entry needs image: and platform: {os:, architecture:})");
        }
        List<Source> sources = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : manifests) {
            String where = "manifests[" + index++ + "]";
            if (!entry.hasNonNull("image")) {
                throw MultiarchException.invalidInput("Spec file '" + file + "': " + where + " has no 'image'");
            }
            ImageRef ref = parseIn(file, where + ".image", entry.get("image").asText());
            JsonNode p = entry.path("platform");
            Platform platform = null;
            if (p.isObject()) {
                String arch = p.path("architecture").asText("");
                if (arch.isEmpty()) {
                    throw MultiarchException.invalidInput("Spec file '" + file + "': " + where + ".platform has no architecture");
                }
                String text = p.path("os").asText("linux") + "/" + arch
                        + (p.hasNonNull("variant") && !p.get("variant").asText().isBlank() ? "/" + p.get("variant").asText() : "");
                try {
                    platform = Platform.parse(text);
                } catch (MultiarchException e) {
                    throw MultiarchException.invalidInput("Spec file '" + file + "': " + where + ".platform: " + e.getMessage());
                }
            }
            sources.add(new Source(ref, platform));
        }
        return new SpecFile(image, List.copyOf(tags), List.copyOf(sources));
    }

    private static ImageRef parseIn(Path file, String field, String value) {
        try {
            return ImageRef.parse(value);
        } catch (MultiarchException e) {
            throw MultiarchException.invalidInput("Spec file '" + file + "': " + field + ": " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
