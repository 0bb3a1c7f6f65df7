package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;

/**
 * Names each per-architecture image. Placeholders: {@code {image}} (registry/repository),
 * {@code {tag}}, {@code {os}}, {@code {arch}}, {@code {variant}} and {@code {platform}} (arch, plus
 * "-variant" when there is one: {@code arm-v7}). The default {@code {image}:{tag}-{platform}} gives
 * {@code reg/app:1.0-s390x}; the classic tutorial's layout is {@code {image}-{platform}:{tag}}
 * ({@code reg/app-s390x:1.0}).
 */
public record ArchImageTemplate(String template) {
    public static final String DEFAULT = "{image}:{tag}-{platform}";

    public ArchImageTemplate {
        if (template == null || template.isBlank()) {
            template = DEFAULT;
        }
        if (!template.contains("{arch}") && !template.contains("{platform}")) {
            throw MultiarchException.invalidInput("Per-arch image template '" + template + "' has neither {arch} nor "
                    + "{platform}, so all platforms would overwrite one image (e.g. " + DEFAULT + ")");
        }
    }

    /**
     * The per-arch name of every platform, refusing a template that gives two platforms one name (one image
     * would overwrite the other): e.g. {@code {arch}} for linux/arm/v6 and linux/arm/v7.
     */
    public java.util.Map<Platform, ImageRef> applyAll(ImageRef image, java.util.List<Platform> platforms) {
        java.util.Map<Platform, ImageRef> names = new java.util.LinkedHashMap<>();
        java.util.Map<ImageRef, Platform> owners = new java.util.HashMap<>();
        for (Platform p : platforms) {
            ImageRef name = apply(image, p);
            Platform other = owners.putIfAbsent(name, p);
            if (other != null && !other.equals(p)) {
                throw MultiarchException.invalidInput("The per-arch image name " + name + " is the same for " + other + " and "
                        + p + " (template '" + template + "'): one would overwrite the other; make the names differ with "
                        + "{variant} or {os} in the template (--arch-image), e.g. '{image}:{tag}-{os}-{platform}'");
            }
            names.put(p, name);
        }
        return names;
    }

    public ImageRef apply(ImageRef image, Platform platform) {
        String name = template.replace("{image}", image.name())
                .replace("{tag}", image.tag())
                .replace("{os}", platform.os())
                .replace("{arch}", platform.architecture())
                .replace("{variant}", platform.variant() == null ? "" : platform.variant())
                .replace("{platform}", platform.architecture() + (platform.variant() == null ? "" : "-" + platform.variant()));
        try {
            ImageRef ref = ImageRef.parse(name);
            if (ref.registry().equals(ImageRef.DOCKER_HUB) && !image.registry().equals(ImageRef.DOCKER_HUB)) {
                throw MultiarchException.invalidInput("Per-arch image template '" + template + "' gives '" + name
                        + "', which is not on " + image.registry() + "; start it with {image}");
            }
            return ref;
        } catch (MultiarchException e) {
            throw MultiarchException.invalidInput("Per-arch image template '" + template + "' gives an invalid reference for "
                    + platform + ": " + e.getMessage());
        }
    }
}
