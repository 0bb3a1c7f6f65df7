package io.multiarch.core.publish;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to publish: a list made of {@code sources}, stored in {@code target}'s repository under
 * {@code target}'s tag and every tag in {@code extraTags}.
 */
public record PublishRequest(ImageRef target, List<String> extraTags, List<Source> sources, ListFormat format, boolean dryRun) {
    public PublishRequest {
        Objects.requireNonNull(target, "target");
        if (target.digest() != null) {
            throw MultiarchException.invalidInput("The target '" + target + "' has a digest; a list is published under a tag "
                    + "(e.g. " + target.name() + ":1.0)");
        }
        extraTags = extraTags == null ? List.of() : List.copyOf(extraTags);
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw MultiarchException.invalidInput("No source images: give --platforms with --template, --spec, or image references");
        }
        format = format == null ? ListFormat.AUTO : format;
        extraTags.forEach(target::withTag); // validates each tag
    }

    /** Every reference the list is pushed to, target first, duplicates removed. */
    public List<ImageRef> targets() {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        tags.add(target.tag());
        tags.addAll(extraTags);
        List<ImageRef> result = new ArrayList<>();
        tags.forEach(t -> result.add(target.withTag(t)));
        return result;
    }
}
