package io.multiarch.core.platform;

import io.multiarch.core.MultiarchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A target platform {@code os/architecture[/variant]} in the normal form used by OCI image
 * configs and manifest lists ({@code linux/arm64}, {@code linux/arm/v7}).
 *
 * <p>{@link #parse(String)} accepts the usual aliases ({@code x86_64}, {@code aarch64},
 * {@code armv7l}, {@code armhf}, {@code ppc64el}, {@code i386} ...) with or without the
 * {@code linux/} prefix, and normalises them the way containerd's platform matcher does.
 */
public record Platform(String os, String architecture, String variant) implements Comparable<Platform> {

    private static final Map<String, String[]> ARCH_ALIASES = Map.ofEntries(
            Map.entry("x86_64", new String[] {"amd64", null}),
            Map.entry("x86-64", new String[] {"amd64", null}),
            Map.entry("amd64", new String[] {"amd64", null}),
            Map.entry("aarch64", new String[] {"arm64", null}),
            Map.entry("arm64", new String[] {"arm64", null}),
            Map.entry("armhf", new String[] {"arm", "v7"}),
            Map.entry("armv7", new String[] {"arm", "v7"}),
            Map.entry("armv7l", new String[] {"arm", "v7"}),
            Map.entry("armel", new String[] {"arm", "v6"}),
            Map.entry("armv6", new String[] {"arm", "v6"}),
            Map.entry("armv6l", new String[] {"arm", "v6"}),
            Map.entry("armv5", new String[] {"arm", "v5"}),
            Map.entry("arm", new String[] {"arm", null}),
            Map.entry("i386", new String[] {"386", null}),
            Map.entry("i686", new String[] {"386", null}),
            Map.entry("386", new String[] {"386", null}),
            Map.entry("ppc64el", new String[] {"ppc64le", null}),
            Map.entry("ppc64le", new String[] {"ppc64le", null}),
            Map.entry("s390x", new String[] {"s390x", null}),
            Map.entry("riscv64", new String[] {"riscv64", null}),
            Map.entry("mips64le", new String[] {"mips64le", null}),
            Map.entry("loong64", new String[] {"loong64", null}));

    private static final List<String> KNOWN_OS = List.of("linux", "windows", "darwin", "freebsd");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        if (os.isBlank() || architecture.isBlank()) {
            throw MultiarchException.invalidInput("A platform needs an os and an architecture, e.g. linux/amd64");
        }
        if (variant != null && variant.isBlank()) {
            variant = null;
        }
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null);
    }

    /**
     * Parses {@code os/arch[/variant]}, {@code arch[/variant]} or an alias such as {@code aarch64}.
     *
     * @throws MultiarchException (invalid input) naming the text and the expected form
     */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            throw MultiarchException.invalidInput("Empty platform: expected os/arch[/variant], e.g. linux/s390x");
        }
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
        String os = "linux";
        int archIndex = 0;
        if (parts.length > 1 && KNOWN_OS.contains(parts[0])) {
            os = parts[0];
            archIndex = 1;
        }
        int remaining = parts.length - archIndex;
        if (remaining < 1 || remaining > 2 || List.of(parts).stream().anyMatch(String::isEmpty)) {
            throw badPlatform(text);
        }
        String[] arch = ARCH_ALIASES.get(parts[archIndex]);
        if (arch == null) {
            throw badPlatform(text);
        }
        String variant = remaining == 2 ? parts[archIndex + 1] : arch[1];
        return normalise(os, arch[0], variant, text);
    }

    /** Parses a comma-separated list such as {@code linux/amd64,linux/s390x}; keeps order, rejects duplicates. */
    public static List<Platform> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw MultiarchException.invalidInput("Empty platform list: expected e.g. linux/amd64,linux/s390x");
        }
        List<Platform> result = new ArrayList<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            Platform platform = parse(item);
            if (result.contains(platform)) {
                throw MultiarchException.invalidInput("Platform '" + platform + "' is listed twice in '" + text + "'");
            }
            result.add(platform);
        }
        if (result.isEmpty()) {
            throw MultiarchException.invalidInput("Empty platform list '" + text + "': expected e.g. linux/amd64,linux/s390x");
        }
        return List.copyOf(result);
    }

    private static Platform normalise(String os, String arch, String variant, String original) {
        if ("arm64".equals(arch)) {
            if (variant != null && !variant.equals("v8") && !variant.equals("8")) {
                throw badPlatform(original);
            }
            variant = null; // arm64 is v8 unless said otherwise; lists normally omit it
        } else if ("arm".equals(arch)) {
            if (variant == null) {
                variant = "v7";
            }
            if (variant.matches("[5-8]")) {
                variant = "v" + variant;
            }
            if (!variant.matches("v[5-8]")) {
                throw badPlatform(original);
            }
        } else if ("amd64".equals(arch) && variant != null) {
            if (!variant.matches("v[1-4]")) {
                throw badPlatform(original);
            }
            if (variant.equals("v1")) {
                variant = null;
            }
        } else if (variant != null) {
            throw badPlatform(original);
        }
        return new Platform(os, arch, variant);
    }

    private static MultiarchException badPlatform(String text) {
        return MultiarchException.invalidInput("Invalid platform '" + text + "': expected os/arch[/variant] such as "
                + "linux/amd64, linux/arm64, linux/arm/v7, linux/s390x or linux/ppc64le "
                + "(aliases like x86_64, aarch64, armhf, ppc64el are accepted)");
    }

    /**
     * Whether an image whose config says {@code actual} satisfies this requested platform. A missing
     * variant on either side matches (image configs often omit it); otherwise all parts must be equal.
     */
    public boolean isSatisfiedBy(Platform actual) {
        if (!os.equals(actual.os) || !architecture.equals(actual.architecture)) {
            return false;
        }
        return variant == null || actual.variant == null || variant.equals(actual.variant);
    }

    /** The architecture plus variant without separators, e.g. {@code armv7}; handy for tag suffixes. */
    public String archVariant() {
        return variant == null ? architecture : architecture + variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    @Override
    public int compareTo(Platform other) {
        return toString().compareTo(other.toString());
    }
}
