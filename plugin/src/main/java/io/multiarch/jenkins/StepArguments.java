package io.multiarch.jenkins;

import hudson.util.FormValidation;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the public steps' arguments: lists and maps from scripts into their string form fields, form checks. */
final class StepArguments {
    private StepArguments() {
    }

    /**
     * Turns script values into the strings the form fields hold: a list into {@code a,b}, a map into
     * {@code KEY=VALUE} lines. Used by {@code customInstantiate}, so {@code tags: ['1.0', 'latest']} and
     * {@code tags: '1.0,latest'} mean the same.
     */
    static Map<String, Object> flatten(Map<String, Object> arguments, List<String> listKeys, List<String> mapKeys) {
        Map<String, Object> result = new LinkedHashMap<>(arguments);
        for (String key : listKeys) {
            if (result.get(key) instanceof Collection<?>) {
                List<String> texts = new ArrayList<>();
                ((Collection<?>) result.get(key)).forEach(v -> texts.add(String.valueOf(v)));
                result.put(key, String.join(",", texts));
            }
        }
        for (String key : mapKeys) {
            Object value = result.get(key);
            if (value instanceof Map<?, ?>) {
                List<String> lines = new ArrayList<>();
                ((Map<?, ?>) value).forEach((k, v) -> lines.add(k + "=" + (v == null ? "" : v)));
                result.put(key, String.join("\n", lines));
            } else if (value instanceof Collection<?>) {
                List<String> lines = new ArrayList<>();
                ((Collection<?>) value).forEach(v -> lines.add(String.valueOf(v)));
                result.put(key, String.join("\n", lines));
            }
        }
        return result;
    }

    static FormValidation checkImage(String value) {
        if (Values.text(value) == null) {
            return FormValidation.error("Give an image, e.g. registry.example.com/team/app:1.0");
        }
        try {
            ImageRef.parse(value);
            return FormValidation.ok();
        } catch (MultiarchException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
