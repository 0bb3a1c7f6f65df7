package io.multiarch.jenkins;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.BuildSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the loosely typed values a Pipeline script or a form gives ({@code tags: ['1.0', 'latest']} or
 * {@code tags: '1.0 latest'}, a map or {@code KEY=VALUE} lines) into plain Java values. No Jenkins types.
 */
final class Values {
    private Values() {
    }

    /** A trimmed string, or null when absent or blank. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** Like {@link #text}, with CRLF line ends (as browsers submit text areas) made LF. */
    static String lines(Object value) {
        String text = text(value);
        return text == null ? null : text.replace("\r\n", "\n");
    }

    /** A list from a list, or from a string separated by commas, spaces or new lines. Never null. */
    static ArrayList<String> list(Object value, String option) {
        ArrayList<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (value instanceof Collection<?>) {
            for (Object item : (Collection<?>) value) {
                String text = text(item);
                if (text != null) {
                    result.add(text);
                }
            }
            return result;
        }
        if (value instanceof Map<?, ?>) {
            throw MultiarchException.invalidInput("'" + option + "' must be a list or a string, not a map");
        }
        for (String part : value.toString().split("[,\\s]+")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result;
    }

    /**
     * A map from a map, from {@code KEY=VALUE} lines (or a list of such strings). Keys are trimmed;
     * values are kept as given (a build argument may end with a space).
     */
    static LinkedHashMap<String, String> map(Object value, String option) {
        LinkedHashMap<String, String> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (value instanceof Map<?, ?>) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                String key = text(e.getKey());
                if (key == null) {
                    throw MultiarchException.invalidInput("'" + option + "' has an empty key");
                }
                result.put(key, e.getValue() == null ? "" : e.getValue().toString());
            }
            return result;
        }
        List<String> lines = new ArrayList<>();
        if (value instanceof Collection<?>) {
            ((Collection<?>) value).forEach(i -> lines.add(i == null ? "" : i.toString()));
        } else {
            lines.addAll(List.of(value.toString().split("\\r?\\n")));
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Map.Entry<String, String> kv = BuildSpec.parseKeyValue(line.strip(), option);
            result.put(kv.getKey().trim(), kv.getValue());
        }
        return result;
    }

    /** A boolean from a boolean or its text; {@code fallback} when absent. */
    static boolean bool(Object value, boolean fallback, String option) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw MultiarchException.invalidInput("'" + option + "' must be true or false, not '" + value + "'");
    }

    /** A whole number from a number or its text; {@code fallback} when absent. */
    static int integer(Object value, int fallback, String option) {
        if (value == null || text(value) == null) {
            return fallback;
        }
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw MultiarchException.invalidInput("'" + option + "' must be a whole number, not '" + value + "'");
        }
    }

    /** Replaces every occurrence of the secret; a null or empty secret changes nothing. */
    static String mask(String line, String secret) {
        if (line == null || secret == null || secret.isEmpty()) {
            return line;
        }
        return line.replace(secret, "****");
    }
}
